// Which columns are on screen, in order, and the items each currently shows (after the filter).
// The keyboard (J/K/H/L/X) moves through what the person sees, which only the columns know.
import type { FeedItem } from '../../../../electron/shared/contract';

interface RegisteredColumn {
  readonly channelId: string;
  readonly order: number;
  readonly visible: () => readonly FeedItem[];
}

const columns = new Map<string, RegisteredColumn>();

export function registerColumn(column: RegisteredColumn): () => void {
  columns.set(column.channelId, column);
  return () => {
    if (columns.get(column.channelId) === column) columns.delete(column.channelId);
  };
}

export function columnsInOrder(): RegisteredColumn[] {
  return [...columns.values()].sort((a, b) => a.order - b.order);
}
