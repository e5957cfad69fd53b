// Hardening gate, dependency audit: `npm audit --json` over what ships (production dependencies and
// the Electron runtime), judged against security/audit-exceptions.json. The audit endpoint is part
// of the npm registry; where it cannot be reached (this project's build machines reach the registry
// through a proxy that refuses it) the check says so loudly and skips. A CI that can reach it sets
// CONTROL_ROOM_REQUIRE_AUDIT=1, and then an unreachable audit fails: no silent pass there.
import { describe, expect, it } from 'vitest';
import { auditUnavailable, evaluateAudit, isShipped, runNpmAudit, type AuditExceptions, type AuditReport, type Lockfile } from '../../scripts/hardening/audit';
import { readRepoJson, repoRoot } from '../helpers/hardening-repo';

const exceptions = readRepoJson<AuditExceptions>('security/audit-exceptions.json');
const lock = readRepoJson<Lockfile>('package-lock.json');
const today = new Date().toISOString().slice(0, 10);

describe('npm audit of what ships', () => {
  it('has no high or critical advisory without a reviewed exception', async (ctx) => {
    const { report, output } = await runNpmAudit(repoRoot);
    const unavailable = auditUnavailable(report, output);
    if (unavailable) {
      const line = `[hardening audit] the npm audit endpoint could not be reached (${unavailable})`;
      if (process.env['CONTROL_ROOM_REQUIRE_AUDIT'] === '1') throw new Error(`${line}; CONTROL_ROOM_REQUIRE_AUDIT=1, so this fails.`);
      console.warn(`${line}; SKIPPED (set CONTROL_ROOM_REQUIRE_AUDIT=1 where the registry's audit endpoint is reachable).`);
      ctx.skip(line);
      return;
    }
    const verdict = evaluateAudit(report as AuditReport, lock, exceptions, today);
    for (const line of verdict.excepted) console.warn(`[hardening audit] excepted: ${line}`);
    expect(verdict.blocking).toEqual([]);
    expect(verdict.problems).toEqual([]);
  }, 60_000);
});

describe('the audit verdict (on fixture reports)', () => {
  const fixtureLock: Lockfile = {
    packages: {
      '': {},
      'node_modules/ws': {},
      'node_modules/electron': { dev: true },
      'node_modules/vite': { dev: true },
      'node_modules/imapflow/node_modules/tar': {},
    },
  };
  const advisory = (severity: string, ghsa: string) => ({ source: 1, title: `${severity} thing`, url: `https://github.com/advisories/${ghsa}`, severity });
  const report = (name: string, node: string, severity: string, ghsa = 'GHSA-aaaa-bbbb-cccc'): AuditReport => ({
    vulnerabilities: { [name]: { name, severity, via: [advisory(severity, ghsa)], nodes: [node] } },
  });
  const none: AuditExceptions = { exceptions: [] };

  it('counts production dependencies and the Electron runtime as shipped, dev tools not', () => {
    expect(isShipped(fixtureLock, 'node_modules/ws')).toBe(true);
    expect(isShipped(fixtureLock, 'node_modules/imapflow/node_modules/tar')).toBe(true);
    expect(isShipped(fixtureLock, 'node_modules/electron')).toBe(true);
    expect(isShipped(fixtureLock, 'node_modules/vite')).toBe(false);
    // And in the real lockfile: Electron is a devDependency that ships anyway.
    expect(lock.packages['node_modules/electron']?.dev).toBe(true);
    expect(isShipped(lock, 'node_modules/electron')).toBe(true);
  });

  it.each([
    ['a high advisory in a production dependency', report('ws', 'node_modules/ws', 'high'), 1],
    ['a critical advisory in a nested production dependency', report('tar', 'node_modules/imapflow/node_modules/tar', 'critical'), 1],
    ['a high advisory in Electron (a devDependency that ships)', report('electron', 'node_modules/electron', 'high'), 1],
    ['a critical advisory in a build tool', report('vite', 'node_modules/vite', 'critical'), 0],
    ['a moderate advisory in a production dependency', report('ws', 'node_modules/ws', 'moderate'), 0],
  ] as const)('%s: %i blocking', (_what, fixture, blocking) => {
    expect(evaluateAudit(fixture, fixtureLock, none, today).blocking).toHaveLength(blocking);
  });

  it('lets a reviewed, unexpired exception through, and no other advisory', () => {
    const file: AuditExceptions = {
      exceptions: [{ advisory: 'GHSA-aaaa-bbbb-cccc', package: 'ws', reason: 'Only the server side is affected; we use ws as a loopback server with a 1 MiB cap.', reviewed: '2026-01-01', expires: '2999-01-01' }],
    };
    const verdict = evaluateAudit(report('ws', 'node_modules/ws', 'high'), fixtureLock, file, today);
    expect(verdict).toMatchObject({ blocking: [], problems: [] });
    expect(verdict.excepted).toHaveLength(1);
    expect(evaluateAudit(report('ws', 'node_modules/ws', 'high', 'GHSA-zzzz-zzzz-zzzz'), fixtureLock, file, today).blocking).toHaveLength(1);
  });

  it('fails on an expired exception, one without a reason, and one that matches nothing', () => {
    const expired: AuditExceptions = { exceptions: [{ advisory: 'GHSA-aaaa-bbbb-cccc', package: 'ws', reason: 'Reviewed once, long ago, and never again since.', reviewed: '2020-01-01', expires: '2020-06-01' }] };
    expect(evaluateAudit(report('ws', 'node_modules/ws', 'high'), fixtureLock, expired, today).blocking[0]).toContain('expired on 2020-06-01');
    const lazy: AuditExceptions = { exceptions: [{ advisory: 'GHSA-aaaa-bbbb-cccc', package: 'ws', reason: 'fine', reviewed: 'soon', expires: '2999-01-01' }] };
    const problems = evaluateAudit(report('ws', 'node_modules/ws', 'high'), fixtureLock, lazy, today).problems.join('\n');
    expect(problems).toContain('has no real reason');
    expect(problems).toContain('needs reviewed and expires dates');
    expect(evaluateAudit({ vulnerabilities: {} }, fixtureLock, expired, today).problems.join('\n')).toContain('matches no current advisory');
  });

  it('recognises an unreachable audit endpoint', () => {
    const offline: AuditReport = { message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk' };
    expect(auditUnavailable(offline, '')).toContain('405 Method Not Allowed');
    expect(auditUnavailable(null, 'npm error network ENOTFOUND\n')).toContain('ENOTFOUND');
    expect(auditUnavailable({ vulnerabilities: {} }, '')).toBeNull();
  });

  it('keeps the real exceptions file well-formed', () => {
    for (const e of exceptions.exceptions) {
      expect(e.reason.length, e.advisory).toBeGreaterThanOrEqual(20);
      expect(e.expires >= e.reviewed, e.advisory).toBe(true);
    }
  });
});
