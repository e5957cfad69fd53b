// The keyboard: F freezes (the same as the Freeze all button), / jumps to the filter, J/K move
// down/up a column, H/L move between columns, X selects, Enter or O opens the item, ? lists the
// keys. Ignored while typing in a field or while a dialog is open, so no key is ever stolen.
import { useEffect } from 'react';
import type { FeedItem } from '../../electron/shared/contract';
import { useControlUiActions } from '../features/control/state/control-ui-store';
import { filterInputId } from '../features/feeds/components/filter-bar';
import { columnsInOrder } from '../features/feeds/state/column-registry';
import { readFeedUi, useFeedUiActions } from '../features/feeds/state/feed-ui-store';
import { readWorkspace, useWorkspaceActions } from '../lib/workspace-store';

const textInputTypes = new Set(['text', 'search', 'password', 'email', 'number', 'url', 'tel', 'date', 'datetime-local', 'time']);

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && textInputTypes.has(target.type);
}

/** The item under the cursor and its column's visible items, or the first column's first item. */
function cursorPosition(): { column: number; index: number; items: readonly FeedItem[] } | null {
  const columns = columnsInOrder();
  const cursor = readFeedUi().cursor;
  const at = cursor ? columns.findIndex((c) => c.channelId === cursor.channelId) : -1;
  if (at >= 0 && cursor) {
    const items = columns[at]!.visible();
    return { column: at, index: items.findIndex((i) => i.itemId === cursor.itemId), items };
  }
  return null;
}

export function useShortcuts(): void {
  const { freezeRequested } = useControlUiActions();
  const { cursorMovedByKeyboard, itemSelectionToggled, detailOpened } = useFeedUiActions();
  const { viewChosen, helpToggled, announced } = useWorkspaceActions();

  useEffect(() => {
    const moveInColumn = (delta: number): void => {
      const pos = cursorPosition();
      if (!pos) {
        const first = columnsInOrder().find((c) => c.visible().length > 0);
        const item = first?.visible()[0];
        if (item) cursorMovedByKeyboard(item);
        return;
      }
      const next = pos.items[Math.min(pos.items.length - 1, Math.max(0, pos.index < 0 ? 0 : pos.index + delta))];
      if (next) cursorMovedByKeyboard(next);
    };
    const moveColumn = (delta: number): void => {
      const columns = columnsInOrder();
      const pos = cursorPosition();
      for (let c = (pos?.column ?? -delta) + delta; c >= 0 && c < columns.length; c += delta) {
        const items = columns[c]!.visible();
        const item = items[Math.min(items.length - 1, Math.max(0, pos?.index ?? 0))];
        if (item) return cursorMovedByKeyboard(item);
      }
    };

    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const onColumns = readWorkspace().view === 'columns';
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      const handled = (): void => e.preventDefault();
      switch (key) {
        case 'f':
          handled();
          freezeRequested();
          return;
        case '/':
          handled();
          viewChosen('columns');
          requestAnimationFrame(() => document.getElementById(filterInputId)?.focus());
          return;
        case '?':
          handled();
          helpToggled(true);
          return;
      }
      if (!onColumns) return;
      switch (key) {
        case 'j':
          handled();
          return moveInColumn(1);
        case 'k':
          handled();
          return moveInColumn(-1);
        case 'h':
          handled();
          return moveColumn(-1);
        case 'l':
          handled();
          return moveColumn(1);
        case 'x': {
          const cursor = readFeedUi().cursor;
          if (!cursor) return announced('Move to an item first (J or K).');
          handled();
          itemSelectionToggled(cursor);
          const count = Object.keys(readFeedUi().selected).length;
          return announced(`${count} ${count === 1 ? 'item' : 'items'} selected.`);
        }
        case 'o':
        case 'Enter': {
          // Enter on a button or checkbox belongs to that control.
          if (key === 'Enter' && e.target instanceof HTMLElement && e.target.closest('button, input, a, select, summary')) return;
          const cursor = readFeedUi().cursor;
          if (!cursor) return;
          handled();
          return detailOpened(cursor);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [freezeRequested, cursorMovedByKeyboard, itemSelectionToggled, detailOpened, viewChosen, helpToggled, announced]);
}
