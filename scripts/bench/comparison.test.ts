import { describe, expect, it } from 'vitest';
import { comparisonLines, humanDuration } from './comparison';
import { notMeasuredRow, samplesRow } from './report';

describe('comparison with July 2019', () => {
  it('uses only figures measured in this run', () => {
    const lines = comparisonLines([samplesRow('fanout.all', 'fan-out', 'ms', [140, 150, 160]), notMeasuredRow('detection.1000.dom', 'UI', 'ms', 'no UI')]);
    expect(lines.map((l) => l.in2019)).toEqual(['~30 min', '~2 h']);
    expect(lines[1]!.ours).toBe('approved -> live everywhere p50 150 ms');
    expect(lines[0]!.ours).toContain('alert in the core p50 not measured');
    expect(lines[0]!.ours).toContain('freeze call max not measured');
  });

  it('prefers the measured click on the screen for the freeze', () => {
    const lines = comparisonLines([samplesRow('freeze.all', 'call', 'ms', [1, 3]), samplesRow('freeze.ui', 'click', 'ms', [40, 90])]);
    expect(lines[0]!.ours).toContain('Freeze click -> FROZEN max 90 ms');
  });

  it('prints durations in the unit a person reads', () => {
    expect(humanDuration(512.4)).toBe('512 ms');
    expect(humanDuration(1500)).toBe('1.5 s');
    expect(humanDuration(30 * 60_000)).toBe('30.0 min');
  });
});
