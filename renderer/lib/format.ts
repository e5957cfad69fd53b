// Time and link formatting shared by the columns, the control bar and the detail view. Times are
// 24-hour clock times: in an incident people say "the 23:04 tweet", not "11:04 pm".
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const clockShort = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23' });

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

// Intl formatting is slow next to everything else a row does, and rows re-render when items
// arrive above them: remember recent answers (bounded, so a long incident cannot grow it forever).
function remembered(format: (iso: string) => string): (iso: string | null | undefined) => string {
  const cache = new Map<string, string>();
  return (iso) => {
    if (!iso) return format('');
    let out = cache.get(iso);
    if (out === undefined) {
      if (cache.size > 10_000) cache.clear();
      out = format(iso);
      cache.set(iso, out);
    }
    return out;
  };
}

/** 23:04:12 */
export const formatClock = remembered((iso) => {
  const d = parse(iso);
  return d ? clock.format(d) : '—';
});

/** 23:04 */
export function formatClockShort(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? clockShort.format(d) : '—';
}

/** 20 Jul 2019, 23:04:12 — for the detail view and tooltips. */
export const formatDateTime = remembered((iso) => {
  const d = parse(iso);
  return d ? dateTime.format(d) : 'unknown';
});

/** "4 s ago", "3 min ago", "2 h ago": for last-read times that tick. */
export function formatAgo(iso: string | null | undefined, now: number): string {
  const d = parse(iso);
  if (!d) return 'never';
  const s = Math.max(0, Math.round((now - d.getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  return `${Math.floor(m / 60)} h ago`;
}

/**
 * The real host of a link, for showing beside it: attackers put a trusted-looking address in the
 * text and a different one in the target. Null when it is not a parseable absolute URL.
 */
export function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.host || null;
  } catch {
    return null;
  }
}

/** The scheme of a link ("https", "javascript", …), lower-case, or null when unparseable. */
export function schemeOf(url: string): string | null {
  try {
    return new URL(url).protocol.replace(/:$/, '').toLowerCase();
  } catch {
    return null;
  }
}

/** The IANA zone this screen shows times in ("Europe/London"). */
export function localTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "UTC+1", "UTC+5:30", "UTC" for a zone at an instant (offsets change with summer time). */
export function utcOffsetLabel(at: Date, timeZone: string): string {
  const part = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName');
  const offset = (part?.value ?? 'GMT').replace(/^GMT/, '');
  return offset === '' ? 'UTC' : `UTC${offset}`;
}

/**
 * A time to act on, in this screen's zone, with the zone named so nobody has to guess:
 * "23:00 Europe/London (UTC+1)", with the day in front when it is not today there.
 */
export function formatZoned(iso: string | null | undefined, options: { readonly timeZone?: string; readonly now?: Date } = {}): string {
  const d = parse(iso);
  if (!d) return '—';
  const timeZone = options.timeZone ?? localTimeZone();
  const day = (at: Date) => new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  const sameDay = day(d) === day(options.now ?? new Date());
  const date = sameDay ? '' : `${new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(d)} `;
  return `${date}${time} ${timeZone} (${utcOffsetLabel(d, timeZone)})`;
}
