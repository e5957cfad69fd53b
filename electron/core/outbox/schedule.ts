// When a scheduled statement may go out: a real instant in the future, not absurdly far ahead.
// Past its approval window is allowed on purpose: the gate holds it at send time for a
// supervisor's confirmation (the same rule as a send that waited for the network), so a
// statement planned for tomorrow morning can be scheduled tonight.
import { AppError } from '../../shared/result';
import { maxScheduleDaysAhead } from '../../shared/rules';

/** The instant as stored (UTC ISO), or a BAD_INPUT naming what to do. */
export function checkScheduledTime(at: string, now: Date): string {
  const when = Date.parse(at);
  if (!Number.isFinite(when)) throw new AppError('BAD_INPUT', 'That is not a time: choose a date and time to schedule it for.');
  if (when <= now.getTime()) {
    throw new AppError('BAD_INPUT', `That time (${new Date(when).toISOString()}) has already passed. Choose a time in the future, or publish now.`);
  }
  if (when - now.getTime() > maxScheduleDaysAhead * 24 * 60 * 60_000) {
    throw new AppError('BAD_INPUT', `That is more than ${maxScheduleDaysAhead} days ahead; check the date. Schedule closer to the time.`);
  }
  return new Date(when).toISOString();
}
