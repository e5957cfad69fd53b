// `control-room drafts`: what this desk saved while its shared database was unreachable and has not
// synced yet, read straight from its journal (offline-drafts.sqlite in the data directory). It needs
// no database and writes nothing, so a desk that cannot start (its database is gone) still shows
// every word written on it. `drafts show N` prints one save in full: title, text, every variant.
import { join } from 'node:path';
import { draftJournalFileName, readPendingDrafts, type JournalEntry } from '../core/statements/draft-journal';
import type { CliIo } from './main';

interface DraftsOptions {
  readonly dataDir: string;
  readonly json: boolean;
}

const author = (e: JournalEntry): string => e.editorName ?? `account ${e.editorId}`;
const titleOf = (e: JournalEntry): string => (e.input.title.trim() === '' ? '(untitled)' : JSON.stringify(e.input.title));
const origin = (e: JournalEntry): string => (e.baseVersion === null ? 'a new statement' : `edited from version ${e.baseVersion}`);

/** One line per statement: its latest save (the text it will end with), and how many saves it has waiting. */
function list(path: string, pending: readonly JournalEntry[], io: CliIo): void {
  const byStatement = new Map<string, JournalEntry[]>();
  for (const e of pending) byStatement.set(e.statementId, [...(byStatement.get(e.statementId) ?? []), e]);
  const one = pending.length === 1;
  io.out(`${pending.length} draft save${one ? '' : 's'} on this desk wait${one ? 's' : ''} for the database (${path}); ${one ? 'it syncs' : 'they sync'} at the next start that reaches it:`);
  for (const [statementId, saves] of byStatement) {
    const latest = saves.at(-1)!;
    const earlier = saves.slice(0, -1).map((e) => `#${e.seq}`);
    io.out(`  #${latest.seq}  ${latest.savedAt}  ${author(latest)}  ${titleOf(latest)}  statement ${statementId}, ${origin(saves[0]!)}${earlier.length > 0 ? `; earlier saves ${earlier.join(', ')}` : ''}`);
  }
  io.out('Each in full: `control-room drafts show N`');
}

function show(e: JournalEntry, io: CliIo): void {
  const { variants, images } = e.input;
  const lines = [
    `Draft save #${e.seq}, saved on this desk at ${e.savedAt} by ${author(e)}; not synced yet.`,
    `Statement ${e.statementId} (${origin(e)})`,
    `Title: ${e.input.title}`,
    '',
    'Text:',
    e.input.canonicalText,
  ];
  const section = (name: string, body: string): void => void lines.push('', `${name}:`, body);
  if (variants.x) section('X', variants.x.text);
  if (variants.bluesky) section('Bluesky', variants.bluesky.text);
  if (variants.mastodon) section('Mastodon', variants.mastodon.text);
  if (variants.website) section('Website', `${variants.website.title}\n${variants.website.html}`);
  if (variants.email) section('Email', `Subject: ${variants.email.subject}\n${variants.email.text}`);
  // The images themselves are in the shared database; the save only names them.
  if (images && images.length > 0) section('Images (stored in the shared database)', images.map((i) => `${i.sha256}${i.alt ? ` (alt: ${i.alt})` : ''}`).join('\n'));
  for (const l of lines) io.out(l);
}

export function runDraftsCommand(args: readonly string[], o: DraftsOptions, io: CliIo): number {
  const [sub, n] = args;
  if (sub !== undefined && sub !== 'show') {
    io.err(`control-room: unknown drafts command "${sub}". Try \`control-room drafts\` (list) or \`control-room drafts show N\`.`);
    return 2;
  }
  const path = join(o.dataDir, draftJournalFileName);
  let pending: JournalEntry[] | null;
  try {
    pending = readPendingDrafts(path);
  } catch (err) {
    io.err(`control-room: cannot read the offline drafts in ${path}: ${(err as Error).message}. Check that --data-dir is this desk's data directory and that you may read it.`);
    return 1;
  }
  const waiting = pending ?? [];
  if (sub === 'show') {
    const seq = Number(n);
    const entry = waiting.find((e) => e.seq === seq);
    if (!Number.isInteger(seq) || !entry) {
      io.err(`control-room: ${n === undefined ? 'say which draft save: `control-room drafts show N`' : `no draft save #${n} waits on this desk`}; \`control-room drafts\` lists them by number.`);
      return 2;
    }
    if (o.json) io.out(JSON.stringify(entry));
    else show(entry, io);
    return 0;
  }
  if (o.json) io.out(JSON.stringify({ journal: path, pending: waiting }));
  else if (waiting.length === 0) io.out(pending === null ? `No drafts are kept on this desk (${path} does not exist: drafts are kept there only in team mode, while the database is unreachable).` : `No drafts saved on this desk wait for the database (${path}).`);
  else list(path, waiting, io);
  return 0;
}
