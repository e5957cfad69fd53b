// The July 2019 anchors beside our measured figures. Only figures from this run are used; a
// missing one says so. The human parts (noticing, deciding, writing) are not measured and say so.
import { judgedFigure, type ComparisonLine, type Row, type Stat } from './report';

function figure(rows: readonly Row[], id: string, stat: Stat): number | null {
  const row = rows.find((r) => r.id === id);
  return row && row.notMeasured === null ? judgedFigure(row, stat) : null;
}

export function humanDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

const show = (label: string, ms: number | null): string => `${label} ${ms === null ? 'not measured' : humanDuration(ms)}`;

export function comparisonLines(rows: readonly Row[]): ComparisonLine[] {
  const detectUi = figure(rows, 'detection.1000.dom', 'p50');
  const detectCore = figure(rows, 'detection.1000.stored', 'p50');
  // The click on the screen when it was measured; the contract call otherwise.
  const freezeUi = figure(rows, 'freeze.ui', 'max');
  const freeze = freezeUi ?? figure(rows, 'freeze.all', 'max');
  const quarantine = figure(rows, 'quarantine.retracted', 'p50');
  const fanout = figure(rows, 'fanout.all', 'p50');
  return [
    {
      what: 'attacker posts live (exposure)',
      in2019: '~30 min',
      ours: [detectUi !== null ? show('alert on screen p50', detectUi) : show('alert in the core p50', detectCore), show(freezeUi !== null ? 'Freeze click -> FROZEN max' : 'freeze call max', freeze), show('each later post down p50', quarantine)].join('; '),
      note: 'the person between the alert and the Freeze click',
    },
    {
      what: 'statement on every channel',
      in2019: '~2 h',
      ours: show('approved -> live everywhere p50', fanout),
      note: 'writing and approving it (or filling a pre-approved template)',
    },
  ];
}
