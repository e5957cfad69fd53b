// The status line at the foot of every screen: which core this window talks to, and where its data lives.
import { useStatus } from '../api/status';

/** The footer line: which core this screen is connected to, and where its data lives. */
export function StatusFooter() {
  const status = useStatus();
  if (status.isPending) return <footer className="status-footer" aria-live="polite">Connecting to the core…</footer>;
  if (status.isError) {
    return (
      <footer className="status-footer status-footer--error" role="alert" data-testid="status-error">
        {status.error.message}
      </footer>
    );
  }
  const s = status.data;
  return (
    <footer className="status-footer" data-testid="status">
      <span>
        Control Room <span data-testid="status-version">{s.version}</span>
      </span>
      <span>
        {s.mode === 'browser' ? 'browser mode' : s.mode}
        {s.runtime.electron ? ` · Electron ${s.runtime.electron}` : ''} · Node {s.runtime.node}
      </span>
      <span>
        data: <span data-testid="status-data-dir">{s.dataDir}</span>
      </span>
      <span>
        schema <span data-testid="status-schema">{s.schemaVersion}</span>
      </span>
    </footer>
  );
}
