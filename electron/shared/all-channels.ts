// "Every channel" as one value, the same in the contract, the store, the CLI and the renderer.
// '*' can never be a channel id (ids are [a-z0-9-]), so a scope is never ambiguous. Plain
// TypeScript, no zod and no Node: any process may import it.
export const allChannels = '*';
export type AllChannels = typeof allChannels;
