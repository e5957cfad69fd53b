// The desks registry (shared with the control bar's "desks online"): see renderer/lib/api/desks.ts.
export { deskRefreshMs, useDesks } from '../../../lib/api/desks';
