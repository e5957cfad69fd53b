// The IPC surface, checked from source: ipcMain only in electron/main/ipc/register.ts and only as
// `ipcMain.handle(ipcChannel(name), ...)` (so every channel is a contract call, validated by
// dispatch), ipcRenderer only in the preload, no fire-and-forget or synchronous IPC, one
// contextBridge key. A handler added beside the contract has no schema; this is what finds it.

export interface SourceFile {
  /** Repository-relative, forward slashes. */
  readonly path: string;
  readonly text: string;
}

export const ipcRegisterFile = 'electron/main/ipc/register.ts';
export const preloadFile = 'electron/preload/index.ts';

/** The text with comments blanked out (same length and line numbers): comments may name APIs, code may not. */
export function codeOnly(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:])\/\/.*$/gm, (m, lead: string) => lead + ' '.repeat(m.length - lead.length));
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** Every way these files reach IPC outside the contract; [] when sound. */
export function checkIpcSurface(files: readonly SourceFile[]): string[] {
  const problems: string[] = [];
  let bridges = 0;
  for (const { path, text } of files) {
    const code = codeOnly(text);
    for (const m of code.matchAll(/\bipcMain\s*\.\s*(\w+)\s*\(\s*([^,)]*)/g)) {
      const [, method, firstArg] = m;
      const at = `${path}:${lineOf(code, m.index)}`;
      if (path !== ipcRegisterFile) problems.push(`${at} uses ipcMain.${method}: only ${ipcRegisterFile} may touch ipcMain, through the contract`);
      else if (method === 'handle' && !/^ipcChannel\(/.test(firstArg?.trim() ?? '')) problems.push(`${at} registers ipcMain.handle(${firstArg?.trim()}): every channel must be ipcChannel(<contract call>)`);
      else if (method !== 'handle' && method !== 'removeHandler') problems.push(`${at} uses ipcMain.${method}: only invoke/handle calls go through dispatch and its schemas`);
    }
    for (const m of code.matchAll(/\bipcRenderer\s*\.\s*(\w+)/g)) {
      const [, method] = m;
      const at = `${path}:${lineOf(code, m.index)}`;
      if (path !== preloadFile) problems.push(`${at} uses ipcRenderer.${method}: only ${preloadFile} may touch ipcRenderer`);
      else if (!['invoke', 'on', 'removeListener'].includes(method ?? '')) problems.push(`${at} uses ipcRenderer.${method}: the page may only invoke contract calls and listen for events`);
    }
    for (const m of code.matchAll(/\bcontextBridge\s*\.\s*(\w+)\s*\(\s*([^,)]*)/g)) {
      const [, method, key] = m;
      const at = `${path}:${lineOf(code, m.index)}`;
      if (path !== preloadFile || method !== 'exposeInMainWorld' || key?.trim() !== "'controlRoom'") {
        problems.push(`${at} uses contextBridge.${method}(${key?.trim()}): the page gets exactly one object, controlRoom, built from the contract`);
      } else bridges += 1;
    }
    if (/\bwebFrame\s*\.\s*executeJavaScript|\bexecuteJavaScript\s*\(/.test(code)) {
      problems.push(`${path} runs executeJavaScript: main must not inject code into the page`);
    }
  }
  if (bridges !== 1) problems.push(`the preload must expose controlRoom exactly once through contextBridge (found ${bridges})`);
  return problems;
}
