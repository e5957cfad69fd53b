// Entry: the performance page (#/perf…, no core) or the app with its transport and query client.
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { createQueryClient, Providers } from './app/providers';
import { currentRoute } from './app/route';
import { pickTransport } from './lib/transport';
import './app/theme.css';
import './app/control-room.css';
import './app/columns.css';
import './app/crisis.css';

const PerfRoute = lazy(() => import('./app/perf/perf-route').then((m) => ({ default: m.PerfRoute })));

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    {currentRoute() === 'perf' ? (
      <Suspense fallback={<p>Loading the performance page…</p>}>
        <PerfRoute />
      </Suspense>
    ) : (
      <Providers transport={pickTransport()} queryClient={createQueryClient()}>
        <App />
      </Providers>
    )}
  </StrictMode>,
);
