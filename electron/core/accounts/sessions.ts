// Signed-in sessions, held in memory on purpose: a restart signs everyone out, and a copied database
// file never carries a live session. Ids are 256 random bits; idle time locks a session, and a
// locked session needs the passphrase again before it does anything.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../lib/clock';

export interface Session {
  readonly id: string;
  readonly accountId: string;
  readonly createdAt: number;
  lastActiveAt: number;
  /** When the passphrase was last typed (sign-in, unlock or re-authentication). */
  freshAuthAt: number;
  lockedReason: 'idle' | 'manual' | null;
}

export type SessionLookup =
  | { readonly state: 'active'; readonly session: Session }
  | { readonly state: 'locked'; readonly session: Session; readonly reason: 'idle' | 'manual' }
  | { readonly state: 'none' };

export interface SessionTable {
  create(accountId: string): Session;
  /** Applies the idle rule (and remembers the lock) but does not count as activity. */
  lookup(sessionId: string): SessionLookup;
  touch(session: Session): void;
  lock(session: Session, reason: 'idle' | 'manual'): void;
  /** Unlocks and stamps freshness: only call after the passphrase was verified. */
  confirmPassphrase(session: Session): void;
  end(sessionId: string): void;
  endAllFor(accountId: string, except?: string): void;
}

export function createSessionTable(clock: Clock, idleLockMinutes: () => number): SessionTable {
  const sessions = new Map<string, Session>();
  const now = (): number => clock.now().getTime();

  return {
    create: (accountId) => {
      const at = now();
      const session: Session = {
        id: randomBytes(32).toString('base64url'),
        accountId,
        createdAt: at,
        lastActiveAt: at,
        freshAuthAt: at,
        lockedReason: null,
      };
      sessions.set(session.id, session);
      return session;
    },
    lookup: (sessionId) => {
      const session = sessions.get(sessionId);
      if (!session) return { state: 'none' };
      if (session.lockedReason === null && now() - session.lastActiveAt >= idleLockMinutes() * 60_000) {
        session.lockedReason = 'idle';
      }
      return session.lockedReason === null
        ? { state: 'active', session }
        : { state: 'locked', session, reason: session.lockedReason };
    },
    touch: (session) => {
      session.lastActiveAt = now();
    },
    lock: (session, reason) => {
      session.lockedReason = reason;
    },
    confirmPassphrase: (session) => {
      const at = now();
      session.lockedReason = null;
      session.lastActiveAt = at;
      session.freshAuthAt = at;
    },
    end: (sessionId) => {
      sessions.delete(sessionId);
    },
    endAllFor: (accountId, except) => {
      for (const [id, s] of sessions) if (s.accountId === accountId && id !== except) sessions.delete(id);
    },
  };
}
