// Who is online, in the control bar (team mode only): "3 desks online", the names on hover or focus.
// A desk is online when it was seen within 30 s (the core decides, desks.list); the list is read
// again every 10 s, as often as each desk's heartbeat. Hidden on a single SQLite desk; while this
// desk cannot reach the database it says that instead of an old count.
import { useDatabaseHealth } from '../../../lib/api/database-health';
import { useDesks } from '../../../lib/api/desks';

function DeskCount() {
  const desks = useDesks().data;
  if (!desks) return null;
  // This desk first, then the others by name.
  const online = desks.filter((d) => d.online).sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
  const names = online.map((d) => (d.self ? `${d.name} (this desk)` : d.name)).join(', ');
  const count = `${online.length} ${online.length === 1 ? 'desk' : 'desks'} online`;
  return (
    <span className="online-desks" tabIndex={0} aria-label={`${count}: ${names}`} data-testid="online-desks">
      {count}
      <span className="online-desks__names" role="tooltip" data-testid="online-desks-names">
        {names}
      </span>
    </span>
  );
}

export function OnlineDesks() {
  const health = useDatabaseHealth().data;
  if (!health?.shared) return null;
  if (!health.reachable) {
    return (
      <span className="online-desks online-desks--cut-off" data-testid="online-desks">
        database unreachable
      </span>
    );
  }
  return <DeskCount />;
}
