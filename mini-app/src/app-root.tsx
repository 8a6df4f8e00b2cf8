// The app itself: styles, React and every screen. main.tsx loads it after starting the first screen's calls;
// index.html preloads it (first-load-plugin.ts), so it downloads from the start either way.
import 'zmp-ui/zaui.css';
import './app.css';
import { createRoot } from 'react-dom/client';
import { PaknApp } from './app';
import { watchIconFont } from './components/icons';

export function renderApp(): void {
  watchIconFont();
  createRoot(document.getElementById('app')!).render(<PaknApp />);
}
