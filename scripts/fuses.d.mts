// Types for scripts/fuses.mjs (the electron-builder afterPack hook), for the tests that read it back.
import type { FuseConfig } from '@electron/fuses';

export interface FuseDecision {
  readonly release: boolean;
  readonly test: boolean;
  readonly why: string;
}
export interface BuildKind {
  readonly testBuild: boolean;
  readonly platform: string;
}
export interface PackContext {
  readonly appOutDir: string;
  readonly electronPlatformName: string;
  readonly packager: { readonly executableName: string; readonly appInfo: { readonly productFilename: string } };
}
export const fuseDecisions: Readonly<Record<string, FuseDecision>>;
export function isTestBuild(env?: Readonly<Record<string, string | undefined>>): boolean;
export function fuseNames(options: Readonly<Record<string, string | number>>): string[];
export function fuseConfigFor(options: Readonly<Record<string, string | number>>, decisions: Readonly<Record<string, FuseDecision>>, build: BuildKind): FuseConfig;
export function fuseConfig(build: BuildKind): FuseConfig;
export function packagedExecutable(context: PackContext): string;
export function verifyFuses(executable: string, config: FuseConfig): Promise<void>;
export function afterPack(context: PackContext): Promise<void>;
