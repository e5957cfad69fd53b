// Cuts the IMAP client byte stream into whole commands. A command is a line, except that a line
// ending in a literal marker ({n} or the LITERAL+ form {n+}) is followed by exactly n bytes of
// literal data and then the rest of the command. For a synchronizing literal the server must say
// "+ go ahead" first, so the framer reports that as an event.
//
// Every size is bounded: a client (or garbage) that sends an endless line, a huge literal or too
// many literals gets a fatal event and the connection is closed, instead of the heap growing.

export type FramerEvent =
  | { readonly type: 'command'; readonly text: string; readonly literals: readonly Buffer[] }
  | { readonly type: 'continue' }
  | { readonly type: 'fatal'; readonly reason: string };

export interface FramerLimits {
  readonly maxLineBytes: number;
  readonly maxLiteralBytes: number;
  readonly maxCommandBytes: number;
  readonly maxLiterals: number;
}

export const defaultFramerLimits: FramerLimits = {
  maxLineBytes: 64 * 1024,
  maxLiteralBytes: 256 * 1024,
  maxCommandBytes: 1024 * 1024,
  maxLiterals: 16,
};

export class ImapFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private text = '';
  private literals: Buffer[] = [];
  private commandBytes = 0;
  /** Bytes of literal still to read, or null while reading a line. */
  private literalRemaining: number | null = null;
  private failed = false;

  constructor(private readonly limits: FramerLimits = defaultFramerLimits) {}

  push(chunk: Buffer): FramerEvent[] {
    if (this.failed) return [];
    const events: FramerEvent[] = [];
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      if (this.literalRemaining !== null) {
        if (this.buffer.length < this.literalRemaining) break;
        this.literals.push(Buffer.from(this.buffer.subarray(0, this.literalRemaining)));
        this.buffer = this.buffer.subarray(this.literalRemaining);
        this.literalRemaining = null;
        continue;
      }
      const newline = this.buffer.indexOf(0x0a);
      if (newline < 0) {
        if (this.buffer.length > this.limits.maxLineBytes) return this.fail(events, 'Line too long');
        break;
      }
      if (newline > this.limits.maxLineBytes) return this.fail(events, 'Line too long');
      // CRLF is the rule; a bare LF is accepted because telnet-style clients send it.
      const lineEnd = newline > 0 && this.buffer[newline - 1] === 0x0d ? newline - 1 : newline;
      const line = this.buffer.subarray(0, lineEnd).toString('latin1');
      this.buffer = this.buffer.subarray(newline + 1);
      this.commandBytes += newline + 1;
      if (this.commandBytes > this.limits.maxCommandBytes) return this.fail(events, 'Command too long');
      this.text += line;
      const marker = /\{(\d{1,10})(\+?)\}$/.exec(line);
      if (!marker) {
        events.push({ type: 'command', text: this.text, literals: this.literals });
        this.resetCommand();
        continue;
      }
      const size = Number(marker[1]);
      if (size > this.limits.maxLiteralBytes) return this.fail(events, 'Literal too big');
      if (this.literals.length >= this.limits.maxLiterals) return this.fail(events, 'Too many literals');
      this.commandBytes += size;
      if (this.commandBytes > this.limits.maxCommandBytes) return this.fail(events, 'Command too long');
      this.literalRemaining = size;
      if (marker[2] !== '+') events.push({ type: 'continue' });
    }
    // Do not keep a big backing buffer alive for a small unread tail.
    if (this.buffer.length && this.buffer.byteOffset > 64 * 1024) this.buffer = Buffer.from(this.buffer);
    return events;
  }

  private resetCommand(): void {
    this.text = '';
    this.literals = [];
    this.commandBytes = 0;
  }

  private fail(events: FramerEvent[], reason: string): FramerEvent[] {
    this.failed = true;
    this.buffer = Buffer.alloc(0);
    this.resetCommand();
    events.push({ type: 'fatal', reason });
    return events;
  }
}
