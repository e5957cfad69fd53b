// `npm test`: typecheck, lint, unit, integration, build, end-to-end. Runs every stage even when
// one fails, then prints one summary line per runner, one line per real peer that was skipped (with
// its install command), and a total. Which peer suites run, skip or fail: test/helpers/peers.mjs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { resolveChromium } from './chromium.mjs';
import { installCommand, peerIds, peerMissing, peerName, peersRequired, peerVerdict, skippedPeerLines } from '../test/helpers/peers.mjs';

const root = join(import.meta.dirname, '..');
const results = join(root, 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);

console.log(`Control Room tests on Node ${process.version}`);
if (Number(process.versions.node.split('.')[0]) < 24) {
  console.error('Node 24 or newer is required: run the tests through `npm test`, which uses the pinned node@24.');
  process.exit(1);
}

// node:sqlite's ExperimentalWarning would print once per test worker: the store is a deliberate choice.
const nodeOptions = [process.env.NODE_OPTIONS, '--disable-warning=ExperimentalWarning'].filter(Boolean).join(' ');
// Every suite skipped for a missing peer notes it here (test/helpers/peers.mjs, recordSkip).
const peerLog = join(results, 'peers-skipped.jsonl');

const present = peerIds().filter((id) => peerMissing(id) === undefined);
const absent = peerIds().filter((id) => peerMissing(id) !== undefined);
console.log(`Real peers here: ${present.map(peerName).join(', ') || 'none'}${absent.length ? `; not installed: ${absent.map(peerName).join(', ')}` : ''}`);
console.log(peersRequired() ? 'CI mode (CI or CONTROL_ROOM_REQUIRE_PEERS): a missing peer fails.' : 'A missing peer skips its suites; under CI it fails them.');

function run(command, args, env = {}) {
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: nodeOptions, CONTROL_ROOM_PEER_LOG: peerLog, ...env } });
  return { ok: r.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const summary = [];
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedStage = false;

function stage(name, command, args, counts, env) {
  console.log(`\n=== ${name} ===`);
  const r = run(command, args, env);
  const c = counts ? counts() : null;
  if (c) {
    // A runner that crashed before reporting counts as failed even if it wrote no failures.
    const failed = c.failed + (r.ok || c.failed > 0 ? 0 : 1);
    totals.passed += c.passed;
    totals.failed += failed;
    totals.skipped += c.skipped;
    summary.push(`${name}: ${c.passed} passed, ${failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''} (${r.seconds} s)`);
    if (failed > 0) failedStage = true;
  } else {
    summary.push(`${name}: ${r.ok ? 'ok' : 'FAILED'} (${r.seconds} s)`);
    if (!r.ok) {
      failedStage = true;
      totals.failed += 1;
    }
  }
  return r.ok;
}

const vitestCounts = (file) => () => {
  const j = readJson(file);
  if (!j) return { passed: 0, failed: 0, skipped: 0 };
  return { passed: j.numPassedTests, failed: j.numFailedTests, skipped: j.numPendingTests + (j.numTodoTests ?? 0) };
};

const vitest = (project) => {
  const out = join(results, `${project}.json`);
  return [bin('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], vitestCounts(out)];
};

stage('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
stage('lint', bin('eslint'), ['.']);
{
  const [cmd, args, counts] = vitest('unit');
  stage('unit', cmd, args, counts);
}
{
  // Tests that need the OS keychain start their own private Secret Service (test/helpers/secret-service.ts).
  const [cmd, args, counts] = vitest('integration');
  stage('integration', cmd, args, counts);
}
// Read now: Playwright empties test-results/ when it starts.
const skippedPeers = skippedPeerLines(peerLog);
const built = stage('build', bin('electron-vite'), ['build']);
// The whole e2e stage needs one peer, Chromium: the same rule decides before Playwright starts.
const browser = peerVerdict(['chromium']);
if (!built) {
  summary.push('e2e: not run (build failed)');
} else if (browser.action === 'skip') {
  console.log(`\n=== e2e ===\n${browser.message}`);
  summary.push('e2e: skipped (no Chromium)');
  skippedPeers.push(`skipped peer ${peerName('chromium')} (${peerMissing('chromium')}): ${installCommand(['chromium'])}; suites: every e2e spec`);
} else if (browser.action === 'fail') {
  console.log(`\n=== e2e ===\n${browser.message}`);
  summary.push(`e2e: FAILED (${browser.message})`);
  failedStage = true;
  totals.failed += 1;
} else {
  const out = join(results, 'e2e.json');
  const found = resolveChromium();
  if ('found' in found) console.log(`\nChromium for e2e: ${found.found.path} (${found.found.source})`);
  stage('e2e', bin('playwright'), ['test'], () => {
    const j = readJson(out);
    if (!j) return { passed: 0, failed: 0, skipped: 0 };
    return { passed: j.stats.expected + j.stats.flaky, failed: j.stats.unexpected, skipped: j.stats.skipped };
  });
}

console.log('\n=== summary ===');
for (const line of summary) console.log(line);
for (const line of skippedPeers) console.log(line);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(failedStage ? 1 : 0);
