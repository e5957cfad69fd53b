// Pushed events from the core, each patching exactly the cached data it concerns. Mounted while
// someone is signed in (locked included: the columns stay current behind the lock screen).
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { applyLockStepRecorded } from '../features/control/api/lock';
import { applyDemoStatus } from '../features/demo/api/demo';
import { applyFeedGone, applyFeedItems } from '../features/feeds/api/feed';
import { applyReaderChanged } from '../features/feeds/api/readers';
import { applyRetractionProgress } from '../features/feeds/api/retraction-progress';
import { correctionOffered } from '../features/feeds/state/correction-store';
import { applyIncidentChanged } from '../features/incident/api/incident';
import { sessionKeys } from '../features/session/api/session';
import { applyAnomalyChanged } from '../features/settings/api/anomaly';
import { applySettingChanged } from '../features/settings/api/settings';
import { applyStatementsChanged } from '../features/statements/api/statements';
import { applyTemplatesChanged } from '../features/templates/api/templates';
import { breakGlassAlerted } from '../features/templates/state/break-glass-store';
import { applyChannelReport } from '../lib/api/channels';
import { applyFreezeChanged } from '../lib/api/freeze-state';
import { applyAwaitingChanged, applyOutboxProgress } from '../lib/api/outbox';
import { useTransport } from '../lib/transport-context';

export function useServerEvents(): void {
  const transport = useTransport();
  const queryClient = useQueryClient();
  useEffect(() => {
    const off = [
      transport.on('feed.items', (p) => applyFeedItems(queryClient, p)),
      transport.on('feed.gone', (p) => applyFeedGone(queryClient, p)),
      transport.on('channels.report', (p) => applyChannelReport(queryClient, p)),
      transport.on('desks.readerChanged', () => applyReaderChanged(queryClient)),
      transport.on('demo.status', (p) => applyDemoStatus(queryClient, p)),
      transport.on('control.freezeChanged', (p) => {
        applyFreezeChanged(queryClient, p);
        // A freeze takes over what held a send; an unfreeze may hand it back to a confirmation.
        applyAwaitingChanged(queryClient);
        applyIncidentChanged(queryClient);
      }),
      transport.on('retraction.progress', (p) => {
        applyRetractionProgress(queryClient, p);
        if (p.correctionOffered) correctionOffered(p);
        applyIncidentChanged(queryClient);
      }),
      transport.on('statements.changed', () => {
        applyStatementsChanged(queryClient);
        applyIncidentChanged(queryClient);
      }),
      transport.on('outbox.progress', (p) => {
        applyOutboxProgress(queryClient, p);
        applyIncidentChanged(queryClient);
      }),
      transport.on('templates.changed', () => applyTemplatesChanged(queryClient)),
      transport.on('outbox.awaitingConfirmation', () => applyAwaitingChanged(queryClient)),
      transport.on('templates.breakGlassReviewed', () => applyIncidentChanged(queryClient)),
      transport.on('alert.breakGlass', (p) => {
        breakGlassAlerted(p);
        applyIncidentChanged(queryClient);
      }),
      transport.on('lock.stepRecorded', () => {
        applyLockStepRecorded(queryClient);
        applyIncidentChanged(queryClient);
      }),
      transport.on('settings.anomalyChanged', (p) => applyAnomalyChanged(queryClient, p)),
      transport.on('settings.changed', (p) => {
        applySettingChanged(queryClient, p);
        // A new idle time moves this window's lock moment.
        if (p.key === 'session.idleLockMinutes') void queryClient.invalidateQueries({ queryKey: sessionKeys.all });
      }),
    ];
    return () => {
      for (const o of off) o();
    };
  }, [transport, queryClient]);
}
