// Waiting for something real servers do in their own time: polls `probe` until it gives a value,
// and names what never came. A deadline only, never a measured timing: the test asserts the value.
export function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs?: number): Promise<T>;
export function until<T>(what: string, probe: () => T | null | undefined | false, timeoutMs?: number): Promise<T>;
export async function until<T>(what: string, probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
