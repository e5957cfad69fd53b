// electron-builder's own configuration loader, validator and hook resolver, reached through
// electron-builder's dependency tree (not copies): the packaging tests ask the real tool what it
// will do with electron-builder.yml.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from './hardening-repo';

const fromRepo = createRequire(join(repoRoot, 'package.json'));
const fromBuilder = createRequire(fromRepo.resolve('electron-builder/package.json'));
const fromLib = createRequire(fromBuilder.resolve('app-builder-lib/package.json'));

/** The slice of electron-builder's Configuration the tests read. */
export interface BuilderConfig {
  readonly [key: string]: unknown;
}

interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
}

const configModule = fromLib('./out/util/config/config.js') as ConfigModule;
const { DebugLogger } = fromLib('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const { resolveFunction } = fromLib('./out/util/resolve.js') as {
  resolveFunction(type: string | undefined, executor: unknown, name: string, root: string): Promise<unknown>;
};

/** electron-builder.yml as electron-builder loads it (extends and defaults merged). */
export function loadBuilderConfig(): Promise<BuilderConfig> {
  return configModule.getConfig(repoRoot, null, null);
}

/** electron-builder's schema validation; throws with its own message on an invalid option. */
export function validateBuilderConfig(config: BuilderConfig): Promise<void> {
  return configModule.validateConfiguration(config, new DebugLogger(false));
}

/** The function electron-builder will call for a hook such as afterPack. */
export function resolveBuilderHook(config: BuilderConfig, hook: string): Promise<unknown> {
  return resolveFunction(undefined, config[hook], hook, repoRoot);
}
