// The one rule for the real peers the tests run against (a real WordPress, Dovecot, the Secret
// Service, Chromium, PostgreSQL, a Bluesky PDS...): a suite whose peer is not installed is
// skipped, saying which peer and the command that installs it; under CI (CI=true, or
// CONTROL_ROOM_REQUIRE_PEERS=1) a missing peer fails instead, so CI can never go green by skipping.
// Each peer's Debian packages are .ci/apt-packages-<id>.txt, which .ci/run installs; a peer that
// comes from npm instead (the Bluesky PDS) names its install script, which .ci/run also runs. Plain
// JavaScript so that scripts/test.mjs and Playwright's config use the same rule as the suites.
//
// Adding a peer: a .ci/apt-packages-<id>.txt, an entry below whose check() names what is missing,
// and describeWithPeers(['<id>'], ...) around its suites (test/helpers/peer-suite.ts).
import { spawnSync } from 'node:child_process';
import { accessSync, appendFileSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { resolveChromium } from '../../scripts/chromium.mjs';

const root = join(import.meta.dirname, '..', '..');

/** Where .ci/install-bluesky-pds.sh puts the real PDS (outside the app's node_modules). */
export const blueskyPdsPeerDir = join(root, '.peers', 'bluesky-pds');

/** PATH plus the sbin folders (Dovecot, runuser), which a test runner's PATH does not always hold. */
export function findExecutable(name, env = process.env) {
  const dirs = [...(env['PATH'] ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

/** The folder holding PostgreSQL's initdb and pg_ctl (Debian's layout), newest major first, or undefined. */
export function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
  return majors.map((m) => join(root, m, 'bin')).find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

const missingExecutables = (names) => names.filter((n) => findExecutable(n) === undefined);

/** Each check returns what is missing (for the skip message), or undefined when the peer can run. */
const peers = {
  wordpress: {
    name: 'real WordPress (PHP + MariaDB)',
    check() {
      const missing = missingExecutables(['php', 'mariadb-install-db', 'mariadbd', 'mariadb']);
      if (!existsSync('/usr/share/wordpress/wp-settings.php')) missing.push('/usr/share/wordpress');
      if (missing.length === 0 && spawnSync('php', ['-r', 'exit(extension_loaded("mysqli") ? 0 : 1);']).status !== 0) missing.push("PHP's mysqli extension");
      return missing.length > 0 ? `missing ${missing.join(', ')}` : undefined;
    },
  },
  dovecot: {
    name: 'Dovecot IMAP server',
    check() {
      const missing = missingExecutables(['dovecot', 'doveadm']);
      return missing.length > 0 ? `missing ${missing.join(', ')}` : undefined;
    },
  },
  'secret-service': {
    name: 'Secret Service (dbus + gnome-keyring)',
    check() {
      if (process.platform !== 'linux') return 'the Secret Service is Linux-only';
      const missing = missingExecutables(['dbus-daemon', 'dbus-run-session', 'dbus-send', 'gnome-keyring-daemon']);
      return missing.length > 0 ? `missing ${missing.join(', ')}` : undefined;
    },
  },
  // Not a dependency of the app: ~600 packages and a native better-sqlite3 that must be built for
  // the pinned Node 24 (npm here builds against Node 20's headers), needed by one suite only.
  'bluesky-pds': {
    name: 'real Bluesky PDS (@atproto/pds + @did-plc/server, Node 24)',
    install: '.ci/install-bluesky-pds.sh',
    check() {
      if (!existsSync(join(blueskyPdsPeerDir, 'node_modules', '@atproto', 'pds', 'package.json'))) return `missing ${blueskyPdsPeerDir}/node_modules/@atproto/pds`;
      // Loads the native module under this Node: an ABI mismatch is "missing" too, not a crash later.
      const probe = `const r = require('node:module').createRequire(${JSON.stringify(join(blueskyPdsPeerDir, 'package.json'))}); r.resolve('@did-plc/server'); r.resolve('@atproto/pds'); new (require(r.resolve('better-sqlite3')))(':memory:').close();`;
      const res = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
      return res.status === 0 ? undefined : `cannot load it under Node ${process.version}: ${(res.stderr || '').split('\n').find((l) => /Error/.test(l)) ?? 'unknown error'}`;
    },
  },
  // Team mode's database: a throwaway cluster per suite (test/helpers/postgres.ts), started as the
  // postgres OS user through runuser when the tests run as root (initdb refuses root).
  postgresql: {
    name: 'PostgreSQL server (15+)',
    check() {
      const missing = postgresBinDir() === undefined ? ['initdb and pg_ctl in /usr/lib/postgresql/*/bin'] : [];
      if (process.getuid?.() === 0) {
        if (findExecutable('runuser') === undefined) missing.push('runuser');
        if (spawnSync('id', ['-u', 'postgres']).status !== 0) missing.push('the postgres OS user');
      }
      return missing.length > 0 ? `missing ${missing.join(', ')}` : undefined;
    },
  },
  chromium: {
    name: 'Chromium',
    check() {
      const r = resolveChromium();
      return 'missing' in r ? r.missing : undefined;
    },
  },
};

/** @returns {string[]} */
export const peerIds = () => Object.keys(peers);

export function peerName(id) {
  return peers[id].name;
}

/** The script that installs a peer that does not come from Debian, else undefined. */
export function peerInstallScript(id) {
  return peers[id].install;
}

/** The Debian packages of one peer, read from .ci/apt-packages-<id>.txt (what CI installs). */
export function peerPackages(id) {
  if (peers[id].install) return [];
  return readFileSync(join(root, '.ci', `apt-packages-${id}.txt`), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
}

/** --no-install-recommends keeps Apache and its service out (php8.2-cgi and webfs stand in). */
export function installCommand(ids) {
  const packages = [...new Set(ids.flatMap(peerPackages))];
  const scripts = ids.map((id) => peers[id].install).filter(Boolean);
  return [...(packages.length > 0 ? [`sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`] : []), ...scripts].join(' && ');
}

/** Whether every peer must be present: CI=true (any value but empty, 0 or false) or CONTROL_ROOM_REQUIRE_PEERS=1. */
export function peersRequired(env = process.env) {
  const ci = (env['CI'] ?? '').trim().toLowerCase();
  return env['CONTROL_ROOM_REQUIRE_PEERS'] === '1' || (ci !== '' && ci !== '0' && ci !== 'false');
}

const memo = new Map();

/** What is missing for a peer here, or undefined when it can run (checked once per process). */
export function peerMissing(id) {
  if (!(id in peers)) throw new Error(`unknown peer "${id}"; known: ${peerIds().join(', ')}`);
  if (!memo.has(id)) memo.set(id, peers[id].check());
  return memo.get(id);
}

/**
 * The verdict for something that needs these peers: run, skip (not under CI) or fail (under CI),
 * with a message naming each missing peer and the command that installs it. `missingOf` is the
 * check (peerMissing here; the rule's own test passes a stand-in).
 */
export function peerVerdict(ids, env = process.env, missingOf = peerMissing) {
  const missing = ids.filter((id) => missingOf(id) !== undefined);
  if (missing.length === 0) return { action: 'run', missing };
  const what = missing.map((id) => `${peerName(id)}: ${missingOf(id)}`).join('; ');
  const install = `install: ${installCommand(missing)}`;
  if (peersRequired(env)) {
    return { action: 'fail', missing, message: `missing peer under CI (CI or CONTROL_ROOM_REQUIRE_PEERS set, so this fails instead of skipping): ${what}; ${install}` };
  }
  return { action: 'skip', missing, message: `skipped, peer not installed: ${what}; ${install}` };
}

/** Notes a skipped suite for `npm test`'s summary (scripts/test.mjs sets CONTROL_ROOM_PEER_LOG). */
export function recordSkip(ids, suite, env = process.env) {
  const log = env['CONTROL_ROOM_PEER_LOG'];
  if (!log) return;
  for (const id of ids) if (peerMissing(id) !== undefined) appendFileSync(log, `${JSON.stringify({ peer: id, suite })}\n`);
}

/** One line per skipped peer, from the skip log: its name, what is missing, how to install it, which suites. */
export function skippedPeerLines(log) {
  if (!existsSync(log)) return [];
  const suites = new Map();
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { peer, suite } = JSON.parse(line);
    if (!suites.has(peer)) suites.set(peer, new Set());
    suites.get(peer).add(suite);
  }
  return [...suites].map(([id, names]) => `skipped peer ${peerName(id)} (${peerMissing(id) ?? 'missing'}): ${installCommand([id])}; suites: ${[...names].join(', ')}`);
}
