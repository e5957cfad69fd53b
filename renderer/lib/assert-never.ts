// Exhaustiveness for unions in the renderer (the shared one lives in electron/shared, which the
// renderer may only import types from).
export function assertNeverValue(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
