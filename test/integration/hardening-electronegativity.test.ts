// Hardening gate, static scan: Doyensec's Electronegativity over the shipped electron/ and
// renderer/ sources plus the configuration rendered from the running code (the real window
// options and served CSP), SARIF parsed, every finding matched against the reviewed allow-list.
// A second scan of deliberately loosened copies proves the scanner half of the gate can fail.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appProtocolResponse } from '../../electron/main/app-protocol-handler';
import { mainWindowOptions } from '../../electron/main/window-options';
import {
  compareWithAllowlist,
  inlineSuppressions,
  prepareScanTree,
  renderCspPage,
  renderWindowSource,
  renderedDir,
  runElectronegativity,
  unparsableFiles,
  validateAllowlist,
  type Allowlist,
  type ScanRun,
} from '../../scripts/hardening/electronegativity';
import { readRepoJson, repoRoot } from '../helpers/hardening-repo';
import { makeTempDir, type TempDir } from '../helpers/temp-dir';

const allowlist = readRepoJson<Allowlist>('security/electronegativity-allowlist.json');
const excluded = allowlist.excludedChecks.map((c) => c.check);
// Where an installed build keeps its preload; the path only has to look real to the scanner.
const packagedPreload = '/opt/Control Room/resources/app.asar/out/preload';

let tree: TempDir;
let mutants: TempDir;
let files: string[];
let real: ScanRun;
let mutated: ScanRun;

async function servedCsp(): Promise<string> {
  const res = await appProtocolResponse(join(repoRoot, 'renderer'), new Request('app://control-room/index.html'));
  return res.headers.get('content-security-policy') ?? '';
}

beforeAll(async () => {
  tree = makeTempDir('scan');
  mutants = makeTempDir('scan-mutants');
  files = prepareScanTree(repoRoot, tree.path);
  const options = mainWindowOptions({ preloadDir: packagedPreload, packaged: true });
  const csp = await servedCsp();
  mkdirSync(join(tree.path, renderedDir));
  writeFileSync(join(tree.path, renderedDir, 'main-window.ts'), renderWindowSource(options));
  writeFileSync(join(tree.path, renderedDir, 'app-protocol-csp.html'), renderCspPage(csp));

  // Loosened copies of the same configuration, one problem per file.
  const loosen = (change: Record<string, unknown>) => ({ ...options, webPreferences: { ...options.webPreferences, ...change } });
  writeFileSync(join(mutants.path, 'sandbox-off.ts'), renderWindowSource(loosen({ sandbox: false })));
  writeFileSync(join(mutants.path, 'isolation-off.ts'), renderWindowSource(loosen({ contextIsolation: false })));
  // The scanner judges nodeIntegration only where no sandbox key is present.
  const { sandbox: _sandbox, ...unsandboxed } = loosen({ nodeIntegration: true }).webPreferences;
  writeFileSync(join(mutants.path, 'node-on.ts'), renderWindowSource({ ...options, webPreferences: unsandboxed }));
  writeFileSync(join(mutants.path, 'web-security-off.ts'), renderWindowSource(loosen({ webSecurity: false })));
  writeFileSync(join(mutants.path, 'inline-script.html'), renderCspPage(csp.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")));

  // Both scans at once: two processes, two cores.
  [real, mutated] = await Promise.all([
    runElectronegativity({ root: repoRoot, input: tree.path, sarifFile: join(tree.path, 'scan.sarif'), excludedChecks: excluded }),
    runElectronegativity({ root: repoRoot, input: mutants.path, sarifFile: join(mutants.path, 'scan.sarif'), excludedChecks: excluded }),
  ]);
}, 60_000);

afterAll(() => {
  tree?.remove();
  mutants?.remove();
});

describe('Electronegativity over the shipped sources', () => {
  it('scans what ships: main, preload, shared, core and the renderer', () => {
    for (const f of ['electron/main/security.ts', 'electron/main/window.ts', 'electron/preload/index.ts', 'electron/shared/contract.ts', 'renderer/index.html', 'renderer/main.tsx']) {
      expect(files).toContain(f);
    }
    expect(files.some((f) => f.endsWith('.test.ts'))).toBe(false);
  });

  it('has a well-formed allow-list: check id, file, count and reason on every entry', () => {
    expect(validateAllowlist(allowlist)).toEqual([]);
  });

  it('finds nothing that is not on the reviewed allow-list', () => {
    expect(compareWithAllowlist(real.findings, allowlist).unexpected).toEqual([]);
  });

  it('has no stale allow-list entries', () => {
    expect(compareWithAllowlist(real.findings, allowlist).stale).toEqual([]);
  });

  it('clears the real window options of every check window.ts is excused from', () => {
    // window.ts is allow-listed only because the scanner cannot see through mainWindowOptions();
    // the same options, rendered as a literal, must not raise those checks.
    const excused = new Set(allowlist.findings.filter((e) => e.file === 'electron/main/window.ts').map((e) => e.check));
    expect(excused.size).toBeGreaterThan(0);
    expect(real.findings.filter((f) => f.file === `${renderedDir}/main-window.ts` && excused.has(f.check))).toEqual([]);
  });

  it('is not silenced by inline eng-disable comments', () => {
    expect(inlineSuppressions(tree.path, files)).toEqual([]);
  });

  it("parses every file (with -o the CLI skips a file it cannot parse, silently)", () => {
    expect(unparsableFiles(repoRoot, tree.path, files)).toEqual([]);
  });
});

describe('Electronegativity over loosened copies of the configuration', () => {
  it.each([
    ['sandbox: false', 'sandbox-off.ts', 'SANDBOX_JS_CHECK'],
    ['contextIsolation: false', 'isolation-off.ts', 'CONTEXT_ISOLATION_JS_CHECK'],
    ['nodeIntegration: true without sandbox', 'node-on.ts', 'NODE_INTEGRATION_JS_CHECK'],
    ['webSecurity: false', 'web-security-off.ts', 'WEB_SECURITY_JS_CHECK'],
    ["script-src 'unsafe-inline'", 'inline-script.html', 'CSP_GLOBAL_CHECK'],
  ])('%s is a finding the allow-list does not cover', (_what, file, check) => {
    expect(mutated.findings.some((f) => f.file === file && f.check === check)).toBe(true);
    expect(compareWithAllowlist(mutated.findings, allowlist).unexpected.join('\n')).toContain(`${check} in ${file}`);
  });

  it('an allow-list missing a reviewed entry fails the real scan', () => {
    const trimmed: Allowlist = { ...allowlist, findings: allowlist.findings.slice(1) };
    expect(compareWithAllowlist(real.findings, trimmed).unexpected).not.toEqual([]);
  });
});
