import { StatusFooter } from '../features/status/components/status-footer';

export function App() {
  return (
    <div className="app">
      <header className="control-bar" role="banner">
        <h1 className="control-bar__title">Control Room</h1>
        <div className="control-bar__state" data-testid="control-state">
          All clear
        </div>
      </header>
      <main className="columns" aria-label="Channels">
        <p className="columns__empty">No channels connected yet.</p>
      </main>
      <StatusFooter />
    </div>
  );
}
