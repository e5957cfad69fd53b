// The alert as the screen shows it: every unverified live item, and those not yet acknowledged.
import { useMemo } from 'react';
import type { FeedItem } from '../../../../electron/shared/contract';
import { itemKey } from '../../../lib/item-ref';
import { useAcknowledged } from '../state/alert-store';
import { useUnverifiedLive } from './unverified';

export interface Alerts {
  readonly live: readonly FeedItem[];
  readonly unacknowledged: readonly FeedItem[];
}

/**
 * What acknowledging an item silences: the item as it read then. Edited on its channel afterwards
 * (other text, or another signal saying what it read before), it is a new alarm.
 */
export const alertKey = (item: FeedItem): string => [itemKey(item), item.text, ...item.signals.map((s) => `${s.kind} ${s.detail}`)].join('\n');

export function unacknowledgedOf(live: readonly FeedItem[], acknowledged: Readonly<Record<string, true>>): readonly FeedItem[] {
  return live.filter((i) => !acknowledged[alertKey(i)]);
}

export function useAlerts(): Alerts {
  const live = useUnverifiedLive();
  const acknowledged = useAcknowledged();
  const unacknowledged = useMemo(() => unacknowledgedOf(live, acknowledged), [live, acknowledged]);
  return { live, unacknowledged };
}
