// Runs Doyensec's Electronegativity over the app's sources and compares its SARIF findings with
// security/electronegativity-allowlist.json. The CLI exits 0 whatever it finds, so the SARIF is
// the only verdict; any finding not allow-listed (by check id and file) fails, and so does an
// allow-list entry that no longer matches anything.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';

export interface ScanFinding {
  readonly check: string;
  /** Relative to the scanned folder, forward slashes; '*' for whole-app (global) findings. */
  readonly file: string;
  readonly line: number;
  readonly level: string;
  readonly message: string;
}

export interface AllowlistEntry {
  readonly check: string;
  readonly file: string;
  /** How many findings of this check in this file were reviewed: one more is a new finding. */
  readonly count: number;
  readonly reason: string;
}

export interface Allowlist {
  readonly excludedChecks: readonly { readonly check: string; readonly reason: string }[];
  readonly findings: readonly AllowlistEntry[];
}

interface SarifLog {
  runs?: {
    results?: {
      ruleId?: string;
      level?: string;
      message?: { text?: string };
      locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }[];
    }[];
  }[];
}

/** Findings from an Electronegativity SARIF file. Throws on anything that is not SARIF. */
export function parseSarif(text: string): ScanFinding[] {
  const log = JSON.parse(text) as SarifLog;
  if (!Array.isArray(log.runs)) throw new Error('not a SARIF log: no runs');
  return log.runs.flatMap((run) =>
    (run.results ?? []).map((r) => {
      const location = r.locations?.[0]?.physicalLocation;
      const uri = location?.artifactLocation?.uri ?? '';
      return {
        check: r.ruleId ?? 'UNKNOWN',
        // Global checks report "file:///": they are about the app as a whole.
        file: uri === '' || uri.startsWith('file://') ? '*' : uri.split(sep).join('/'),
        line: location?.region?.startLine ?? 0,
        level: r.level ?? 'warning',
        message: r.message?.text ?? '',
      };
    }),
  );
}

/** Problems with the allow-list itself: every entry needs a check id, a file, a count and a real reason. */
export function validateAllowlist(allowlist: Allowlist): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const e of allowlist.findings) {
    if (!/^[A-Z_]+$/.test(e.check ?? '')) problems.push(`allow-list entry ${JSON.stringify(e)} has no check id`);
    if (!e.file) problems.push(`allow-list entry for ${e.check} has no file`);
    if (!Number.isInteger(e.count) || e.count < 1) problems.push(`allow-list entry for ${e.check} in ${e.file} has no count`);
    if ((e.reason ?? '').trim().length < 20) problems.push(`allow-list entry for ${e.check} in ${e.file} has no real reason`);
    const key = `${e.check} ${e.file}`;
    if (seen.has(key)) problems.push(`allow-list has ${e.check} in ${e.file} twice`);
    seen.add(key);
  }
  for (const e of allowlist.excludedChecks) {
    if ((e.reason ?? '').trim().length < 20) problems.push(`excluded check ${e.check} has no real reason`);
  }
  return problems;
}

export interface Comparison {
  /** Findings nobody reviewed, one line each. */
  readonly unexpected: readonly string[];
  /** Allow-list entries that match fewer findings than they claim: the list must shrink with the code. */
  readonly stale: readonly string[];
}

export function compareWithAllowlist(findings: readonly ScanFinding[], allowlist: Allowlist): Comparison {
  const groups = new Map<string, ScanFinding[]>();
  for (const f of findings) {
    const key = `${f.check} ${f.file}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const unexpected: string[] = [];
  const stale: string[] = [];
  for (const [key, group] of groups) {
    const entry = allowlist.findings.find((e) => `${e.check} ${e.file}` === key);
    if (!entry) unexpected.push(...group.map(describeFinding));
    else if (group.length > entry.count) {
      unexpected.push(`${group.length - entry.count} more ${entry.check} in ${entry.file} than the ${entry.count} reviewed: ${group.map((f) => `line ${f.line}`).join(', ')}`);
    }
  }
  for (const e of allowlist.findings) {
    const found = groups.get(`${e.check} ${e.file}`)?.length ?? 0;
    if (found < e.count) stale.push(`${e.check} in ${e.file}: ${e.count} reviewed, ${found} found; lower the count or remove the entry`);
  }
  return { unexpected, stale };
}

export function describeFinding(f: ScanFinding): string {
  return `${f.check} in ${f.file}${f.line ? `:${f.line}` : ''} (${f.level}): ${f.message}`;
}

const scannedExtensions = /\.(ts|tsx|html)$/;
const isTest = /\.(test|spec)\.(ts|tsx)$/;

/** Copies what ships (electron/ and renderer/ sources, no tests) into `dest`, keeping paths. */
export function prepareScanTree(root: string, dest: string): string[] {
  const copied: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (scannedExtensions.test(entry.name) && !isTest.test(entry.name)) {
        mkdirSync(dirname(join(dest, rel)), { recursive: true });
        cpSync(join(root, rel), join(dest, rel));
        copied.push(rel.split(sep).join('/'));
      }
    }
  };
  walk('electron');
  walk('renderer');
  return copied;
}

/** Files containing an inline `eng-disable` comment, which would hide findings from the SARIF. */
export function inlineSuppressions(dir: string, files: readonly string[]): string[] {
  return files.filter((f) => /eng-disable/.test(readFileSync(join(dir, f), 'utf8')));
}

/**
 * Files the scanner's own parser cannot read. With `-o` the CLI skips them silently, so each one
 * would be a blind spot in the scan.
 */
export function unparsableFiles(root: string, dir: string, files: readonly string[]): string[] {
  const require = createRequire(join(root, 'package.json'));
  const { Parser } = require('@doyensec/electronegativity/dist/parser/parser.js') as {
    Parser: new (babelFirst: boolean, typescriptBabelFirst: boolean) => { parse(name: string, content: Buffer): unknown };
  };
  // The same parser settings as the CLI's runner.
  const parser = new Parser(false, true);
  const failed: string[] = [];
  for (const f of files) {
    try {
      parser.parse(join(dir, f), readFileSync(join(dir, f)));
    } catch (err) {
      failed.push(`${f}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return failed;
}

export interface ScanRun {
  readonly findings: ScanFinding[];
  readonly output: string;
  readonly seconds: number;
}

/** Spawns the Electronegativity CLI over `input` and returns its SARIF findings. */
export async function runElectronegativity(options: {
  readonly root: string;
  readonly input: string;
  readonly sarifFile: string;
  readonly excludedChecks: readonly string[];
}): Promise<ScanRun> {
  const { root } = options;
  const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
  const cli = join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
  const args = [
    '--import',
    join(root, 'scripts', 'hardening', 'scanner-offline.mjs'),
    cli,
    '-i',
    options.input,
    '-o',
    options.sarifFile,
    '-r',
    '-v',
    'false',
    // The version we ship, rather than whatever the scanner guesses from a package.json.
    '-e',
    electronVersion,
    ...(options.excludedChecks.length ? ['-x', options.excludedChecks.join(',')] : []),
  ];
  const started = Date.now();
  writeFileSync(options.sarifFile, '');
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LANG: 'en-US' } });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`electronegativity exited with ${code}: ${text.trim().slice(0, 500)}`))));
  });
  const sarif = readFileSync(options.sarifFile, 'utf8');
  if (!sarif) throw new Error(`electronegativity wrote no SARIF (${output.trim().slice(0, 300)})`);
  return { findings: parseSarif(sarif), output, seconds: (Date.now() - started) / 1000 };
}

/** Folder (inside the scan tree) for sources the gate renders from the real running configuration. */
export const renderedDir = 'hardening-rendered';

/**
 * The real main-window options as a literal `new BrowserWindow({...})`: the scanner only reads
 * literal arguments, so this is how it sees exactly what window.ts passes at run time.
 */
export function renderWindowSource(options: unknown): string {
  return [
    '// Rendered by the hardening gate from mainWindowOptions(): what window.ts passes at run time.',
    "import { BrowserWindow } from 'electron';",
    '',
    `export const win = new BrowserWindow(${JSON.stringify(options, null, 2)});`,
    '',
  ].join('\n');
}

/** A page carrying a served CSP as a meta tag, so the scanner's CSP evaluator reads it. */
export function renderCspPage(csp: string): string {
  return `<!doctype html>\n<html><head><meta http-equiv="Content-Security-Policy" content="${csp.replace(/"/g, '&quot;')}"></head><body></body></html>\n`;
}
