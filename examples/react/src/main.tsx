import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'sse-kit'; // registers <sse-feed>, <sse-status> and <sse-source>
import { App } from './App';

// StrictMode mounts, unmounts and mounts every component again in development: the hooks must end with one
// holder each, and the server with one connection.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
