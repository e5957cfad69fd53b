// What waited for the network goes once its channel reads again: a monitor listener that tells
// the outbox when a channel's health is back to ok after being anything else.
import type { MonitorListener } from '../monitor/monitor';
import type { Outbox } from './outbox';

export function networkReturnListener(outbox: Pick<Outbox, 'networkReturned'>): MonitorListener {
  const lastHealth = new Map<string, string>();
  return {
    health: ({ channelId, health }) => {
      const before = lastHealth.get(channelId);
      lastHealth.set(channelId, health.state);
      if (health.state === 'ok' && before !== undefined && before !== 'ok') return outbox.networkReturned(channelId);
      return undefined;
    },
  };
}
