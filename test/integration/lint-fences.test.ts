// The import fences are real: lint a would-be file in each runtime folder with the project's own
// ESLint config and check the forbidden import is caught with its fence's message (and the
// allowed one is not).
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The would-be files do not exist on disk, so the type-aware rules (promises from the store) cannot
// run on them; the fences need no types, so those rules are switched off here only.
const eslint = new ESLint({
  cwd: new URL('../..', import.meta.url).pathname,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off', '@typescript-eslint/await-thenable': 'off' },
  },
});

async function fenceErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    // no-restricted-syntax: the fences on import('...'), which no-restricted-imports does not see.
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('import fences', () => {
  it.each([
    ['renderer/features/x/a.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;", 'never imports electron'],
    ['renderer/features/x/a.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;", 'no Node built-ins'],
    ['renderer/features/x/a.ts', "import { createCore } from '../../../electron/core/app';\nexport const a = createCore;", 'may run electron/shared/rules and electron/shared/text-limits only'],
    ['renderer/features/x/a.ts', "import { calls } from '../../../electron/shared/contract';\nexport const a = calls;", 'may run electron/shared/rules and electron/shared/text-limits only'],
    ['renderer/lib/a.ts', "import { calls } from '../../electron/shared/contract';\nexport const a = calls;", 'may run electron/shared/rules and electron/shared/text-limits only'],
    // Features never import each other (not even a type), nor the app that composes them.
    ['renderer/features/x/components/a.tsx', "import { useFeed } from '../../feeds/api/feed';\nexport const a = useFeed;", 'never imports another feature'],
    ['renderer/features/x/components/a.tsx', "import type { ControlDialog } from '../../control/state/control-ui-store';\nexport type A = ControlDialog;", 'never imports another feature'],
    ['renderer/features/x/a.ts', "import { App } from '../feeds/app';\nexport const a = App;", 'never imports another feature'],
    ['renderer/features/x/api/deep/a.ts', "import { b } from '../../../statements/api/statements';\nexport const a = b;", 'never imports another feature'],
    ['renderer/features/x/components/a.tsx', "import { MainScreen } from '../../../app/main-screen';\nexport const a = MainScreen;", 'renderer/app composes features'],
    ['renderer/lib/a.ts', "import { useFeed } from '../features/feeds/api/feed';\nexport const a = useFeed;", 'sit below every feature'],
    ['renderer/lib/api/a.ts', "import { App } from '../../app/app';\nexport const a = App;", 'sit below every feature'],
    ['renderer/components/a.tsx', "import type { ItemRef } from '../features/feeds/state/feed-ui-store';\nexport type A = ItemRef;", 'sit below every feature'],
    ['electron/core/a.ts', "import { app } from 'electron';\nexport const a = app;", 'core runs under plain Node'],
    ['electron/channels/x/a.ts', "import { net } from 'electron';\nexport const a = net;", 'core runs under plain Node'],
    ['electron/shared/a.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;", 'zod only'],
    ['electron/shared/rules.ts', "import { z } from 'zod';\nexport const a = z;", 'no imports (no zod, no Node)'],
    // The renderer runs the channels' counting: it stays to twitter-text and rules.ts.
    ['electron/shared/text-limits.ts', "import { z } from 'zod';\nexport const a = z;", 'imports twitter-text and ./rules only'],
    ['electron/shared/text-limits.ts', "import { sanitiseHtml } from '../core/statements/html-sanitiser';\nexport const a = sanitiseHtml;", 'imports twitter-text and ./rules only'],
    ['electron/shared/text-limits.ts', "import { statementVariantsSchema } from './contract-statements';\nexport const a = statementVariantsSchema;", 'imports twitter-text and ./rules only'],
    ['electron/store/a.ts', "import { parseStoredVariants } from '../core/statements/content-hash';\nexport const a = parseStoredVariants;", 'electron/store never imports electron/core'],
    ['electron/store/sqlite/a.ts', "import type { Provenance } from '../../core/provenance/classify';\nexport type A = Provenance;", 'electron/store never imports electron/core'],
    ['electron/store/a.ts', "import { app } from 'electron';\nexport const a = app;", 'core runs under plain Node'],
  ])('%s: forbidden import is reported', async (file, code, fence) => {
    const errors = await fenceErrors(file, code);
    expect(errors).not.toEqual([]);
    expect(errors.join('\n')).toContain(fence);
  });

  const coreNeverDemo = 'The core never imports electron/demo';
  const belowCore = 'sits below the core: low-level helpers come from electron/lib';
  const demoIsAPlugin = 'never imports electron/demo: the demo is a plug-in';
  const libAtBottom = 'electron/lib is the bottom layer';
  it.each([
    ['electron/core/a.ts', "import { startDemoNewsroom } from '../demo/newsroom';\nexport const a = startDemoNewsroom;", coreNeverDemo],
    ['electron/core/channels/a.ts', "export const start = async () => (await import('../../demo/newsroom')).startDemoNewsroom();", coreNeverDemo],
    ['electron/core/a.ts', "export type A = import('../demo/newsroom').DemoNewsroom;", coreNeverDemo],
    ['electron/store/a.ts', "import { demoSeed } from '../demo/plugin';\nexport const a = demoSeed;", demoIsAPlugin],
    ['electron/channels/x/a.ts', "import type { DemoInfo } from '../../demo/newsroom';\nexport type A = DemoInfo;", demoIsAPlugin],
    ['electron/vault/a.ts', "import { demoSeed } from '../demo/plugin';\nexport const a = demoSeed;", demoIsAPlugin],
    ['electron/channels/x/a.ts', "import type { Clock } from '../../core/clock';\nexport type A = Clock;", belowCore],
    ['electron/vault/a.ts', "import { createCore } from '../core/app';\nexport const a = createCore;", belowCore],
    ['electron/demo/x/a.ts', "import { systemClock } from '../../core/clock';\nexport const a = systemClock;", belowCore],
    ['electron/demo/a.ts', "export const load = () => import('../core/app');", belowCore],
    ['electron/lib/a.ts', "import { createCore } from '../core/app';\nexport const a = createCore;", libAtBottom],
    ['electron/lib/a.ts', "import type { Vault } from '../vault/vault';\nexport type A = Vault;", libAtBottom],
    ['electron/lib/a.ts', "import { ChannelError } from '../channels/types';\nexport const a = ChannelError;", libAtBottom],
  ])('%s: the layer fence names why (%#)', async (file, code, why) => {
    const errors = await fenceErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(why);
  });

  it.each([
    ['renderer/features/x/a.ts', "import type { Status } from '../../../electron/shared/contract';\nexport type A = Status;"],
    ['electron/lib/a.ts', "import type { Status } from '../shared/contract';\nexport type A = Status;"],
    ['electron/demo/a.ts', "import { systemClock } from '../lib/clock';\nexport const a = systemClock;"],
    ['electron/channels/x/a.ts', "import { realSleep } from '../../lib/sleep';\nexport const a = realSleep;"],
    ['electron/core/handlers/a.ts', "import { demoHandlers } from './demo-handlers';\nexport const a = demoHandlers;"],
    ['electron/cli/a.ts', "import { createDemoPlugin } from '../demo/plugin';\nexport const a = createDemoPlugin;"],
    ['renderer/features/x/components/a.tsx', "import { maxDisplayNameLength } from '../../../../electron/shared/rules';\nexport const a = maxDisplayNameLength;"],
    ['renderer/lib/a.ts', "import { minPassphraseLength } from '../../electron/shared/rules';\nexport const a = minPassphraseLength;"],
    ['renderer/features/x/lib/a.ts', "import { measureX } from '../../../../electron/shared/text-limits';\nexport const a = measureX;"],
    ['electron/shared/text-limits.ts', "import twitterText from 'twitter-text';\nimport { xWeightedLimit } from './rules';\nexport const a = [twitterText, xWeightedLimit];"],
    [
      'renderer/features/x/components/a.tsx',
      "import { Dialog } from '../../../components/dialog';\nimport { useChannels } from '../../../lib/api/channels';\nimport { b } from '../api/b';\nimport { c } from './c';\nexport const a = [Dialog, useChannels, b, c];",
    ],
    ['renderer/components/a.tsx', "import { formatClock } from '../lib/format';\nexport const a = formatClock;"],
    ['renderer/app/a.tsx', "import { ColumnsView } from '../features/feeds/components/columns-view';\nexport const a = ColumnsView;"],
    ['electron/main/a.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['electron/core/a.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;"],
    ['electron/store/a.ts', "import { cleanVariants } from '../shared/contract-statements';\nexport const a = cleanVariants;"],
    ['electron/core/a.ts', "import type { OutboxRow } from '../store/records';\nexport type A = OutboxRow;"],
  ])('%s: allowed import passes', async (file, code) => {
    expect(await fenceErrors(file, code)).toEqual([]);
  });
});
