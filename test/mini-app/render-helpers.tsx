// What the mini app's screen tests share: the providers a screen needs (zmp-ui's App and snackbar, a router) and the
// device storage of src/zalo.ts kept in a Map. Import it inside a vi.mock factory with `await import('./render-helpers')`.
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { App, SnackbarProvider, ZMPRouter } from 'zmp-ui';

/** react-router's v7 behaviour, switched on so that it does not warn. */
const FUTURE = { v7_startTransition: true, v7_relativeSplatPath: true };

/** Renders `node` in zmp-ui's App and SnackbarProvider, under ZMPRouter as a memory router (zmp-ui's useNavigate needs it). */
export function renderInApp(node: ReactNode) {
  return render(
    <App>
      <SnackbarProvider>
        <ZMPRouter memoryRouter>{node}</ZMPRouter>
      </SnackbarProvider>
    </App>,
  );
}

/** Renders `element` on the route `pattern`, opened at `path`, in zmp-ui's App and SnackbarProvider under react-router's MemoryRouter. */
export function renderRoute(path: string, pattern: string, element: ReactNode) {
  return render(
    <App>
      <SnackbarProvider>
        <MemoryRouter initialEntries={[path]} future={FUTURE}>
          <Routes>
            <Route path={pattern} element={element} />
          </Routes>
        </MemoryRouter>
      </SnackbarProvider>
    </App>,
  );
}

/** The `storage` of src/zalo.ts over a Map (`data`), which the test can read and clear. */
export function memoryStorage(data = new Map<string, string>()) {
  return {
    data,
    get: (k: string) => data.get(k) ?? null,
    set: (k: string, v: string) => void data.set(k, v),
    remove: (k: string) => void data.delete(k),
    getJson: <T,>(k: string): T | null => {
      const raw = data.get(k);
      return raw ? (JSON.parse(raw) as T) : null;
    },
    setJson: (k: string, v: unknown) => void data.set(k, JSON.stringify(v)),
  };
}
