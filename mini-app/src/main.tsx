import 'zmp-ui/zaui.css';
import './app.css';
import { createRoot } from 'react-dom/client';
import { PaknApp } from './app';
import { watchIconFont } from './components/icons';
import { prefetchFirstScreen } from './first-screen';
import { preparePreviewLocation } from './zalo';

preparePreviewLocation();
prefetchFirstScreen();
watchIconFont();
createRoot(document.getElementById('app')!).render(<PaknApp />);
