// Contract handlers for the columns: a channel's items, one item with its HTML and raw payload,
// and adoption (a supervisor vouches for an unverified item, with a reason).
import { AppError } from '../../shared/result';
import { feedItemsWithMedia, feedItemWithMedia } from '../channels/channel-service';
import type { NamespaceHandlers } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

export function feedHandlers({ channels, monitorRepo, mediaRepo, events, clock }: Pick<HandlerDeps, 'channels' | 'monitorRepo' | 'mediaRepo' | 'events' | 'clock'>): NamespaceHandlers<'feed'> {
  const toFeedItem = feedItemWithMedia(mediaRepo);
  return {
    'feed.list': async ({ channelId, limit }) => {
      channels.adapter(channelId);
      return feedItemsWithMedia(mediaRepo, channelId, await monitorRepo.list(channelId, limit));
    },
    'feed.item': async ({ channelId, itemId }) => {
      const item = await monitorRepo.get(channelId, itemId);
      if (!item) throw new AppError('NOT_FOUND', 'That item is not in the feed (it may belong to a previous demo run).');
      return { item: await toFeedItem(item), html: item.html, raw: item.raw };
    },
    'feed.adopt': async ({ channelId, itemId, reason }, { principal }) => {
      // Checked and adopted in one transaction: two supervisors adopting at once, only one records it.
      const adopted = await monitorRepo.transaction(async () => {
        const item = await monitorRepo.get(channelId, itemId);
        if (!item) throw new AppError('NOT_FOUND', 'That item is not in the feed.');
        if (item.provenance !== 'unverified') throw new AppError('CONFLICT', `That item is already ${item.provenance}.`);
        await monitorRepo.adopt(channelId, itemId, principal.id, reason, clock.now().toISOString());
        await monitorRepo.setProvenance(channelId, itemId, 'adopted', 'adoption');
        return await toFeedItem({ ...item, provenance: 'adopted', matchedBy: 'adoption' });
      });
      events.emit('feed.items', { channelId, items: [adopted] });
      return adopted;
    },
  };
}
