import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { createQueryClient, Providers } from './app/providers';
import { pickTransport } from './lib/transport';
import './app/theme.css';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <Providers transport={pickTransport()} queryClient={createQueryClient()}>
      <App />
    </Providers>
  </StrictMode>,
);
