import 'zmp-ui/zaui.css';
import './app.css';
import { createRoot } from 'react-dom/client';
import { PaknApp } from './app';
import { watchIconFont } from './components/icons';
import { preparePreviewLocation } from './zalo';

preparePreviewLocation();
watchIconFont();
createRoot(document.getElementById('app')!).render(<PaknApp />);
