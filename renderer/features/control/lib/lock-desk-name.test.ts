import { describe, expect, it } from 'vitest';
import { lockStepDeskName } from './lock-desk-name';

const registry = [
  { id: 'desk-a-0001', name: 'Desk A', self: false },
  { id: 'desk-b-0002', name: 'Desk B', self: true },
];
const holders = [{ deskId: 'desk-a-0001', deskName: 'Desk A', self: false }];

describe('the Lock runbook’s Desk column', () => {
  it('names the desk a step ran on from the registry, even one holding no credential for the channel, and marks this desk', () => {
    expect(lockStepDeskName('desk-b-0002', registry, holders)).toBe('Desk B (this desk)');
    expect(lockStepDeskName('desk-a-0001', registry, holders)).toBe('Desk A');
  });

  it('falls back to the credential holders while the registry is loading, then to the id’s start, saying why', () => {
    expect(lockStepDeskName('desk-a-0001', undefined, holders)).toBe('Desk A');
    expect(lockStepDeskName('9f8e7d6c5b4a', registry, holders)).toBe('desk 9f8e7d6c (no longer registered)');
    expect(lockStepDeskName(null, registry, holders)).toBe('—');
  });
});
