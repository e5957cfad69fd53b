// One IMAP4rev1 connection to the demo canary mailbox: the state machine (not authenticated ->
// authenticated -> selected -> logout) and the commands imapflow actually sends when a reader
// connects, opens INBOX, searches, fetches and idles (checked against imapflow 2.x's sources:
// CAPABILITY, ID, LOGIN, NAMESPACE, LIST "" INBOX, SELECT/EXAMINE, UID SEARCH, UID FETCH, IDLE/DONE,
// CLOSE/UNSELECT, LOGOUT). Anything else gets BAD; no client input can throw out of here.
//
// New mail is announced with "* n EXISTS": at once while the client idles, otherwise just before
// the next command runs, so sequence numbers in a response never refer to a message the client
// has not been told about.
import type { CanaryMailbox } from './canary-mailbox';
import type { FramerEvent } from './imap-framer';
import { fetchResponse, parseFetchItems } from './imap-fetch';
import { compileSearch, inSequenceSet, largestExplicit, parseSequenceSet } from './imap-sequence';
import { astring, imapString, ParseError, tokenize, type Chunk, type Token } from './imap-syntax';

export const imapCapabilities = 'IMAP4rev1 LITERAL+ ID IDLE NAMESPACE UNSELECT';

export interface ImapSessionOptions {
  readonly mailbox: CanaryMailbox;
  /** Constant-time check of a LOGIN; bytes as the client sent them. */
  readonly verifyLogin: (user: Buffer, password: Buffer) => boolean;
  readonly send: (chunks: readonly Chunk[]) => void;
  /** Close the connection once what was sent has been flushed. */
  readonly end: () => void;
  /** Failed LOGINs allowed before the connection is dropped. */
  readonly maxFailedLogins?: number;
}

type State = 'not-authenticated' | 'authenticated' | 'selected' | 'logout';
type Handler = (tag: string, args: readonly Token[]) => void;

// Tag: any ASTRING-CHAR except "+" (RFC 3501 section 9).
const tagPattern = /^[\x21\x23\x24\x26-\x27\x2c-\x5b\x5d-\x7a\x7c\x7e]{1,64}$/;
const commandPattern = /^([A-Za-z]{1,20})(?: |$)/;

export class ImapSession {
  private state: State = 'not-authenticated';
  private readOnly = false;
  private knownExists = 0;
  private idleTag: string | null = null;
  private failedLogins = 0;
  private readonly unsubscribe: () => void;
  private readonly handlers: Record<string, { readonly states: readonly State[]; readonly run: Handler }>;

  constructor(private readonly options: ImapSessionOptions) {
    this.unsubscribe = options.mailbox.onAppend(() => {
      if (this.idleTag !== null) this.flushExists();
    });
    const any: State[] = ['not-authenticated', 'authenticated', 'selected'];
    const authed: State[] = ['authenticated', 'selected'];
    const selected: State[] = ['selected'];
    this.handlers = {
      CAPABILITY: { states: any, run: (tag) => this.ok(tag, 'CAPABILITY completed', [`* CAPABILITY ${imapCapabilities}\r\n`]) },
      NOOP: { states: any, run: (tag) => this.ok(tag, 'NOOP completed') },
      LOGOUT: { states: any, run: (tag) => this.logout(tag) },
      ID: { states: any, run: (tag, args) => this.id(tag, args) },
      STARTTLS: { states: ['not-authenticated'], run: (tag) => this.reply(tag, 'BAD', 'STARTTLS is not offered: the demo server listens on loopback only') },
      AUTHENTICATE: { states: ['not-authenticated'], run: (tag) => this.reply(tag, 'NO', 'Unsupported authentication mechanism, use LOGIN') },
      LOGIN: { states: ['not-authenticated'], run: (tag, args) => this.login(tag, args) },
      NAMESPACE: { states: authed, run: (tag) => this.ok(tag, 'NAMESPACE completed', ['* NAMESPACE (("" "/")) NIL NIL\r\n']) },
      LIST: { states: authed, run: (tag, args) => this.list(tag, args, 'LIST') },
      LSUB: { states: authed, run: (tag, args) => this.list(tag, args, 'LSUB') },
      SELECT: { states: authed, run: (tag, args) => this.select(tag, args, false) },
      EXAMINE: { states: authed, run: (tag, args) => this.select(tag, args, true) },
      STATUS: { states: authed, run: (tag, args) => this.status(tag, args) },
      IDLE: { states: authed, run: (tag, args) => this.idle(tag, args) },
      CHECK: { states: selected, run: (tag) => this.ok(tag, 'CHECK completed') },
      CLOSE: { states: selected, run: (tag) => this.deselect(tag, 'CLOSE') },
      UNSELECT: { states: selected, run: (tag) => this.deselect(tag, 'UNSELECT') },
      SEARCH: { states: selected, run: (tag, args) => this.search(tag, args, false) },
      'UID SEARCH': { states: selected, run: (tag, args) => this.search(tag, args, true) },
      FETCH: { states: selected, run: (tag, args) => this.fetch(tag, args, false) },
      'UID FETCH': { states: selected, run: (tag, args) => this.fetch(tag, args, true) },
    };
  }

  greet(): void {
    this.options.send([`* OK [CAPABILITY ${imapCapabilities}] Control Room demo canary IMAP ready\r\n`]);
  }

  /** Server-initiated close (shutdown, idle timeout). */
  bye(reason: string): void {
    if (this.state === 'logout') return;
    this.state = 'logout';
    this.options.send([`* BYE ${reason}\r\n`]);
    this.options.end();
  }

  dispose(): void {
    this.state = 'logout';
    this.unsubscribe();
  }

  handle(event: FramerEvent): void {
    if (this.state === 'logout') return;
    if (event.type === 'continue') this.options.send(['+ Ready for literal data\r\n']);
    else if (event.type === 'fatal') this.bye(event.reason);
    else this.command(event.text, event.literals);
  }

  private command(text: string, literals: readonly Buffer[]): void {
    if (this.idleTag !== null) {
      // While idling the only thing a client may send is DONE (RFC 2177).
      const tag = this.idleTag;
      this.idleTag = null;
      if (text.trim().toUpperCase() === 'DONE' && !literals.length) this.ok(tag, 'IDLE terminated');
      else this.reply(tag, 'BAD', 'Expected DONE');
      return;
    }
    const space = text.indexOf(' ');
    const tag = space < 0 ? text : text.slice(0, space);
    if (!tagPattern.test(tag)) {
      this.options.send(['* BAD Invalid tag\r\n']);
      return;
    }
    let rest = space < 0 ? '' : text.slice(space + 1);
    const first = commandPattern.exec(rest);
    if (!first) return this.reply(tag, 'BAD', 'Missing or invalid command');
    let name = (first[1] ?? '').toUpperCase();
    rest = rest.slice(first[0].length);
    if (name === 'UID') {
      const sub = commandPattern.exec(rest);
      if (!sub) return this.reply(tag, 'BAD', 'Missing UID command');
      name = `UID ${(sub[1] ?? '').toUpperCase()}`;
      rest = rest.slice(sub[0].length);
    }
    const handler = this.handlers[name];
    if (!handler) return this.reply(tag, 'BAD', 'Unknown or unsupported command');
    if (!handler.states.includes(this.state)) {
      return this.reply(tag, 'BAD', this.state === 'not-authenticated' ? 'Log in first' : `${name} is not valid in this state`);
    }
    try {
      const args = tokenize(rest, literals);
      this.flushExists();
      handler.run(tag, args);
    } catch (err) {
      // ParseError carries a client-facing message; anything else is our bug, kept vague.
      this.reply(tag, 'BAD', err instanceof ParseError ? err.message : 'Internal error');
    }
  }

  private reply(tag: string, status: 'OK' | 'NO' | 'BAD', text: string, untagged: readonly Chunk[] = []): void {
    this.options.send([...untagged, `${tag} ${status} ${text}\r\n`]);
  }

  private ok(tag: string, text: string, untagged: readonly Chunk[] = []): void {
    this.reply(tag, 'OK', text, untagged);
  }

  private flushExists(): void {
    if (this.state !== 'selected') return;
    const exists = this.options.mailbox.exists;
    if (exists > this.knownExists) {
      this.knownExists = exists;
      this.options.send([`* ${exists} EXISTS\r\n`]);
    }
  }

  private logout(tag: string): void {
    this.state = 'logout';
    this.options.send(['* BYE Logging out\r\n', `${tag} OK LOGOUT completed\r\n`]);
    this.options.end();
  }

  private id(tag: string, args: readonly Token[]): void {
    const arg = args[0];
    const valid = args.length === 1 && arg !== undefined && (arg.kind === 'list' || (arg.kind === 'atom' && arg.value.toUpperCase() === 'NIL'));
    if (!valid) return this.reply(tag, 'BAD', 'ID expects a parameter list or NIL');
    this.ok(tag, 'ID completed', ['* ID ("name" "Control Room demo canary")\r\n']);
  }

  private login(tag: string, args: readonly Token[]): void {
    const user = astring(args[0]);
    const password = astring(args[1]);
    if (args.length !== 2 || !user || !password) return this.reply(tag, 'BAD', 'LOGIN expects a user name and a password');
    if (this.options.verifyLogin(user, password)) {
      this.state = 'authenticated';
      return this.ok(tag, `[CAPABILITY ${imapCapabilities}] Logged in`);
    }
    this.failedLogins += 1;
    this.reply(tag, 'NO', '[AUTHENTICATIONFAILED] Invalid credentials');
    // Slow down guessing: a few tries per connection, then the connection goes.
    if (this.failedLogins >= (this.options.maxFailedLogins ?? 3)) this.bye('Too many failed logins');
  }

  private mailboxName(token: Token | undefined): string | null {
    const bytes = astring(token);
    return bytes ? bytes.toString('latin1') : null;
  }

  private list(tag: string, args: readonly Token[], verb: 'LIST' | 'LSUB'): void {
    const reference = this.mailboxName(args[0]);
    const pattern = this.mailboxName(args[1]);
    if (args.length !== 2 || reference === null || pattern === null) return this.reply(tag, 'BAD', `${verb} expects a reference and a mailbox pattern`);
    if (pattern === '') {
      // The hierarchy delimiter query (RFC 3501 6.3.8).
      return this.ok(tag, `${verb} completed`, verb === 'LIST' ? ['* LIST (\\Noselect) "/" ""\r\n'] : []);
    }
    const full = `${reference}${pattern}`;
    const source = full.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/%/g, '[^/]*');
    const matches = new RegExp(`^${source}$`, 'i').test('INBOX');
    const flags = verb === 'LIST' ? '(\\HasNoChildren)' : '()';
    this.ok(tag, `${verb} completed`, matches ? [`* ${verb} ${flags} "/" INBOX\r\n`] : []);
  }

  private select(tag: string, args: readonly Token[], readOnly: boolean): void {
    const name = this.mailboxName(args[0]);
    const verb = readOnly ? 'EXAMINE' : 'SELECT';
    if (args.length !== 1 || name === null) return this.reply(tag, 'BAD', `${verb} expects one mailbox name`);
    if (name.toUpperCase() !== 'INBOX') {
      // A failed SELECT leaves no mailbox selected (RFC 3501 6.3.1).
      if (this.state === 'selected') this.state = 'authenticated';
      return this.reply(tag, 'NO', '[NONEXISTENT] Mailbox does not exist');
    }
    const mailbox = this.options.mailbox;
    this.state = 'selected';
    this.readOnly = readOnly;
    this.knownExists = mailbox.exists;
    const firstUnseen = mailbox.messages().findIndex((m) => !m.flags.has('\\Seen'));
    const untagged: Chunk[] = [
      '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n',
      `* OK [PERMANENTFLAGS (${readOnly ? '' : '\\Seen'})] Only \\Seen changes, through FETCH BODY[]\r\n`,
      `* ${mailbox.exists} EXISTS\r\n`,
      '* 0 RECENT\r\n',
      ...(firstUnseen >= 0 ? [`* OK [UNSEEN ${firstUnseen + 1}] First unseen\r\n`] : []),
      `* OK [UIDVALIDITY ${mailbox.uidValidity}] UIDs valid\r\n`,
      `* OK [UIDNEXT ${mailbox.uidNext}] Predicted next UID\r\n`,
    ];
    this.ok(tag, `[${readOnly ? 'READ-ONLY' : 'READ-WRITE'}] ${verb} completed`, untagged);
  }

  private status(tag: string, args: readonly Token[]): void {
    const name = this.mailboxName(args[0]);
    const items = args[1];
    if (args.length !== 2 || name === null || items?.kind !== 'list' || !items.items.length) {
      return this.reply(tag, 'BAD', 'STATUS expects a mailbox and a list of items');
    }
    if (name.toUpperCase() !== 'INBOX') return this.reply(tag, 'NO', '[NONEXISTENT] Mailbox does not exist');
    const mailbox = this.options.mailbox;
    const values: Record<string, number> = {
      MESSAGES: mailbox.exists,
      RECENT: 0,
      UIDNEXT: mailbox.uidNext,
      UIDVALIDITY: mailbox.uidValidity,
      UNSEEN: mailbox.messages().filter((m) => !m.flags.has('\\Seen')).length,
    };
    const out: string[] = [];
    for (const item of items.items) {
      const key = item.kind === 'atom' ? item.value.toUpperCase() : '';
      const value = values[key];
      if (value === undefined) return this.reply(tag, 'BAD', 'Unsupported STATUS item');
      out.push(`${key} ${value}`);
    }
    this.ok(tag, 'STATUS completed', ['* STATUS ', ...imapString('INBOX'), ` (${out.join(' ')})\r\n`]);
  }

  private idle(tag: string, args: readonly Token[]): void {
    if (args.length) return this.reply(tag, 'BAD', 'IDLE takes no arguments');
    this.idleTag = tag;
    this.options.send(['+ idling\r\n']);
  }

  private deselect(tag: string, verb: string): void {
    // Nothing is ever marked \Deleted, so CLOSE has nothing to expunge.
    this.state = 'authenticated';
    this.ok(tag, `${verb} completed`);
  }

  private search(tag: string, args: readonly Token[], byUid: boolean): void {
    const messages = this.options.mailbox.messages();
    const largestUid = messages.at(-1)?.uid ?? 0;
    const predicate = compileSearch(args, { messages, largestUid });
    const hits: number[] = [];
    messages.forEach((m, index) => {
      if (predicate(m, index + 1)) hits.push(byUid ? m.uid : index + 1);
    });
    this.ok(tag, 'SEARCH completed', [`* SEARCH${hits.map((n) => ` ${n}`).join('')}\r\n`]);
  }

  private fetch(tag: string, args: readonly Token[], byUid: boolean): void {
    const setToken = args[0];
    const set = setToken?.kind === 'atom' ? parseSequenceSet(setToken.value) : null;
    if (!set || args.length !== 2) return this.reply(tag, 'BAD', 'FETCH expects a sequence set and data items');
    const items = parseFetchItems(args[1], byUid);
    const messages = this.options.mailbox.messages();
    if (!byUid && (messages.length === 0 || largestExplicit(set) > messages.length)) {
      return this.reply(tag, 'BAD', 'Invalid message sequence number');
    }
    const largestUid = messages.at(-1)?.uid ?? 0;
    const out: Chunk[] = [];
    messages.forEach((m, index) => {
      const hit = byUid ? largestUid > 0 && inSequenceSet(set, m.uid, largestUid) : inSequenceSet(set, index + 1, messages.length);
      if (hit) out.push(...fetchResponse(m, index + 1, items, !this.readOnly));
    });
    this.ok(tag, `${byUid ? 'UID FETCH' : 'FETCH'} completed`, out);
  }
}
