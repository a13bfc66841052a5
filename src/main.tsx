import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import './app/app.css';
import './app/a11y.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Offline after first load: the service worker caches the app (production builds only, so the
// dev server's hot reload is never served stale). Registered once the page has loaded: its install
// downloads every chunk and worker, which must not compete with what the first screen needs.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const register = () => void navigator.serviceWorker.register('./sw.js').catch((e: unknown) => console.warn('Offline support unavailable', e));
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
