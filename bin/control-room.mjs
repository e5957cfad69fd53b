#!/usr/bin/env node
// Entry point of the `control-room` command: runs the TypeScript CLI through tsx on Node 24+.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(`control-room needs Node 24 or newer (this is ${process.version}). Run it through npm (npm run cli -- ...), which uses the project's pinned Node.`);
  process.exit(1);
}
// node:sqlite still prints an ExperimentalWarning on Node 24; it is the chosen store, so hush that one.
const defaultWarningListeners = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name === 'ExperimentalWarning' && /SQLite/.test(warning.message)) return;
  for (const listener of defaultWarningListeners) listener(warning);
});
const { register } = await import('tsx/esm/api');
register();
const { runCli } = await import('../electron/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
