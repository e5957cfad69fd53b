// The dependency audit: `npm audit --json` judged against security/audit-exceptions.json. What
// counts is what ships: production dependencies (not marked dev in package-lock.json) plus the
// Electron runtime itself, which electron-builder bundles although it is a devDependency (so
// `--omit=dev` alone would never look at Chromium's advisories). High or critical fails unless a
// reviewed, unexpired exception names the advisory and package.
import { spawn } from 'node:child_process';

export interface AuditException {
  /** GHSA id (GHSA-xxxx-xxxx-xxxx) or npm advisory number. */
  readonly advisory: string;
  readonly package: string;
  readonly reason: string;
  /** YYYY-MM-DD: when someone last looked at it. */
  readonly reviewed: string;
  /** YYYY-MM-DD: after this the exception no longer counts and must be reviewed again. */
  readonly expires: string;
}

export interface AuditExceptions {
  readonly exceptions: readonly AuditException[];
}

interface AuditVia {
  readonly source?: number;
  readonly name?: string;
  readonly title?: string;
  readonly url?: string;
  readonly severity?: string;
}

export interface AuditReport {
  readonly vulnerabilities?: Record<string, { readonly name: string; readonly severity: string; readonly via: readonly (string | AuditVia)[]; readonly nodes: readonly string[] }>;
  readonly message?: string;
  readonly error?: { readonly summary?: string; readonly detail?: string; readonly code?: string };
}

export interface Lockfile {
  readonly packages: Record<string, { readonly dev?: boolean; readonly devOptional?: boolean }>;
}

/** Packages electron-builder puts in the installer although package.json lists them as dev. */
export const shippedDevPackages = ['electron'] as const;

export function isShipped(lock: Lockfile, node: string): boolean {
  const name = node.slice(node.lastIndexOf('node_modules/') + 'node_modules/'.length);
  if ((shippedDevPackages as readonly string[]).includes(name) && node === `node_modules/${name}`) return true;
  const entry = lock.packages[node];
  return entry !== undefined && entry.dev !== true && entry.devOptional !== true;
}

const blockingSeverities = new Set(['high', 'critical']);

function advisoryId(via: AuditVia): string {
  return /GHSA-[\w-]+/.exec(via.url ?? '')?.[0] ?? String(via.source ?? via.title ?? 'unknown');
}

export interface AuditVerdict {
  /** High/critical advisories in shipped packages with no valid exception. */
  readonly blocking: string[];
  /** Advisories let through by an exception, for the log. */
  readonly excepted: string[];
  /** Problems with the exceptions file itself (no reason, expired, stale). */
  readonly problems: string[];
}

const isDay = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));

export function evaluateAudit(report: AuditReport, lock: Lockfile, file: AuditExceptions, today: string): AuditVerdict {
  const blocking: string[] = [];
  const excepted: string[] = [];
  const problems: string[] = [];
  const used = new Set<AuditException>();
  for (const e of file.exceptions) {
    if ((e.reason ?? '').trim().length < 20) problems.push(`exception ${e.advisory} (${e.package}) has no real reason`);
    if (!isDay(e.reviewed ?? '') || !isDay(e.expires ?? '')) problems.push(`exception ${e.advisory} (${e.package}) needs reviewed and expires dates (YYYY-MM-DD)`);
  }
  for (const vuln of Object.values(report.vulnerabilities ?? {})) {
    if (!vuln.nodes.some((n) => isShipped(lock, n))) continue;
    for (const via of vuln.via) {
      // A string names another vulnerable package; its advisories are judged on its own entry.
      if (typeof via === 'string' || !blockingSeverities.has(via.severity ?? '')) continue;
      const id = advisoryId(via);
      const line = `${via.severity} ${id} in ${vuln.name}: ${via.title ?? ''}`.trim();
      const exception = file.exceptions.find((e) => e.advisory === id && e.package === vuln.name);
      if (!exception) blocking.push(line);
      else if (exception.expires < today) {
        blocking.push(`${line} (its exception expired on ${exception.expires}: review it again)`);
        used.add(exception);
      } else {
        excepted.push(`${line} (excepted until ${exception.expires}: ${exception.reason})`);
        used.add(exception);
      }
    }
  }
  for (const e of file.exceptions) {
    if (!used.has(e)) problems.push(`exception ${e.advisory} (${e.package}) matches no current advisory: remove it`);
  }
  return { blocking, excepted, problems };
}

/** Why the audit produced no report (endpoint unreachable, npm error), or null when it did. */
export function auditUnavailable(report: AuditReport | null, output: string): string | null {
  if (report && report.vulnerabilities) return null;
  const why = report?.message ?? report?.error?.summary ?? output.split('\n').find((l) => l.trim()) ?? 'no output';
  return why.trim().slice(0, 200);
}

/** Runs `npm audit --json` with the npm that runs this process (or npm on PATH). */
export async function runNpmAudit(root: string): Promise<{ report: AuditReport | null; output: string; seconds: number }> {
  const npmCli = process.env['npm_execpath'];
  const [command, args] = npmCli && /npm-cli\.js$/.test(npmCli) ? [process.execPath, [npmCli, 'audit', '--json']] : ['npm', ['audit', '--json']];
  const started = Date.now();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', reject);
    // npm audit exits 1 whenever it finds anything (or fails): the JSON is the verdict.
    child.on('exit', () => resolve(text));
  });
  let report: AuditReport | null = null;
  try {
    report = JSON.parse(output) as AuditReport;
  } catch {
    report = null;
  }
  return { report, output, seconds: (Date.now() - started) / 1000 };
}
