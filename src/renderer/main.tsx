/** Renderer entry: pick the host client (Electron preload or `seam serve`) and mount the workbench. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App.js';
import { pickClient } from './transport.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('renderer: index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App client={pickClient()} />
  </StrictMode>,
);
