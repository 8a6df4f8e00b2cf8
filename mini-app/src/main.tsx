import 'zmp-ui/zaui.css';
import './app.css';
import { createRoot } from 'react-dom/client';
import { PaknApp } from './app';
import { preparePreviewLocation } from './zalo';

preparePreviewLocation();
createRoot(document.getElementById('app')!).render(<PaknApp />);
