// Says plainly that these channels are simulated, and offers the July 2019 replay: the attack
// played through a "compromised integration" straight to the demo servers, for the app to catch.
import { useId, useState } from 'react';
import { ErrorNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { useDemoStatus, useStartReplay } from '../api/demo';

/** Replay speeds: the scenario is about 29 minutes of attack. */
const speeds = [
  { value: 20, label: '20× (about 90 s)' },
  { value: 100, label: '100× (about 18 s)' },
  { value: 200, label: '200× (about 9 s)' },
  { value: 1, label: 'real time (29 min)' },
] as const;

export function DemoBanner() {
  const status = useDemoStatus();
  const replay = useStartReplay();
  const [speed, setSpeed] = useState<number>(20);
  const speedId = useId();
  const s = status.data;
  if (!s || !s.running) return null;
  const r = s.replay;
  const done = !r.running && r.total > 0 && r.posted > 0;

  return (
    <section className="demo-banner" aria-label="Demo newsroom" data-testid="demo-banner">
      <p className="demo-banner__title">
        <strong>DEMO NEWSROOM</strong> — simulated channels on this computer
      </p>
      <div className="demo-banner__replay">
        <label htmlFor={speedId}>Speed</label>
        <select id={speedId} value={speed} onChange={(e) => setSpeed(Number(e.target.value))} disabled={r.running} data-testid="demo-replay-speed">
          {speeds.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button--primary"
          onClick={() => replay.mutate(speed)}
          disabled={r.running || replay.isPending}
          data-testid="demo-replay"
        >
          {r.running ? 'Replaying…' : done ? 'Replay July 2019 incident again' : 'Replay July 2019 incident'}
        </button>
        {r.running || done ? (
          <span className="demo-banner__progress" data-testid="demo-progress">
            <progress max={r.total} value={r.posted} aria-label="Replay progress" />
            {r.posted} of {r.total} attacker posts{r.running ? ` at ${r.speed}×` : ', finished'}
          </span>
        ) : null}
      </div>
      <ErrorNotice>{replay.isError ? errorMessage(replay.error) : null}</ErrorNotice>
    </section>
  );
}
