// What keeps a signed-in desk usable while its database is unreachable. Sessions live in this
// process, but every call re-reads the person's account (disabled? role?) and the idle-lock
// setting: cut off, those reads answer from the last time they succeeded, so the person stays
// signed in and can keep drafting. Signing in needs the database (the passphrase hash is there):
// refused with a message saying so. Every other call that needs the database fails with a message
// naming what still works, instead of "something went wrong".
import type { Handlers } from '../dispatch';
import { AppError } from '../../shared/result';
import type { AccountRecord } from '../../store/records';
import type { AccountsRepository } from '../../store/repositories';
import type { DatabaseHealth } from './database-health';

/** The account reads session checks make, answered from the last good read while the database is gone. */
export function rememberAccounts(repo: AccountsRepository, health: DatabaseHealth): AccountsRepository {
  const known = new Map<string, AccountRecord | null>();
  const findById = async (id: string): Promise<AccountRecord | null> => {
    try {
      const found = await repo.findById(id);
      known.set(id, found);
      return found;
    } catch (err) {
      if (health.failed(err) && known.has(id)) return known.get(id) ?? null;
      throw err;
    }
  };
  return Object.assign(Object.create(repo) as AccountsRepository, { findById });
}

/** A read whose last good answer stands in while the database is gone (the idle-lock minutes). */
export function rememberLast<T>(read: () => Promise<T>, health: DatabaseHealth): () => Promise<T> {
  let last: { value: T } | null = null;
  return async () => {
    try {
      const value = await read();
      last = { value };
      return value;
    } catch (err) {
      if (health.failed(err) && last) return last.value;
      throw err;
    }
  };
}

export const unreachableMessage =
  'This desk cannot reach the shared database right now, so this cannot be done from here. ' +
  'Drafts keep saving on this desk and sync when the database returns; the desk reconnects by itself. ' +
  'To freeze sends meanwhile, use another desk or run `control-room freeze --database postgres://... --user NAME --all` on a machine that reaches the database.';

export const unreachableSignInMessage =
  'Cannot sign in: this desk cannot reach the shared database (accounts live there). ' +
  'It reconnects by itself; try again in a moment, or sign in on another desk.';

export const unreachableImageMessage =
  'Images cannot be added while this desk cannot reach the shared database (images are stored there). ' +
  'Your text keeps saving on this desk; add the image once the banner is gone.';

function messageFor(call: string): string {
  if (call === 'accounts.signIn' || call === 'accounts.unlock') return unreachableSignInMessage;
  if (call === 'media.add') return unreachableImageMessage;
  return unreachableMessage;
}

/** Every handler, with "the database is unreachable" turned into a message the person can act on. */
export function explainUnreachable(handlers: Handlers, health: DatabaseHealth): Handlers {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (...args: unknown[]) => unknown][]) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (err) {
        if (!(err instanceof AppError) && health.failed(err)) {
          throw new AppError('UNAVAILABLE', messageFor(name));
        }
        throw err;
      }
    };
  }
  return wrapped as unknown as Handlers;
}
