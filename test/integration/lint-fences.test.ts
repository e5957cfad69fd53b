// The import fences are real: lint a would-be file in each runtime folder with the project's own
// ESLint config and check the forbidden import is caught (and the allowed one is not).
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
    ['renderer/features/x/a.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;"],
    ['renderer/features/x/a.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;"],
    ['renderer/features/x/a.ts', "import { createCore } from '../../../electron/core/app';\nexport const a = createCore;"],
    ['renderer/features/x/a.ts', "import { calls } from '../../../electron/shared/contract';\nexport const a = calls;"],
    ['electron/core/a.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['electron/channels/x/a.ts', "import { net } from 'electron';\nexport const a = net;"],
    ['electron/shared/a.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;"],
    ['electron/store/a.ts', "import { parseStoredVariants } from '../core/statements/content-hash';\nexport const a = parseStoredVariants;"],
    ['electron/store/sqlite/a.ts', "import type { Provenance } from '../../core/provenance/classify';\nexport type A = Provenance;"],
    ['electron/store/a.ts', "import { app } from 'electron';\nexport const a = app;"],
  ])('%s: forbidden import is reported', async (file, code) => {
    expect(await fenceErrors(file, code)).not.toEqual([]);
  });

  it.each([
    ['renderer/features/x/a.ts', "import type { Status } from '../../../electron/shared/contract';\nexport type A = Status;"],
    ['electron/main/a.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['electron/core/a.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;"],
    ['electron/store/a.ts', "import { cleanVariants } from '../shared/contract-statements';\nexport const a = cleanVariants;"],
    ['electron/core/a.ts', "import type { OutboxRow } from '../store/records';\nexport type A = OutboxRow;"],
  ])('%s: allowed import passes', async (file, code) => {
    expect(await fenceErrors(file, code)).toEqual([]);
  });
});
