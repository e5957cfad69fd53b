// Types for peers.mjs (plain JavaScript so scripts/test.mjs can load it).
export type PeerId = 'wordpress' | 'dovecot' | 'secret-service' | 'chromium' | 'bluesky-pds' | 'postgresql';
export const blueskyPdsPeerDir: string;
export type PeerVerdict =
  | { readonly action: 'run'; readonly missing: readonly PeerId[] }
  | { readonly action: 'skip' | 'fail'; readonly missing: readonly PeerId[]; readonly message: string };
export function findExecutable(name: string, env?: NodeJS.ProcessEnv): string | undefined;
export function postgresBinDir(): string | undefined;
export function peerIds(): PeerId[];
export function peerName(id: PeerId): string;
export function peerPackages(id: PeerId): string[];
export function peerInstallScript(id: PeerId): string | undefined;
export function installCommand(ids: readonly PeerId[]): string;
export function peersRequired(env?: NodeJS.ProcessEnv): boolean;
export function peerMissing(id: PeerId): string | undefined;
export function peerVerdict(ids: readonly PeerId[], env?: NodeJS.ProcessEnv, missingOf?: (id: PeerId) => string | undefined): PeerVerdict;
export function recordSkip(ids: readonly PeerId[], suite: string, env?: NodeJS.ProcessEnv): void;
export function skippedPeerLines(log: string): string[];
