// Lint rules, including the import fences between runtimes: which process a file runs in is
// visible from its folder, and these rules keep each folder to what its process may load.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** The renderer is a sandboxed web page: no Electron, no Node, no main-side code at runtime. */
const rendererFence = {
  paths: [
    { name: 'electron', message: 'The renderer never imports electron: go through the contract (lib/transport).' },
    ...nodeBuiltins.map((name) => ({ name, message: 'The renderer is a sandboxed web page: no Node built-ins.' })),
  ],
  patterns: [
    {
      group: ['**/electron/**', '../electron/*', '../../electron/*'],
      allowTypeImports: true,
      message: 'The renderer may import types from electron/shared only (import type), never main-side code.',
    },
  ],
};

/** Core, channels, store, vault, host, demo and cli run under plain Node: never electron. */
const noElectron = {
  paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may import electron; the core runs under plain Node.' }],
};

const belowCore = 'sits below the core: low-level helpers come from electron/lib, never electron/core.';
const demoIsAPlugin = 'never imports electron/demo: the demo is a plug-in the composers (cli, main, tests) pass to the core (electron/lib/plugin.ts).';
/**
 * The layers between the Node-side folders: folder -> the electron/ folders it may not import, and
 * why. lib is the bottom (electron/shared only); channels, store and vault sit on it; the core on
 * those. The demo is a plug-in beside the core: neither imports the other, cli and main compose them.
 */
const layers = {
  lib: [[['core', 'store', 'channels', 'vault', 'demo', 'host', 'cli', 'main', 'preload'], 'electron/lib is the bottom layer: it imports electron/shared only.']],
  core: [[['demo'], `The core ${demoIsAPlugin}`]],
  channels: [[['core'], `electron/channels ${belowCore}`], [['demo'], `electron/channels ${demoIsAPlugin}`]],
  store: [
    [['core'], 'electron/store never imports electron/core: records and their vocabulary live in store/records.ts (or electron/shared when the contract needs them).'],
    [['demo'], `electron/store ${demoIsAPlugin}`],
  ],
  vault: [[['core'], `electron/vault ${belowCore}`], [['demo'], `electron/vault ${demoIsAPlugin}`]],
  demo: [[['core'], `electron/demo ${belowCore}`]],
};
/** A relative specifier that climbs out into one of these electron/ folders. */
const into = (folders) => `^(\\.\\.\\x2F)+(${folders.join('|')})(\\x2F|$)`;
const namedExportsOnly = { selector: 'ExportDefaultDeclaration', message: 'Named exports only (style.md).' };
const layerBlocks = Object.entries(layers).map(([folder, fences]) => ({
  files: [`electron/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', { ...noElectron, patterns: fences.map(([folders, message]) => ({ regex: into(folders), message })) }],
    // no-restricted-imports does not see import('...') (values or types): these selectors do.
    'no-restricted-syntax': [
      'error',
      namedExportsOnly,
      ...fences.map(([folders, message]) => ({ selector: `:matches(ImportExpression, TSImportType)[source.value=/${into(folders)}/]`, message })),
    ],
  },
}));

/** The contract is shared by every process: zod only. */
const sharedFence = {
  paths: [{ name: 'electron', message: 'electron/shared imports zod only.' }, ...nodeBuiltins.map((name) => ({ name, message: 'electron/shared imports zod only.' }))],
  patterns: [{ group: ['../core/*', '../main/*', '../store/*', '../channels/*', '../vault/*', '../host/*', '../demo/*', '../lib/*'], message: 'electron/shared imports zod only.' }],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', namedExportsOnly],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', rendererFence],
    },
  },
  {
    files: ['electron/shared/**/*.ts'],
    ignores: ['electron/shared/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', sharedFence] },
  },
  {
    files: ['electron/host/**/*.ts', 'electron/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  ...layerBlocks,
  {
    // Config files are loaded by their tools, which expect a default export.
    files: ['*.config.ts', '*.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
