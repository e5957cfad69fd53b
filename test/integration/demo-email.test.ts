// The demo newsroom's email path end to end: bulletins submitted with nodemailer (auth enforced),
// delivered to their envelope recipients like a real relay, and read back from the canary mailbox with imapflow through
// readCanarySince / watchCanary, the same functions the Dovecot test runs against a real server.
// The hand-written IMAP server is also driven over a raw socket and fuzzed with garbage.
import fc from 'fast-check';
import { connect, type Socket } from 'node:net';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readCanarySince,
  startDemoEmailServer,
  watchCanary,
  type AcceptedBulletin,
  type CanaryReaderConfig,
  type DemoEmailServer,
} from '../../electron/demo/email';
import { CanaryMailbox } from '../../electron/demo/email/canary-mailbox';
import { ImapFramer } from '../../electron/demo/email/imap-framer';
import { ImapSession } from '../../electron/demo/email/imap-session';
import { ParseError, tokenize } from '../../electron/demo/email/imap-syntax';
import { composeRaw } from '../helpers/compose-bulletin';

let demo: DemoEmailServer;
let canary: CanaryReaderConfig;
const accepted: AcceptedBulletin[] = [];
/** Sends exact bytes, so the test can compare what the canary holds with what went out. */
async function submit(raw: Buffer, account: 'bureau' | 'compromised' = 'bureau'): Promise<void> {
  const transport = nodemailer.createTransport({
    host: demo.smtp.host,
    port: demo.smtp.port,
    secure: false,
    ignoreTLS: true,
    auth: { user: demo.credentials[account].username, pass: demo.credentials[account].password },
  });
  try {
    await transport.sendMail({ envelope: { from: 'press@met.example', to: [...demo.subscribers] }, raw });
  } finally {
    transport.close();
  }
}

/** A line-oriented raw IMAP client, for protocol details imapflow hides. */
class RawImap {
  text = '';
  closed = false;
  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.text += chunk.toString('latin1');
    });
    socket.on('close', () => {
      this.closed = true;
    });
    socket.on('error', () => undefined);
  }

  static async open(port: number): Promise<RawImap> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new RawImap(socket);
    await client.until(/^\* OK .*\r\n/m);
    client.text = '';
    return client;
  }

  async until(pattern: RegExp, timeoutMs = 3000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.text)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; got ${JSON.stringify(this.text.slice(-500))}`);
      if (this.closed) throw new Error(`connection closed waiting for ${pattern}; got ${JSON.stringify(this.text.slice(-500))}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return this.text;
  }

  async run(tag: string, command: string): Promise<string> {
    this.text = '';
    this.socket.write(`${tag} ${command}\r\n`);
    const out = await this.until(new RegExp(`^${tag} (OK|NO|BAD)[^\\r\\n]*\\r\\n`, 'm'));
    this.text = '';
    return out;
  }

  close(): void {
    this.socket.destroy();
  }
}

beforeAll(async () => {
  demo = await startDemoEmailServer({ uidValidity: 4242 });
  demo.onAccepted((bulletin) => accepted.push(bulletin));
  canary = {
    host: demo.imap.host,
    port: demo.imap.port,
    user: demo.credentials.canary.username,
    password: demo.credentials.canary.password,
    security: 'none',
  };
});

afterAll(async () => {
  await demo?.stop();
});

describe('demo SMTP submission', () => {
  it('refuses mail without authentication or with a wrong password', async () => {
    const anonymous = nodemailer.createTransport({ host: demo.smtp.host, port: demo.smtp.port, secure: false, ignoreTLS: true });
    await expect(anonymous.sendMail({ from: 'x@example.org', to: 'y@example.org', text: 'hi' })).rejects.toMatchObject({ responseCode: 530 });
    const wrong = nodemailer.createTransport({
      host: demo.smtp.host,
      port: demo.smtp.port,
      secure: false,
      ignoreTLS: true,
      auth: { user: demo.credentials.bureau.username, pass: `${demo.credentials.bureau.password}x` },
    });
    await expect(wrong.sendMail({ from: 'x@example.org', to: 'y@example.org', text: 'hi' })).rejects.toMatchObject({ code: 'EAUTH' });
    // Another account's user name with the bureau's password is no better.
    const crossed = nodemailer.createTransport({
      host: demo.smtp.host,
      port: demo.smtp.port,
      secure: false,
      ignoreTLS: true,
      auth: { user: demo.credentials.compromised.username, pass: demo.credentials.bureau.password },
    });
    await expect(crossed.sendMail({ from: 'x@example.org', to: 'y@example.org', text: 'hi' })).rejects.toMatchObject({ code: 'EAUTH' });
    anonymous.close();
    wrong.close();
    crossed.close();
    expect(demo.canaryMessages()).toHaveLength(0);
    expect(accepted).toHaveLength(0);
  });

  it('gives each instance its own random passwords', async () => {
    const other = await startDemoEmailServer();
    try {
      expect(other.credentials.bureau.password).not.toBe(demo.credentials.bureau.password);
      expect(other.credentials.canary.password).not.toBe(demo.credentials.canary.password);
      expect(other.credentials.bureau.password.length).toBeGreaterThanOrEqual(20);
    } finally {
      await other.stop();
    }
  });

  it('delivers an accepted bulletin to each envelope recipient and reports who sent it', async () => {
    const raw = await composeRaw('Appeal for witnesses: Ünïcode Street', 'Officers are appealing for witnesses.\r\n.leading dot line\r\n');
    await submit(raw);
    const last = accepted.at(-1);
    expect(last).toMatchObject({ subject: 'Appeal for witnesses: Ünïcode Street', submittedBy: 'bureau', canaryUid: 1, recipients: demo.subscribers.length });
    expect(last?.messageId).toMatch(/^<bulletin-\d+-\d+@met\.example>$/);
    expect(demo.subscribers).toContain('canary@newsroom.example');
    expect(demo.subscribers.length).toBeGreaterThanOrEqual(4);
    const delivered = demo.delivered();
    for (const subscriber of demo.subscribers) {
      const copies = delivered.get(subscriber) ?? [];
      expect(copies).toHaveLength(1);
      expect(copies[0]?.raw.equals(raw)).toBe(true);
    }

    await submit(await composeRaw('test', 'test'), 'compromised');
    expect(accepted.at(-1)).toMatchObject({ subject: 'test', submittedBy: 'compromised', canaryUid: 2 });
    for (const subscriber of demo.subscribers) expect(demo.delivered().get(subscriber)).toHaveLength(2);
    // The canary mailbox holds the exact bytes (dot-stuffing undone, 8-bit intact).
    expect(demo.canaryMessages()[0]?.raw.equals(raw)).toBe(true);
  });
});

describe('demo canary mailbox over IMAP (imapflow)', () => {
  it('refuses a wrong canary password', async () => {
    const client = new ImapFlow({ host: canary.host, port: canary.port, secure: false, doSTARTTLS: false, logger: false, auth: { user: canary.user, pass: 'nope' } });
    client.on('error', () => undefined);
    await expect(client.connect()).rejects.toMatchObject({ authenticationFailed: true });
    await expect(readCanarySince({ ...canary, password: 'wrong' }, 0)).rejects.toThrow();
  });

  it('refuses an unencrypted connection to anything but loopback', async () => {
    await expect(readCanarySince({ ...canary, host: 'mail.example.org' }, 0)).rejects.toThrow(/unencrypted/);
  });

  it('reads new messages by UID, byte for byte, and only those after the last seen UID', async () => {
    const first = await readCanarySince(canary, 0);
    expect(first.uidValidity).toBe('4242');
    expect(first.messages.map((m) => m.uid)).toEqual([1, 2]);
    expect(first.messages[0]?.source.equals(demo.canaryMessages()[0]?.raw ?? Buffer.alloc(0))).toBe(true);
    expect(first.messages[0]?.internalDate).toBeInstanceOf(Date);
    expect(Math.abs((first.messages[0]?.internalDate.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);

    // "3:*" still matches UID 2 on the wire (RFC 3501); the reader must not return it again.
    expect((await readCanarySince(canary, 2)).messages).toEqual([]);

    const raw = await composeRaw('Road closure update', 'The A1 is open again.');
    await submit(raw);
    const next = await readCanarySince(canary, 2);
    expect(next.messages.map((m) => m.uid)).toEqual([3]);
    expect(next.messages[0]?.source.equals(raw)).toBe(true);
    expect((await readCanarySince(canary, 1, { limit: 1 })).messages.map((m) => m.uid)).toEqual([2]);
  });

  it('answers SEARCH SINCE, ENVELOPE and header fetches the way imapflow expects', async () => {
    const client = new ImapFlow({ host: canary.host, port: canary.port, secure: false, doSTARTTLS: false, logger: false, auth: { user: canary.user, pass: canary.password } });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const mailbox = await client.mailboxOpen('INBOX', { readOnly: true });
      expect(mailbox.exists).toBe(3);
      expect(mailbox.uidNext).toBe(4);
      expect(String(mailbox.uidValidity)).toBe('4242');
      const today = new Date(new Date().toISOString().slice(0, 10));
      expect(await client.search({ since: today }, { uid: true })).toEqual([1, 2, 3]);
      expect(await client.search({ since: new Date(today.getTime() + 2 * 86_400_000) }, { uid: true })).toEqual([]);
      const status = await client.status('INBOX', { messages: true, uidNext: true, unseen: true });
      expect(status).toMatchObject({ messages: 3, uidNext: 4, unseen: 3 });
      const message = await client.fetchOne('3', { uid: true, envelope: true, size: true, flags: true, headers: ['subject'] }, { uid: true });
      expect(message && message.envelope?.subject).toBe('Road closure update');
      expect(message && message.envelope?.from?.[0]).toMatchObject({ name: 'Metropolitan Police Press Bureau', address: 'press@met.example' });
      expect(message && message.headers?.toString()).toBe('Subject: Road closure update\r\n\r\n');
      expect(message && message.flags?.size).toBe(0);
    } finally {
      await client.logout();
    }
    // Reading read-only never marked anything \Seen.
    expect(demo.canaryMessages().every((m) => m.flags.length === 0)).toBe(true);
  });

  it('tells an idling reader about new mail (IDLE)', async () => {
    const events: Array<{ count: number; prevCount: number }> = [];
    const watch = await watchCanary(canary, (event) => events.push(event));
    try {
      await submit(await composeRaw('Statement', 'A statement from the bureau.'));
      const deadline = Date.now() + 5000;
      while (!events.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(events).toEqual([{ count: 4, prevCount: 3 }]);
      expect((await readCanarySince(canary, 3)).messages.map((m) => m.uid)).toEqual([4]);
    } finally {
      await watch.close();
    }
  });
});

describe('demo canary IMAP protocol details (raw socket)', () => {
  it('enforces login, answers unknown commands with BAD and accepts a synchronising literal', async () => {
    const client = await RawImap.open(demo.imap.port);
    try {
      expect(await client.run('a1', 'SELECT INBOX')).toMatch(/^a1 BAD Log in first/m);
      expect(await client.run('a2', 'FROBNICATE now')).toMatch(/^a2 BAD /m);
      expect(await client.run('a3', 'LOGIN canary@newsroom.example wrong')).toMatch(/^a3 NO \[AUTHENTICATIONFAILED\]/m);
      client.text = '';
      client.socket.write(`a4 LOGIN {${Buffer.byteLength(canary.user)}}\r\n`);
      await client.until(/^\+ /m);
      client.socket.write(`${canary.user} "${canary.password}"\r\n`);
      await client.until(/^a4 OK /m);
      expect(await client.run('a5', 'LIST "" "*"')).toMatch(/^\* LIST \(\\HasNoChildren\) "\/" INBOX\r\na5 OK/m);
      expect(await client.run('a6', 'SELECT Trash')).toMatch(/^a6 NO \[NONEXISTENT\]/m);
      const selected = await client.run('a7', 'EXAMINE INBOX');
      expect(selected).toMatch(/^\* 4 EXISTS\r\n/m);
      expect(selected).toMatch(/UIDVALIDITY 4242/);
      expect(selected).toMatch(/^a7 OK \[READ-ONLY\]/m);
      expect(await client.run('a8', 'FETCH 9 FLAGS')).toMatch(/^a8 BAD /m);
      expect(await client.run('a9', 'UID FETCH 9:* (UID)')).toMatch(/^\* 4 FETCH \(UID 4\)\r\na9 OK/m);
      expect(await client.run('b1', 'UID SEARCH UID 2:3')).toMatch(/^\* SEARCH 2 3\r\n/m);
      expect(await client.run('b2', 'FETCH 1 BODYSTRUCTURE')).toMatch(/^b2 BAD /m);
      const partial = await client.run('b3', 'FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)]<0.9>)');
      expect(partial).toMatch(/^\* 1 FETCH \(BODY\[HEADER\.FIELDS \(SUBJECT\)\]<0> \{9\}\r\nSubject: \)\r\n/m);

      // IDLE: a message arriving while idling is announced at once, DONE ends it.
      client.text = '';
      client.socket.write('b4 IDLE\r\n');
      await client.until(/^\+ /m);
      await submit(await composeRaw('While idling', 'x'));
      await client.until(/^\* 5 EXISTS\r\n/m);
      client.socket.write('DONE\r\n');
      await client.until(/^b4 OK /m);
      expect(await client.run('b5', 'LOGOUT')).toMatch(/^\* BYE /m);
    } finally {
      client.close();
    }
  });

  it('drops a connection after repeated failed logins and on an oversized line', async () => {
    const guesser = await RawImap.open(demo.imap.port);
    for (const tag of ['g1', 'g2']) expect(await guesser.run(tag, 'LOGIN canary@newsroom.example guess')).toMatch(/ NO /);
    guesser.socket.write('g3 LOGIN canary@newsroom.example guess\r\n');
    await guesser.until(/^\* BYE Too many failed logins/m);
    const flooder = await RawImap.open(demo.imap.port);
    flooder.socket.write(`x ${'A'.repeat(70 * 1024)}`);
    await flooder.until(/^\* BYE Line too long/m);
    await new Promise((r) => setTimeout(r, 50));
    expect(flooder.closed).toBe(true);
    guesser.close();
    flooder.close();
  });
});

describe('demo canary IMAP server under garbage input', () => {
  const vocabulary = ['a1', '*', '+', 'UID', 'FETCH', 'SEARCH', 'LOGIN', 'SELECT', 'IDLE', 'DONE', 'LIST', 'STATUS', 'INBOX', '1:*', '0',
    '4294967296', '(', ')', '[', ']', '"', '\\', '{5}', '{99999999}', '{0+}', 'BODY[', 'BODY.PEEK[HEADER.FIELDS (', '<0.5>', 'NIL', ' ', '\r\n', '\n', '\0', 'ä'];
  const garbageLine = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.array(fc.constantFrom(...vocabulary), { maxLength: 30 }).map((parts) => parts.join(' ')),
    fc.array(fc.constantFrom(...vocabulary), { maxLength: 30 }).map((parts) => parts.join('')),
  );

  it('never throws anything but ParseError from the tokenizer, and the framer never throws', () => {
    fc.assert(
      fc.property(fc.array(garbageLine, { maxLength: 20 }), (lines) => {
        const framer = new ImapFramer();
        for (const event of framer.push(Buffer.from(lines.join('\r\n'), 'utf8'))) {
          if (event.type !== 'command') continue;
          try {
            tokenize(event.text, event.literals);
          } catch (err) {
            if (!(err instanceof ParseError)) throw err;
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('answers any command sequence without an internal error (session fuzz)', async () => {
    const mailbox = new CanaryMailbox({ uidValidity: 7 });
    mailbox.append(await composeRaw('One', 'first'), new Date());
    mailbox.append(Buffer.from('no header separator at all'), new Date());
    mailbox.append(Buffer.from('Subject: =?UTF-8?B?w5w=?=\r\nFrom: "A, B" <a@b>, Team: c@d;\r\n\r\nbody'), new Date());
    const set = fc.constantFrom('1', '2:*', '*', '1,3', '3:1', '9', '0', '1:', 'x');
    const item = fc.constantFrom('UID', 'FLAGS', 'ENVELOPE', 'BODY[]', 'BODY.PEEK[TEXT]<2.3>', 'BODY.PEEK[HEADER]', 'BODY[HEADER.FIELDS (FROM SUBJECT)]',
      'BODY.PEEK[HEADER.FIELDS.NOT ("To")]<0>', 'RFC822', 'RFC822.HEADER', 'RFC822.TEXT', 'RFC822.SIZE', 'INTERNALDATE', 'BODY[1]', 'BODYSTRUCTURE', 'ALL', 'FAST');
    const fetch = fc
      .tuple(fc.constantFrom('FETCH', 'UID FETCH'), set, fc.array(item, { minLength: 1, maxLength: 5 }), fc.boolean())
      .map(([verb, range, items, list]) => `t ${verb} ${range} ${list ? `(${items.join(' ')})` : items.join(' ')}`);
    const key = fc.constantFrom('ALL', 'SEEN', 'UNSEEN', 'UID 2:*', 'SINCE 1-Jan-2019', 'BEFORE 01-Feb-2100', 'ON 5-May-2020', 'NOT ALL', 'OR SEEN UNSEEN',
      '(UID 1 ALL)', '1:2', 'CHARSET UTF-8 ALL', 'FROM x', 'SINCE 32-Foo-2019');
    const search = fc
      .tuple(fc.constantFrom('SEARCH', 'UID SEARCH'), fc.array(key, { minLength: 1, maxLength: 4 }))
      .map(([verb, keys]) => `t ${verb} ${keys.join(' ')}`);
    const other = fc.constantFrom('t SELECT INBOX', 't EXAMINE INBOX', 't SELECT Junk', 't STATUS INBOX (MESSAGES UIDNEXT UNSEEN)', 't STATUS INBOX (X)',
      't LIST "" *', 't LSUB "" %', 't LIST "" ""', 't NAMESPACE', 't IDLE', 'DONE', 't NOOP', 't CLOSE', 't UNSELECT', 't ID NIL', 't CAPABILITY', 't LOGOUT');
    const commands = fc.oneof(
      { arbitrary: garbageLine, weight: 1 },
      { arbitrary: fetch, weight: 4 },
      { arbitrary: search, weight: 2 },
      { arbitrary: other, weight: 2 },
    );
    fc.assert(
      fc.property(fc.array(commands, { maxLength: 25 }), fc.boolean(), (lines, login) => {
        let output = '';
        const session = new ImapSession({
          mailbox,
          verifyLogin: () => login,
          send: (chunks) => {
            for (const c of chunks) output += typeof c === 'string' ? c : c.toString('latin1');
          },
          end: () => undefined,
        });
        const framer = new ImapFramer();
        session.greet();
        for (const event of framer.push(Buffer.from(`l LOGIN u p\r\ns SELECT INBOX\r\n${lines.join('\r\n')}\r\n`, 'latin1'))) session.handle(event);
        session.dispose();
        expect(output).not.toMatch(/Internal error/);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps answering well-formed responses and stays up', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(garbageLine, { minLength: 1, maxLength: 15 }), fc.boolean(), async (lines, loggedIn) => {
        const client = await RawImap.open(demo.imap.port);
        try {
          if (loggedIn) {
            await client.run('L', `LOGIN "${canary.user}" "${canary.password}"`);
            await client.run('S', 'SELECT INBOX');
          }
          client.socket.write(`${lines.join('\r\n')}\r\n`);
          // Let the server answer whatever it made of that.
          await new Promise((r) => setTimeout(r, 20));
          if (!loggedIn) {
            // Before login the server never sends literals, so every line must be a response.
            for (const line of client.text.split('\r\n').filter(Boolean)) expect(line).toMatch(/^(\* |\+ |\S+ (OK|NO|BAD) )/);
          }
        } finally {
          client.close();
        }
      }),
      { numRuns: 60 },
    );
    // And a normal reader still works afterwards.
    const after = await readCanarySince(canary, 0);
    expect(after.messages.length).toBe(demo.canaryMessages().length);
  });
});
