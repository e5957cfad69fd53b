// Lint rules, including the import fences between runtimes: which process a file runs in is
// visible from its folder, and these rules keep each folder to what its process may load.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/**
 * The renderer is a sandboxed web page: no Electron, no Node, no main-side code at runtime. Of
 * electron/ it runs three modules: electron/shared/rules.ts and image-limits.ts (plain constants and pure
 * functions, fenced below to import nothing) and electron/shared/text-limits.ts (the channels' counting, fenced below
 * to import twitter-text and rules only); everything else there only as `import type`.
 */
const rendererFence = {
  paths: [
    { name: 'electron', message: 'The renderer never imports electron: go through the contract (lib/transport).' },
    ...nodeBuiltins.map((name) => ({ name, message: 'The renderer is a sandboxed web page: no Node built-ins.' })),
  ],
  patterns: [
    {
      regex: '(^|/)electron/(?!shared/(rules|text-limits|image-limits)$)',
      allowTypeImports: true,
      message:
        'The renderer may run electron/shared/rules and electron/shared/text-limits only (and image-limits); anything else in electron/ is import type (the contract, its types), never main-side code.',
    },
  ],
};

/**
 * The renderer's layers: renderer/app composes features; a feature imports renderer/lib,
 * renderer/components and its own folder, never another feature nor app (not even a type); lib and
 * components sit below every feature. Specifiers are relative, so the fence counts "../" per folder
 * depth: from renderer/features/<name>/<depth folders>/, depth + 1 steps up reach another feature,
 * depth + 2 reach renderer/.
 */
const up = (n) => `^(\\.\\./){${n}}`;
const notDeeper = '(?!\\.\\./)';
const libOrComponents = '(?!(lib|components)(/|$))';
const layerMessages = {
  feature:
    'A feature never imports another feature: move the shared piece to renderer/lib or renderer/components, or let renderer/app hand it over (props).',
  upward: 'A feature imports renderer/lib, renderer/components and its own folder only: renderer/app composes features, never the reverse.',
  below: 'renderer/lib and renderer/components sit below every feature: they never import a feature or renderer/app.',
};
const rendererDepths = [0, 1, 2, 3, 4];
const rendererLayerFences = [
  ...rendererDepths.map((depth) => ({
    files: [`renderer/features/*/${'*/'.repeat(depth)}*.{ts,tsx}`],
    patterns: [
      { regex: `${up(depth + 1)}${notDeeper}`, message: layerMessages.feature },
      { regex: `${up(depth + 2)}${notDeeper}${libOrComponents}`, message: layerMessages.upward },
    ],
  })),
  ...rendererDepths.map((depth) => ({
    files: [`renderer/{lib,components}/${'*/'.repeat(depth)}*.{ts,tsx}`],
    patterns: [{ regex: `${up(depth + 1)}${notDeeper}${libOrComponents}`, message: layerMessages.below }],
  })),
].map(({ files, patterns }) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { ...rendererFence, patterns: [...rendererFence.patterns, ...patterns] }] },
}));

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

/** The contract is shared by every process: zod (and its own plain rules.ts, and text-limits.ts's twitter-text) only. */
const sharedFence = {
  paths: [{ name: 'electron', message: 'electron/shared imports zod only.' }, ...nodeBuiltins.map((name) => ({ name, message: 'electron/shared imports zod only.' }))],
  patterns: [{ group: ['../core/*', '../main/*', '../store/*', '../channels/*', '../vault/*', '../host/*', '../demo/*', '../lib/*'], message: 'electron/shared imports zod only.' }],
};

/** The renderer runs electron/shared/rules.ts: it must stay plain constants and pure functions. */
const rulesFence = {
  patterns: [{ regex: '.', message: 'electron/shared/rules.ts runs in the sandboxed renderer too: plain constants and pure functions, no imports (no zod, no Node).' }],
};

/** The renderer runs electron/shared/text-limits.ts too: the counting library and rules.ts only. */
const textLimitsFence = {
  patterns: [
    {
      regex: '^(?!(twitter-text|\\./rules)$)',
      message: 'electron/shared/text-limits.ts runs in the sandboxed renderer too: it imports twitter-text and ./rules only (no zod, no Node, no other electron/ code).',
    },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.peers/**', 'test-results/**', 'playwright-report/**', 'bench/tmp/**'] },
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
  ...rendererLayerFences,
  {
    files: ['electron/shared/**/*.ts'],
    ignores: ['electron/shared/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', sharedFence] },
  },
  {
    files: ['electron/shared/rules.ts', 'electron/shared/image-limits.ts'],
    rules: { 'no-restricted-imports': ['error', rulesFence] },
  },
  {
    files: ['electron/shared/text-limits.ts'],
    rules: { 'no-restricted-imports': ['error', textLimitsFence] },
  },
  {
    files: ['electron/host/**/*.ts', 'electron/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  ...layerBlocks,
  {
    // Store calls are asynchronous (README, "Storage backends"): a promise nobody awaits is a write
    // that may not have happened, or an error nobody sees. Type-aware, so only where it matters.
    files: ['electron/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // A promise where a boolean or a void callback is expected: `if (repo.exists(...))`, an async event listener.
      '@typescript-eslint/no-misused-promises': 'error',
      // The other way round: an await on something that is not a promise misleads the reader.
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // Config files are loaded by their tools, which expect a default export.
    files: ['*.config.ts', '*.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
