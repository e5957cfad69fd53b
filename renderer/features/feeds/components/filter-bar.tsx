// Above the columns: the text filter ("/" jumps here), "unverified only", and the selection.
import { useSelectedCount, useFeedFilter, useFeedUiActions } from '../state/feed-ui-store';

export const filterInputId = 'feed-filter';

export function FilterBar() {
  const filter = useFeedFilter();
  const selectedCount = useSelectedCount();
  const { filterChanged, unverifiedOnlyToggled, selectionCleared } = useFeedUiActions();
  return (
    <div className="filter-bar" role="search" aria-label="Filter the columns">
      <label htmlFor={filterInputId} className="filter-bar__label">
        Filter
      </label>
      <input
        id={filterInputId}
        type="search"
        className="field__input filter-bar__input"
        placeholder="Text or link (press / to jump here)"
        value={filter.text}
        onChange={(e) => filterChanged(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
        }}
        aria-keyshortcuts="/"
        data-testid="feed-filter"
      />
      <label className="checkbox">
        <input type="checkbox" checked={filter.unverifiedOnly} onChange={unverifiedOnlyToggled} data-testid="unverified-only" />
        Unverified only
      </label>
      <span className="filter-bar__selection" role="status" data-testid="selection-count">
        {selectedCount === 0 ? 'No items selected' : `${selectedCount} selected`}
      </span>
      {selectedCount > 0 ? (
        <button type="button" className="button button--small" onClick={selectionCleared}>
          Clear selection
        </button>
      ) : null}
      <span className="filter-bar__keys" aria-hidden="true">
        J/K move · H/L column · X select · Enter details · F freeze · ? keys
      </span>
    </div>
  );
}
