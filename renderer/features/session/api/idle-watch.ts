// Keeps the screen in step with the core's idle lock without polling. Signed-in calls count as
// activity in the core; the session state itself (a public call) does not. The screen asks for the
// state just after the moment the core would lock it, and reports a person's presence (keys,
// pointer) with accounts.activity at most once a minute, so someone working on the screen is not
// locked out mid-incident.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { SessionState } from '../../../../electron/shared/contract';
import { callOrThrow, lastCoreCallAt } from '../../../lib/call';
import { useTransport } from '../../../lib/transport-context';
import { sessionKeys } from './session';

const presenceEveryMs = 60_000;
/** Ask a moment after the lock would fall: asking before it counts as activity and defers it. */
const checkAfterMs = 1500;

export function useIdleLockWatch(state: SessionState | undefined, fetchedAt: number): void {
  const queryClient = useQueryClient();
  const transport = useTransport();
  const locksAt = state?.session.state === 'active' ? Date.parse(state.session.locksAt) : null;

  useEffect(() => {
    if (locksAt === null || Number.isNaN(locksAt)) return;
    const idleMs = Math.max(60_000, locksAt - fetchedAt);
    const recheck = (): void => void queryClient.invalidateQueries({ queryKey: sessionKeys.all });
    let timer: ReturnType<typeof setTimeout> | null = null;
    const schedule = (): void => {
      const due = Math.max(locksAt, lastCoreCallAt() + idleMs) + checkAfterMs;
      const wait = due - Date.now();
      timer = setTimeout(() => {
        // Another call since scheduling moved the lock later: wait for the new moment instead.
        if (lastCoreCallAt() + idleMs + checkAfterMs > Date.now() + 1000) schedule();
        else recheck();
      }, Math.max(0, Math.min(wait, 2 ** 31 - 1)));
    };
    schedule();

    const presence = (): void => {
      if (Date.now() - lastCoreCallAt() <= presenceEveryMs) return;
      void callOrThrow(transport, 'accounts.activity', {})
        .then((next) => queryClient.setQueryData(sessionKeys.all, next))
        .catch(recheck);
    };
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, presence, { passive: true });
    return () => {
      if (timer !== null) clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, presence);
    };
  }, [locksAt, fetchedAt, queryClient, transport]);
}
