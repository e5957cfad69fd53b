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

/** The store sits below the core: it owns its records and interfaces, and never imports the product. */
const storeFence = {
  paths: noElectron.paths,
  patterns: [
    {
      group: ['**/core', '**/core/**'],
      message: 'electron/store never imports electron/core: records and their vocabulary live in store/records.ts (or electron/shared when the contract needs them).',
    },
  ],
};

/** The contract is shared by every process: zod only. */
const sharedFence = {
  paths: [{ name: 'electron', message: 'electron/shared imports zod only.' }, ...nodeBuiltins.map((name) => ({ name, message: 'electron/shared imports zod only.' }))],
  patterns: [{ group: ['../core/*', '../main/*', '../store/*', '../channels/*', '../vault/*', '../host/*', '../demo/*'], message: 'electron/shared imports zod only.' }],
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
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Named exports only (style.md).' }],
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
    files: [
      'electron/core/**/*.ts',
      'electron/channels/**/*.ts',
      'electron/store/**/*.ts',
      'electron/vault/**/*.ts',
      'electron/host/**/*.ts',
      'electron/demo/**/*.ts',
      'electron/cli/**/*.ts',
    ],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    // Replaces the block above for the store (a later block's options win): no electron, no core.
    files: ['electron/store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', storeFence] },
  },
  {
    // Config files are loaded by their tools, which expect a default export.
    files: ['*.config.ts', '*.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
