// A channel adapter for monitor tests: reads come from the test, everything else is an inert stub.
import type { ChannelAdapter } from '../../electron/channels/types';

export function stubAdapter(parts: Pick<ChannelAdapter, 'kind' | 'readSince'> & Partial<ChannelAdapter>): ChannelAdapter {
  return {
    capabilities: { publish: true, retract: 'delete', freezeActions: false, profile: false },
    renderedText: (v) => v.text,
    publish: async () => ({ readBack: 'item-id', channelItemId: '0', url: null, publishedAt: null }),
    retract: async () => ({ kind: 'already-gone' }),
    freezeActions: async () => [],
    runFreezeAction: async () => ({ done: false, detail: '' }),
    health: () => ({ state: 'ok' }),
    limits: () => [],
    ...parts,
  };
}
