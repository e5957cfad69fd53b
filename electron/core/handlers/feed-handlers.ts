// Contract handlers for the columns: a channel's items, one item with its HTML and raw payload,
// and adoption (a supervisor vouches for an unverified item, with a reason).
import { AppError } from '../../shared/result';
import { feedItemsWithMedia, feedItemWithMedia } from '../channels/channel-service';
import type { NamespaceHandlers } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

export function feedHandlers({ channels, monitorRepo, mediaRepo, events, clock }: Pick<HandlerDeps, 'channels' | 'monitorRepo' | 'mediaRepo' | 'events' | 'clock'>): NamespaceHandlers<'feed'> {
  const toFeedItem = feedItemWithMedia(mediaRepo);
  return {
    'feed.list': ({ channelId, limit }) => {
      channels.adapter(channelId);
      return feedItemsWithMedia(mediaRepo, channelId, monitorRepo.list(channelId, limit));
    },
    'feed.item': ({ channelId, itemId }) => {
      const item = monitorRepo.get(channelId, itemId);
      if (!item) throw new AppError('NOT_FOUND', 'That item is not in the feed (it may belong to a previous demo run).');
      return { item: toFeedItem(item), html: item.html, raw: item.raw };
    },
    'feed.adopt': ({ channelId, itemId, reason }, { principal }) => {
      const item = monitorRepo.get(channelId, itemId);
      if (!item) throw new AppError('NOT_FOUND', 'That item is not in the feed.');
      if (item.provenance !== 'unverified') throw new AppError('CONFLICT', `That item is already ${item.provenance}.`);
      monitorRepo.transaction(() => {
        monitorRepo.adopt(channelId, itemId, principal.id, reason, clock.now().toISOString());
        monitorRepo.setProvenance(channelId, itemId, 'adopted', 'adoption');
      });
      const adopted = toFeedItem(monitorRepo.get(channelId, itemId)!);
      events.emit('feed.items', { channelId, items: [adopted] });
      return adopted;
    },
  };
}
