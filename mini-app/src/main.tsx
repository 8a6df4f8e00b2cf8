// The entry: small on purpose, so it runs as soon as it arrives. It starts the session check and the first screen
// (its code and its calls) while the app's code (React, zmp-ui, the screens: app-root.tsx) is still downloading.
import { startFirstScreen } from './first-screen';
import { isInZalo, loadZaloSdk, preparePreviewLocation } from './zalo';

preparePreviewLocation();

async function start(): Promise<void> {
  // Inside Zalo the session is in nativeStorage, which the SDK reads: load it before anything reads storage.
  if (isInZalo()) await loadZaloSdk().catch(() => {}); // without it storage falls back, and the app still opens
  startFirstScreen();
  const { renderApp } = await import('./app-root');
  renderApp();
}

start().catch(() => {
  // Only the app's own code failed to download: say so on the shell, with a way to try again.
  const status = document.querySelector('.boot-status');
  if (status) status.textContent = 'Không tải được ứng dụng. Vui lòng kiểm tra mạng rồi mở lại.';
});
