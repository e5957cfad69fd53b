// The app's own origin and the test for it. No Electron import: shared by main and its tests.
export const appScheme = 'app';
export const appHost = 'control-room';
export const appOrigin = `${appScheme}://${appHost}`;

/** True for the app's own pages only; everything else is foreign. */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${appScheme}:` && url.host === appHost;
  } catch {
    return false;
  }
}
