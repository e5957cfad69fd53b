// The page side of the UI detection benchmark, kept apart so it can be tested without a browser.

/**
 * Runs in the page before its own scripts: notes when each feed row first appears (or turns)
 * unverified and when the control state changes, on the same time base as the bench in Node.
 * A string, not a function: the page must get exactly this code, not a transpiled copy of it.
 */
export const domObserverScript = `(() => {
  const seen = new Set();
  const state = { last: null };
  window.__benchSeen = [];
  window.__benchState = [];
  const consider = (el, t) => {
    const id = el.getAttribute && el.getAttribute('data-testid');
    if (!id) return;
    if (id.startsWith('item-') && el.getAttribute('data-provenance') === 'unverified' && !seen.has(id)) {
      seen.add(id);
      window.__benchSeen.push([id, t]);
    } else if (id === 'control-state') {
      const s = el.getAttribute('data-state');
      if (s !== state.last) {
        state.last = s;
        window.__benchState.push([s, t]);
      }
    }
  };
  new MutationObserver((records) => {
    const t = performance.timeOrigin + performance.now();
    for (const r of records) {
      if (r.type === 'attributes') consider(r.target, t);
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        consider(n, t);
        n.querySelectorAll('[data-testid^="item-"], [data-testid="control-state"]').forEach((e) => consider(e, t));
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-provenance', 'data-state'] });
})();`;
