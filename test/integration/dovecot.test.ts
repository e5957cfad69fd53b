// The canary reader against a REAL IMAP server (Dovecot, started by test/helpers/dovecot.ts): the
// same readCanarySince / watchCanary the demo test uses, with the same expectations, so the demo
// server can not drift into behaviour a real mail server would not show.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readCanarySince, watchCanary, type CanaryReaderConfig } from '../../electron/channels/email/read-canary';
import { startDovecot, type DovecotServer } from '../helpers/dovecot';
import { composeRaw } from '../helpers/compose-bulletin';
import { describeWithPeers } from '../helpers/peer-suite';

describeWithPeers(['dovecot'], 'canary reader against real Dovecot', () => {
  let dovecot: DovecotServer;
  let canary: CanaryReaderConfig;
  beforeAll(async () => {
    dovecot = await startDovecot();
    canary = { host: dovecot.host, port: dovecot.port, user: dovecot.user, password: dovecot.password, security: 'none' };
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  it('reads new messages by UID, byte for byte, and only those after the last seen UID', async () => {
    expect((await readCanarySince(canary, 0)).messages).toEqual([]);
    const first = await composeRaw('Appeal for witnesses: Ünïcode Street', 'Officers are appealing for witnesses.\r\n.leading dot line\r\n');
    const second = await composeRaw('test', 'test');
    dovecot.deliver(first);
    dovecot.deliver(second);

    const read = await readCanarySince(canary, 0);
    expect(read.uidValidity).toMatch(/^[1-9]\d*$/);
    expect(read.messages.map((m) => m.uid)).toEqual([1, 2]);
    expect(read.messages[0]?.source.equals(first)).toBe(true);
    expect(read.messages[1]?.source.equals(second)).toBe(true);
    expect(read.messages[0]?.internalDate).toBeInstanceOf(Date);
    expect(Math.abs((read.messages[0]?.internalDate.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);

    // "3:*" matches UID 2 on a real server too; the reader must not return it again.
    expect((await readCanarySince(canary, 2)).messages).toEqual([]);

    const third = await composeRaw('Road closure update', 'The A1 is open again.');
    dovecot.deliver(third);
    const next = await readCanarySince(canary, 2);
    expect(next.uidValidity).toBe(read.uidValidity);
    expect(next.messages.map((m) => m.uid)).toEqual([3]);
    expect(next.messages[0]?.source.equals(third)).toBe(true);
    expect((await readCanarySince(canary, 1, { limit: 1 })).messages.map((m) => m.uid)).toEqual([2]);
  });

  it('tells an idling reader about new mail (IDLE)', async () => {
    const events: Array<{ count: number; prevCount: number }> = [];
    const watch = await watchCanary(canary, (event) => events.push(event));
    try {
      dovecot.deliver(await composeRaw('Statement', 'A statement from the bureau.'));
      const deadline = Date.now() + 10_000;
      while (!events.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(events).toEqual([{ count: 4, prevCount: 3 }]);
      expect((await readCanarySince(canary, 3)).messages.map((m) => m.uid)).toEqual([4]);
    } finally {
      await watch.close();
    }
  });

  // Last: after a failed login Dovecot delays further logins from the same address (anvil's auth
  // penalty, ~2-4 s), which would slow every test after it.
  it('refuses a wrong password', async () => {
    await expect(readCanarySince({ ...canary, password: 'wrong' }, 0)).rejects.toThrow();
  });
});
