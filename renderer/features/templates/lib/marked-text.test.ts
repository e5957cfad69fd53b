import { describe, expect, it } from 'vitest';
import { markedParts } from './marked-text';

describe('markedParts', () => {
  it('marks each filled placeholder and keeps the approved words around it', () => {
    const parts = markedParts('Ignore posts since {time} on {date}.', [
      { name: 'time', value: '23:04' },
      { name: 'date', value: 'Friday 19 July 2019' },
    ]);
    expect(parts).toEqual([
      { text: 'Ignore posts since ', placeholder: null },
      { text: '23:04', placeholder: 'time' },
      { text: ' on ', placeholder: null },
      { text: 'Friday 19 July 2019', placeholder: 'date' },
      { text: '.', placeholder: null },
    ]);
  });

  it('leaves a placeholder without a value as written', () => {
    expect(markedParts('{time} and {other}', [{ name: 'time', value: '1' }]).map((p) => p.text).join('')).toBe('1 and {other}');
  });
});
