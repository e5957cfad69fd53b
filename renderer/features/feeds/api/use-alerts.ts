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

export function useAlerts(): Alerts {
  const live = useUnverifiedLive();
  const acknowledged = useAcknowledged();
  const unacknowledged = useMemo(() => live.filter((i) => !acknowledged[itemKey(i)]), [live, acknowledged]);
  return { live, unacknowledged };
}
