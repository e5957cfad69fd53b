// The canary subscriber's INBOX, in memory. The demo SMTP server appends every accepted bulletin
// here and the demo IMAP server reads it, so the adapter sees exactly the bytes that went out.
//
// It is append-only (no expunge), so a message's sequence number is its position plus one, and
// UIDs only grow: that keeps the IMAP side simple and still matches what a real server promises.

export interface StoredMessage {
  readonly uid: number;
  /** The message's RFC 822 source exactly as the SMTP server received it. */
  readonly raw: Buffer;
  readonly internalDate: Date;
  /** System flags; only \Seen ever changes (a non-PEEK BODY[] fetch sets it). */
  readonly flags: Set<string>;
}

export interface CanaryMailboxOptions {
  /** Fixed UIDVALIDITY, for tests; default: the creation time in seconds (what Dovecot does too). */
  readonly uidValidity?: number;
  /** Refuse appends past this many messages so a runaway replay can not eat the heap. */
  readonly maxMessages?: number;
}

export type AppendListener = (message: StoredMessage, exists: number) => void;

export class CanaryMailbox {
  readonly uidValidity: number;
  private readonly stored: StoredMessage[] = [];
  private readonly listeners = new Set<AppendListener>();
  private readonly maxMessages: number;
  private nextUid = 1;

  constructor(options: CanaryMailboxOptions = {}) {
    // UIDVALIDITY is a non-zero 32-bit number.
    const validity = options.uidValidity ?? Math.floor(Date.now() / 1000);
    this.uidValidity = Math.min(Math.max(1, Math.floor(validity)), 0xffffffff);
    this.maxMessages = options.maxMessages ?? 100_000;
  }

  get uidNext(): number {
    return this.nextUid;
  }

  get exists(): number {
    return this.stored.length;
  }

  /** Messages in sequence order (sequence number = index + 1). */
  messages(): readonly StoredMessage[] {
    return this.stored;
  }

  append(raw: Buffer, internalDate: Date): StoredMessage {
    if (this.stored.length >= this.maxMessages) throw new Error('canary mailbox is full');
    // IMAP INTERNALDATE has whole seconds; store what the reader will see.
    const date = new Date(Math.floor(internalDate.getTime() / 1000) * 1000);
    const message: StoredMessage = { uid: this.nextUid, raw: Buffer.from(raw), internalDate: date, flags: new Set() };
    this.nextUid += 1;
    this.stored.push(message);
    for (const listener of [...this.listeners]) {
      try {
        listener(message, this.stored.length);
      } catch {
        // A listener (an IMAP session) failing must not stop delivery to the others.
      }
    }
    return message;
  }

  onAppend(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
