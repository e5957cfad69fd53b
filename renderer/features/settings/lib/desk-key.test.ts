import { describe, expect, it } from 'vitest';
import { deskKeyView, shortFingerprint, trustCommand } from './desk-key';

const fp = `ed25519:${'0123456789abcdef'.repeat(4)}`;
const night = { id: 'desk-night-7f3a', name: 'Night Desk', keyFingerprint: fp };

describe('a desk audit key in Settings -> Desks', () => {
  it('shortens the fingerprint on screen, in the middle, while head and tail together are the whole fingerprint', () => {
    const view = deskKeyView({ ...night, keyTrust: 'pinned' });
    expect(view.short).toBe('ed25519:01234567…89abcdef');
    expect(view.head + view.tail).toBe(fp);
    expect(view.tail).toBe('89abcdef');
    expect(shortFingerprint('ed25519:abc')).toBe('ed25519:abc');
  });

  it('says a pinned key and this desk’s own key need nothing, in words', () => {
    expect(deskKeyView({ ...night, keyTrust: 'pinned' })).toMatchObject({ trust: 'Trusted (pinned)', tone: 'ok', todo: null, command: null });
    expect(deskKeyView({ ...night, keyTrust: 'this desk' })).toMatchObject({ trust: 'This desk’s own key', tone: 'ok', command: null });
  });

  it('for a key not yet trusted, says to check the fingerprint with that desk’s owner out of band, then gives the exact pin command', () => {
    const view = deskKeyView({ ...night, keyTrust: 'not yet trusted' });
    expect(view).toMatchObject({ trust: 'Not yet trusted', tone: 'warning' });
    expect(view.todo).toContain('Call the person who runs Night Desk (by phone or in person');
    expect(view.todo).toContain('Only if it matches');
    expect(view.command).toBe(`control-room desks trust desk-night-7f3a --fingerprint ${fp}`);
  });

  it('raises a key that differs from its pin as an alarm: not trusted, maybe an attack, what to do either way', () => {
    const view = deskKeyView({ ...night, keyTrust: 'key differs from pin' });
    expect(view).toMatchObject({ trust: 'Key differs from pin', tone: 'alarm' });
    expect(view.meaning).toContain('NOT trusted here');
    expect(view.meaning).toContain('someone who can write to the database put in their own key');
    expect(view.todo).toMatch(/^Do not trust it yet\./);
    expect(view.todo).toContain('If it does not match the fingerprint here, treat it as a security incident');
    expect(view.command).toBe(trustCommand(night.id, fp));
  });

  it('raises an unreadable pin file as an alarm that names the command saying why, and how to recover', () => {
    const view = deskKeyView({ ...night, keyTrust: 'pins unreadable' });
    expect(view).toMatchObject({ trust: 'Pin file unreadable', tone: 'alarm', command: 'control-room desks' });
    expect(view.todo).toContain('Restore the file from a backup');
    expect(view.todo).toContain('move it aside: this desk then pins the keys the database holds now, so check each desk’s fingerprint');
  });

  it('says why a desk has no key and what brings it, and that a single desk has nothing to compare', () => {
    const none = deskKeyView({ ...night, keyFingerprint: null, keyTrust: 'no key' });
    expect(none).toMatchObject({ fingerprint: null, short: '', trust: 'No audit key', tone: 'notice', command: null });
    expect(none.meaning).toBe('Night Desk could not read its OS keychain when it started, so its audit checkpoints are not signed (the log is still chained). It registers its key the next time it starts with the keychain available.');
    expect(deskKeyView({ ...night, keyTrust: null })).toMatchObject({ trust: 'Not compared', tone: 'notice', command: null });
  });
});
