// `npm test`: typecheck, lint, unit, integration, build, end-to-end. Runs every stage even when
// one fails, then prints one summary line per runner and a total.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

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

function run(command, args, env = {}) {
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: nodeOptions, ...env } });
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
const built = stage('build', bin('electron-vite'), ['build']);
if (built) {
  const out = join(results, 'e2e.json');
  stage('e2e', bin('playwright'), ['test'], () => {
    const j = readJson(out);
    if (!j) return { passed: 0, failed: 0, skipped: 0 };
    return { passed: j.stats.expected + j.stats.flaky, failed: j.stats.unexpected, skipped: j.stats.skipped };
  });
} else {
  summary.push('e2e: not run (build failed)');
}

console.log('\n=== summary ===');
for (const line of summary) console.log(line);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(failedStage ? 1 : 0);
