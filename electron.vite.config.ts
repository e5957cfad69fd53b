import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      rollupOptions: { input: { index: resolve('electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() node_modules: bundle zod in, emit CommonJS.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      minify: true,
      rollupOptions: {
        input: { index: resolve('renderer/index.html') },
        // twitter-text (the composer counts as X does) and its emoji parser in a chunk of their own.
        output: { codeSplitting: { groups: [{ name: 'twitter-text', test: /node_modules[\\/](twitter-text|twemoji-parser|core-js|@babel[\\/]runtime)[\\/]/ }] } },
      },
    },
  },
});
