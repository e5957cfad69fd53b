// The window: whatever the session calls for (first run, sign-in, lock, the control room), with the
// connection warning above and the core's status line below, on every screen.
import { StatusFooter } from '../features/status/components/status-footer';
import { AuthGate } from './auth-gate';
import { ConnectionBanner } from './connection-banner';
import { DatabaseBanner } from './database-banner';

export function App() {
  return (
    <div className="app">
      <ConnectionBanner />
      <DatabaseBanner />
      <AuthGate />
      <StatusFooter />
    </div>
  );
}
