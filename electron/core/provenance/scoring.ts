// Anomaly signals that set the severity of an unverified item. Every unverified item alerts; the
// severity orders attention when many arrive at once. Pure and cheap: it runs on every item.
import { domainToASCII } from 'node:url';
import type { Severity, Signal } from '../../store/records';
import { builtInPatterns } from './lexicon';

export interface ScoringContext {
  readonly observedAt: Date;
  /** Times (ms) of the channel's items seen in the last hour, this one excluded. */
  readonly recentItemTimes: readonly number[];
  /** The channel's usual items per hour (its own baseline); 0 when unknown. */
  readonly baselinePerHour: number;
  /** Link domains this channel has used in verified items, plus the bureau's own. */
  readonly knownDomains: ReadonlySet<string>;
  readonly profileChanged: boolean;
  /** Bureau office hours in its own time zone: [start, end) in hours. */
  readonly officeHours: { readonly start: number; readonly end: number; readonly timeZone: string };
  /** The abusive-language lexicon (lexicon.ts); the built-in one when not given. */
  readonly abusivePatterns?: readonly RegExp[];
}

export interface Score {
  readonly severity: Severity;
  readonly signals: readonly Signal[];
}

const burstWindowMs = 10 * 60 * 1000;

const urlPattern = /\bhttps?:\/\/([^\s/?#<>"']+)/gi;

export function linkDomains(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(urlPattern)) {
    let host = (m[1] ?? '').toLowerCase().replace(/:\d+$/, '');
    // An internationalised name is compared as punycode, the form own domains are stored in.
    if (/[^!-~]/.test(host)) host = domainToASCII(host) || host;
    host = host.replace(/^www\./, '');
    if (host) out.add(host);
  }
  return [...out];
}

function isKnown(domain: string, known: ReadonlySet<string>): boolean {
  if (known.has(domain)) return true;
  for (const k of known) if (domain.endsWith(`.${k}`)) return true;
  return false;
}

const hourFormatters = new Map<string, Intl.DateTimeFormat>();
function localHour(at: Date, timeZone: string): number {
  let f = hourFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone });
    hourFormatters.set(timeZone, f);
  }
  return Number(f.format(at));
}

export function severityFor(totalWeight: number): Severity {
  if (totalWeight >= 5) return 'critical';
  if (totalWeight >= 3) return 'high';
  if (totalWeight >= 1) return 'medium';
  return 'low';
}

export function scoreUnverified(text: string, ctx: ScoringContext): Score {
  const signals: Signal[] = [];
  const now = ctx.observedAt.getTime();
  const inWindow = ctx.recentItemTimes.filter((t) => now - t <= burstWindowMs).length + 1;
  const expected = (ctx.baselinePerHour * burstWindowMs) / 3_600_000;
  if (inWindow >= 3 && inWindow > 3 * expected) {
    signals.push({ kind: 'burst', detail: `${inWindow} items in 10 minutes (usual: ${expected.toFixed(1)})`, weight: 2 });
  }
  const hour = localHour(ctx.observedAt, ctx.officeHours.timeZone);
  const { start, end } = ctx.officeHours;
  const inHours = start <= end ? hour >= start && hour < end : hour >= start || hour < end;
  if (!inHours) signals.push({ kind: 'off-hours', detail: `posted at ${String(hour).padStart(2, '0')}:xx, outside office hours`, weight: 1 });
  if ((ctx.abusivePatterns ?? builtInPatterns).some((p) => p.test(text))) signals.push({ kind: 'abusive-language', detail: 'abusive language', weight: 3 });
  const unknown = linkDomains(text).filter((d) => !isKnown(d, ctx.knownDomains));
  if (unknown.length > 0) signals.push({ kind: 'unknown-link-domain', detail: `links to ${unknown.join(', ')}`, weight: 2 });
  if (ctx.profileChanged) signals.push({ kind: 'profile-changed', detail: 'display name or bio changed', weight: 3 });
  return { severity: severityFor(signals.reduce((s, x) => s + x.weight, 0)), signals };
}
