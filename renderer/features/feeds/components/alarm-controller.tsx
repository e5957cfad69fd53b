// Sounds the alarm and flashes the window title while any unverified live item is unacknowledged.
// Runs whenever someone is signed in, locked or not: a locked desk still needs to hear it.
import { useEffect, useRef } from 'react';
import { startAlarm, unlockAudioOnFirstGesture } from '../../../lib/alarm';
import { useAlerts } from '../api/use-alerts';

const baseTitle = 'Control Room';

export function AlarmController() {
  const { live, unacknowledged } = useAlerts();
  const sounding = unacknowledged.length > 0;
  const severe = unacknowledged.some((i) => i.severity === 'high' || i.severity === 'critical');

  useEffect(() => unlockAudioOnFirstGesture(), []);

  useEffect(() => {
    if (!sounding) return;
    return startAlarm(severe);
  }, [sounding, severe]);

  // The flashing rhythm must not restart with every new item (a burst would freeze it "on"): the
  // interval depends on whether the alarm sounds, and reads the count through a ref.
  const count = useRef(live.length);
  count.current = live.length;
  const alarmTitle = (): string => `⚠ ALERT (${count.current}) — ${baseTitle}`;
  const steadyTitle = (): string => (count.current > 0 ? `ALERT (${count.current}) — ${baseTitle}` : baseTitle);

  useEffect(() => {
    if (!sounding) return;
    let on = true;
    document.title = alarmTitle();
    const timer = setInterval(() => {
      on = !on;
      document.title = on ? alarmTitle() : `${count.current} UNVERIFIED LIVE`;
    }, 1000);
    return () => clearInterval(timer);
  }, [sounding]);

  useEffect(() => {
    if (!sounding) document.title = steadyTitle();
  }, [sounding, live.length]);

  useEffect(() => () => void (document.title = baseTitle), []);
  return null;
}
