// Types for chromium.mjs (plain JavaScript so scripts/test.mjs can load it).
export interface FoundChromium {
  readonly path: string;
  /** Extra environment the browser needs (the npm-delivered one: its libraries and fonts). */
  readonly env: Record<string, string>;
  /** Extra flags it needs. */
  readonly args: readonly string[];
  readonly source: string;
}
export type ChromiumResolution = { readonly found: FoundChromium } | { readonly missing: string };
export const chromiumArgs: string[];
export function bundledChromium(platform?: NodeJS.Platform, arch?: string): ChromiumResolution;
export function installedChromium(env?: NodeJS.ProcessEnv, exists?: (path: string) => boolean): ChromiumResolution;
export function resolveChromium(env?: NodeJS.ProcessEnv, exists?: (path: string) => boolean, bundled?: () => ChromiumResolution): ChromiumResolution;
export function chromiumLaunchOptions(found: FoundChromium): { executablePath: string; headless: true; args: string[]; env: NodeJS.ProcessEnv };
export function findChromium(env?: NodeJS.ProcessEnv): FoundChromium;
