// The import fences are real: lint a would-be file in each runtime folder with the project's own
// ESLint config and check the forbidden import is caught with its fence's message (and the
// allowed one is not).
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function fenceErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('import fences', () => {
  it.each([
    ['renderer/features/x/a.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;", 'never imports electron'],
    ['renderer/features/x/a.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;", 'no Node built-ins'],
    ['renderer/features/x/a.ts', "import { createCore } from '../../../electron/core/app';\nexport const a = createCore;", 'may run electron/shared/rules only'],
    ['renderer/features/x/a.ts', "import { calls } from '../../../electron/shared/contract';\nexport const a = calls;", 'may run electron/shared/rules only'],
    ['renderer/lib/a.ts', "import { calls } from '../../electron/shared/contract';\nexport const a = calls;", 'may run electron/shared/rules only'],
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
  ])('%s: forbidden import is reported', async (file, code, fence) => {
    const errors = await fenceErrors(file, code);
    expect(errors).not.toEqual([]);
    expect(errors.join('\n')).toContain(fence);
  });

  it.each([
    ['renderer/features/x/a.ts', "import type { Status } from '../../../electron/shared/contract';\nexport type A = Status;"],
    ['renderer/features/x/components/a.tsx', "import { maxDisplayNameLength } from '../../../../electron/shared/rules';\nexport const a = maxDisplayNameLength;"],
    ['renderer/lib/a.ts', "import { minPassphraseLength } from '../../electron/shared/rules';\nexport const a = minPassphraseLength;"],
    [
      'renderer/features/x/components/a.tsx',
      "import { Dialog } from '../../../components/dialog';\nimport { useChannels } from '../../../lib/api/channels';\nimport { b } from '../api/b';\nimport { c } from './c';\nexport const a = [Dialog, useChannels, b, c];",
    ],
    ['renderer/components/a.tsx', "import { formatClock } from '../lib/format';\nexport const a = formatClock;"],
    ['renderer/app/a.tsx', "import { ColumnsView } from '../features/feeds/components/columns-view';\nexport const a = ColumnsView;"],
    ['electron/main/a.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['electron/core/a.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;"],
  ])('%s: allowed import passes', async (file, code) => {
    expect(await fenceErrors(file, code)).toEqual([]);
  });
});
