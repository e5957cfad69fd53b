// Publishes the way the app's outbox does, for tests that need "published through the app"
// items: the ledger entry is recorded (open, by content hash) before the send, so the monitor can
// never see the item before the ledger knows it; the channel's id is bound afterwards.
import type { ChannelAdapter, PublishResult, Variant } from '../../electron/channels/types';
import { contentHash } from '../../electron/core/provenance/normalise';
import type { MonitorRepository } from '../../electron/store/repositories';

export async function publishThroughApp(repo: MonitorRepository, channelId: string, adapter: ChannelAdapter, variant: Variant, statementId: string): Promise<PublishResult> {
  const hash = contentHash(adapter.renderedText(variant));
  await repo.recordPublication({ channelId, itemId: null, contentHash: hash, statementId, approvers: ['test-author', 'test-supervisor'], publishedAt: new Date().toISOString() });
  const result = await adapter.publish(variant, statementId);
  if (result.readBack === 'item-id') await repo.bindOpenPublication(channelId, hash, result.channelItemId);
  return result;
}
