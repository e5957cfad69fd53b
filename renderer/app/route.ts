// The two pages this bundle serves: the app (its fragment carries the browser-mode token), and the
// performance page at #/perf?… which needs no core.
export type Route = 'app' | 'perf';

export function currentRoute(hash: string = window.location.hash): Route {
  return hash.startsWith('#/perf') ? 'perf' : 'app';
}
