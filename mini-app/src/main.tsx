import 'zmp-ui/zaui.css';
import './app.css';
import { createRoot } from 'react-dom/client';
import { PaknApp } from './app';
import { checkStoredSessionEarly } from './auth/session-context';
import { watchIconFont } from './components/icons';
import { prefetchFirstScreen } from './first-screen';
import { preparePreviewLocation } from './zalo';

preparePreviewLocation();
checkStoredSessionEarly();
prefetchFirstScreen();
watchIconFont();
createRoot(document.getElementById('app')!).render(<PaknApp />);
