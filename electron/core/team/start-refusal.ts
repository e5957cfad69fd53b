// What a desk says when it cannot start because its shared database does not answer. Starting needs
// the database (signing in checks the shared accounts there), but what this desk saved meanwhile is
// in its own journal: the refusal says where, that it syncs at the next start, how to read it now
// (`control-room drafts`, no database needed) and how to freeze meanwhile. The CLI, browser mode and
// the desktop app's error box all show this message.
import { join } from 'node:path';
import { StoreError } from '../../store/database';
import { draftJournalFileName, readPendingDrafts } from '../statements/draft-journal';

/** A word for a shell: quoted when it holds anything a shell would read differently. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The URL as given, for a command to copy (a password is never in it: databaseTarget refuses one; removed anyway). */
function urlToCopy(databaseUrl: string): string {
  try {
    const u = new URL(databaseUrl);
    u.password = '';
    return u.toString();
  } catch {
    return 'postgres://USER@HOST:PORT/DB';
  }
}

function draftsLine(dataDir: string): string {
  const path = join(dataDir, draftJournalFileName);
  let pending: number | null;
  try {
    pending = readPendingDrafts(path)?.length ?? 0;
  } catch {
    // An unreadable journal must not hide the refusal itself; the drafts command says why.
    pending = null;
  }
  const read = `Read them now, without the database: \`control-room drafts --data-dir ${shellWord(dataDir)}\`.`;
  if (pending === 0) return `No drafts saved on this desk are waiting (they would be kept in ${path}).`;
  const count = pending === null ? 'Drafts saved on this desk are' : `${pending} draft save${pending === 1 ? ' is' : 's are'}`;
  return `${count} kept on this desk in ${path}; ${pending === 1 ? 'it syncs' : 'they sync'} at the next start that reaches the database. ${read}`;
}

/** The start-up refusal for an unreachable database; any other error is returned as it was. */
export function explainStartRefusal(err: unknown, o: { readonly dataDir: string; readonly databaseUrl: string | null }): unknown {
  if (!(err instanceof StoreError) || err.kind !== 'UNREACHABLE' || o.databaseUrl === null) return err;
  return new StoreError(
    'UNREACHABLE',
    [
      err.message,
      'This desk cannot start without it: signing in checks the shared accounts there.',
      draftsLine(o.dataDir),
      `Freezing still works: \`control-room freeze --database ${shellWord(urlToCopy(o.databaseUrl))} --user NAME --all\` on a machine that reaches the database, or Freeze on another desk.`,
    ].join('\n'),
  );
}
