/** Path of the downloaded Electron executable, or null when it has not been downloaded. */
export function installedElectronPath(root: string): string | null;
