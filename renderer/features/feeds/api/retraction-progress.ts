// retraction.progress: an item being taken back shows it in its column, with the ETA or why it
// could not be. The retraction itself is the control feature's; the cached columns are this one's.
import type { QueryClient } from '@tanstack/react-query';
import type { EventPayload, FeedItem } from '../../../../electron/shared/contract';
import { feedKeys } from './feed';

const itemStatusOf: Record<EventPayload<'retraction.progress'>['state'], FeedItem['status']> = {
  queued: 'retracting',
  waiting: 'retracting',
  retracting: 'retracting',
  retracted: 'retracted',
  'already-gone': 'gone',
  impossible: 'impossible',
  failed: 'failed',
};

/** The item's status in its column follows the job, with the ETA or why. */
export function applyRetractionProgress(client: QueryClient, p: EventPayload<'retraction.progress'>): void {
  const detail = [p.detail, p.eta && itemStatusOf[p.state] === 'retracting' ? `expected by ${new Date(p.eta).toLocaleTimeString()}` : null]
    .filter(Boolean)
    .join(' · ');
  client.setQueryData<readonly FeedItem[]>(feedKeys.list(p.channelId), (old) => {
    if (!old) return old;
    const at = old.findIndex((i) => i.itemId === p.itemId);
    if (at < 0) return old;
    const next = old.slice();
    next[at] = { ...old[at]!, status: itemStatusOf[p.state], statusDetail: detail || null };
    return next;
  });
}
