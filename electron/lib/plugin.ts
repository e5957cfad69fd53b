// The port a plug-in composed from outside the core fills: channels it runs itself, data to seed
// once they are connected, and a scripted replay on them (the contract's demo.* calls). The demo
// newsroom is the plug-in there is. The core is written against this port only, so it never
// imports a plug-in and a plug-in never imports the core; the composers (cli, main, the test
// helpers, the benchmarks) create the plug-in and hand it to createCore.
import type { DemoStatus } from '../shared/contract';
import type { ConnectChannelInput } from '../shared/contract-channels';

export type ReplayState = DemoStatus['replay'];

/** One channel the plug-in runs, as an admin would type it to connect (credentials included). */
export interface PluginConnection {
  readonly id: string;
  readonly input: ConnectChannelInput;
}

export interface ChannelSource {
  /** Starts what the channels need (their servers) and says how to connect to each. */
  start(): Promise<readonly PluginConnection[]>;
  /** Stops them (and anything playing on them); a no-op when not started. */
  stop(): Promise<void>;
}

/** How a running replay reports back to the core (which pushes its status to the screens). */
export interface ReplayReport {
  /** At the start, after each step and at the end. */
  progress(): void;
  stepFailed(step: number, error: Error): void;
}

export interface ReplayProvider {
  state(): ReplayState;
  /**
   * Starts the replay on the running channels and answers with its first state, without waiting
   * for it to finish. Throws an AppError when it cannot start (the channels are not running, or
   * a replay already is).
   */
  start(speed: number | undefined, report: ReplayReport): Promise<ReplayState>;
}

export interface SeedPerson {
  readonly username: string;
  readonly displayName: string;
}

/** Holding statements already pre-approved by two people, as a bureau would have prepared them. */
export interface SeedData {
  /** Seed accounts: created with a passphrase nobody knows, used once, then disabled. */
  readonly templateApprovers: readonly [proposer: SeedPerson, approver: SeedPerson];
  /** The audit entry that records the seed (action and reason). */
  readonly auditAction: string;
  readonly auditReason: string;
}

export interface CorePlugin {
  /** Runs when the bureau has no channel of its own (or the `demo.enabled` setting forces it). */
  readonly channels: ChannelSource;
  /** Applied once the plug-in's channels are connected. */
  readonly seed?: SeedData;
  readonly replay?: ReplayProvider;
}
