// The peer rule itself (test/helpers/peers.mjs): run, skip with the install command, or fail under
// CI; the install commands come from .ci/ and match the README; every suite that starts a real peer
// goes through the rule; Chromium is looked for in the documented order.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledChromium, resolveChromium, type ChromiumResolution } from '../../scripts/chromium.mjs';
import { installCommand, peerIds, peerInstallScript, peerPackages, peersRequired, peerVerdict, recordSkip, skippedPeerLines, type PeerId } from '../helpers/peers.mjs';

const root = join(import.meta.dirname, '..', '..');
const noWordPress = (id: PeerId): string | undefined => (id === 'wordpress' ? 'missing php' : undefined);

describe('the peer rule', () => {
  it('runs a suite whose peers are all there', () => {
    expect(peerVerdict(['wordpress', 'dovecot'], {}, () => undefined)).toEqual({ action: 'run', missing: [] });
  });

  it('skips outside CI, naming the peer, what is missing and the exact install command', () => {
    const v = peerVerdict(['dovecot', 'wordpress'], {}, noWordPress);
    expect(v).toMatchObject({ action: 'skip', missing: ['wordpress'] });
    expect('message' in v && v.message).toBe(`skipped, peer not installed: real WordPress (PHP + MariaDB): missing php; install: ${installCommand(['wordpress'])}`);
  });

  it.each([{ CI: 'true' }, { CI: '1' }, { CI: 'yes' }, { CONTROL_ROOM_REQUIRE_PEERS: '1' }, { CI: 'false', CONTROL_ROOM_REQUIRE_PEERS: '1' }])('fails instead under %o', (env) => {
    const v = peerVerdict(['wordpress'], env, noWordPress);
    expect(v.action).toBe('fail');
    expect('message' in v && v.message).toContain('real WordPress (PHP + MariaDB): missing php');
    expect('message' in v && v.message).toContain(installCommand(['wordpress']));
  });

  it.each([{}, { CI: '' }, { CI: 'false' }, { CI: '0' }, { CONTROL_ROOM_REQUIRE_PEERS: '0' }])('does not require peers under %o', (env) => {
    expect(peersRequired(env)).toBe(false);
  });

  it("lists each skipped peer once for npm test's summary, with its suites", () => {
    const dir = mkdtempSync(join(tmpdir(), 'cr-peers-'));
    try {
      const log = join(dir, 'peers-skipped.jsonl');
      expect(skippedPeerLines(log)).toEqual([]);
      // As suites write it; recordSkip without CONTROL_ROOM_PEER_LOG writes nowhere.
      writeFileSync(log, ['{"peer":"wordpress","suite":"a"}', '{"peer":"wordpress","suite":"b"}', ''].join('\n'));
      recordSkip(['wordpress'], 'c', {});
      const lines = skippedPeerLines(log);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^skipped peer real WordPress \(PHP \+ MariaDB\) \(.*\): sudo apt-get install .* wordpress; suites: a, b$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('install commands', () => {
  it('come from one .ci/apt-packages-<peer>.txt per Debian peer, or a script, which .ci/run installs', () => {
    const files = readdirSync(join(root, '.ci')).filter((f) => f.startsWith('apt-packages'));
    const aptPeers = peerIds().filter((id) => peerInstallScript(id) === undefined);
    expect(files.sort()).toEqual(aptPeers.map((id) => `apt-packages-${id}.txt`).sort());
    for (const id of aptPeers) expect(peerPackages(id).length).toBeGreaterThan(0);
    const run = readFileSync(join(root, '.ci', 'run'), 'utf8');
    expect(run).toContain('.ci/apt-packages*.txt');
    for (const id of peerIds()) {
      const script = peerInstallScript(id);
      if (script) expect(run).toContain(script);
      if (script) expect(installCommand([id])).toBe(script);
    }
  });

  it("match the README's one apt-get line for running everything locally", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const line = readme.split('\n').find((l) => l.startsWith('sudo apt-get install'));
    expect(line).toBeDefined();
    const all = installCommand(peerIds().filter((id) => peerInstallScript(id) === undefined)).split(' ');
    expect(new Set(line!.split(' '))).toEqual(new Set(all));
  });
});

describe('every real-peer suite goes through the rule', () => {
  const starters = /startWordPress|startDovecot|startPrivateSecretService|runInPrivateSession|wordPressTargets|emailTargets|startRealPds|startPostgres/;
  const suites = readdirSync(join(root, 'test', 'integration')).filter((f) => f.endsWith('.test.ts') && f !== 'peers.test.ts');
  it.each(suites.filter((f) => starters.test(readFileSync(join(root, 'test', 'integration', f), 'utf8'))))('%s', (file) => {
    const text = readFileSync(join(root, 'test', 'integration', file), 'utf8');
    expect(text).toContain('describeWithPeers(');
    expect(text).not.toMatch(/\.(skipIf|runIf)\(|describe\.skip\(|ctx\.skip\(/);
  });
});

describe('finding Chromium', () => {
  const only = (...paths: string[]) => (p: string): boolean => paths.includes(p);
  const bundled = (): ChromiumResolution => ({ found: { path: '/npm/chromium', env: { LD_LIBRARY_PATH: '/npm/lib' }, args: ['--no-sandbox'], source: 'npm' } });
  const noBundle = (): ChromiumResolution => ({ missing: 'not installed' });

  it('takes CHROMIUM_PATH first, and never second-guesses it', () => {
    expect(resolveChromium({ CHROMIUM_PATH: '/opt/c' }, only('/opt/c', '/usr/bin/chromium'), bundled)).toMatchObject({ found: { path: '/opt/c' } });
    expect(resolveChromium({ CHROMIUM_PATH: '/opt/c' }, only('/usr/bin/chromium'), bundled)).toEqual({ missing: 'CHROMIUM_PATH=/opt/c is not an executable file' });
  });

  it('then an installed Chromium, then the one npm brought, else says both are missing', () => {
    expect(resolveChromium({}, only('/usr/bin/chromium'), bundled)).toMatchObject({ found: { path: '/usr/bin/chromium', args: [] } });
    expect(resolveChromium({}, only(), bundled)).toMatchObject({ found: { path: '/npm/chromium', env: { LD_LIBRARY_PATH: '/npm/lib' } } });
    expect(resolveChromium({}, only(), noBundle)).toEqual({ missing: 'no installed Chromium or Chrome, and not installed' });
  });

  it("does not offer the npm package's Linux x64 binary elsewhere", () => {
    expect(bundledChromium('darwin', 'arm64')).toEqual({ missing: '@sparticuz/chromium ships a Linux x64 browser only' });
    expect(bundledChromium('linux', 'arm64')).toEqual({ missing: '@sparticuz/chromium ships a Linux x64 browser only' });
  });
});
