// `control-room demo` and `control-room demo replay`. The running newsroom's addresses and
// attacker credentials are written to demo-newsroom.json in the data directory (owner-only), so
// a replay from another terminal finds them; they are demo values, regenerated every start.
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoInfo } from '../demo/newsroom';
import type { CliIo } from './main';

const infoFile = (dataDir: string): string => join(dataDir, 'demo-newsroom.json');

export function writeDemoInfo(dataDir: string, info: DemoInfo): void {
  writeFileSync(infoFile(dataDir), JSON.stringify(info, null, 2), { mode: 0o600 });
  chmodSync(infoFile(dataDir), 0o600);
}

export function removeDemoInfo(dataDir: string): void {
  rmSync(infoFile(dataDir), { force: true });
}

function readDemoInfo(dataDir: string): DemoInfo | null {
  if (!existsSync(infoFile(dataDir))) return null;
  return JSON.parse(readFileSync(infoFile(dataDir), 'utf8')) as DemoInfo;
}

export function untilStopped(): Promise<void> {
  return new Promise<void>((resolveStop) => {
    const stop = (): void => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** The demo servers answer? (A file left by a killed process must not send a replay nowhere.) */
async function reachable(info: DemoInfo): Promise<boolean> {
  try {
    const res = await fetch(`${info.x.url}/2/users/me`, { signal: AbortSignal.timeout(2000) });
    return res.status > 0;
  } catch {
    return false;
  }
}

export async function runDemoCommand(
  args: readonly string[],
  options: { dataDir: string; json: boolean; speed: string | undefined },
  io: CliIo,
): Promise<number> {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const { blueskyPdsChoice, startDemoNewsroom } = await import('../demo/newsroom');
  const [sub] = args;
  if (sub === undefined) {
    const newsroom = await startDemoNewsroom({ blueskyPds: blueskyPdsChoice() });
    const info = newsroom.info();
    writeDemoInfo(options.dataDir, info);
    if (options.json) io.out(JSON.stringify(info));
    else
      io.out(
        `Demo newsroom running (simulated channels):\n  X API:   ${info.x.url}\n  Website: ${info.website.url}\n  SMTP:    ${info.email.smtp.host}:${info.email.smtp.port}\n  Mastodon: ${info.mastodon.url}\n  ${newsroom.blueskyPds.note}\n` +
          `Attacker credentials are in ${infoFile(options.dataDir)} (or use --json). Press Ctrl+C to stop.`,
      );
    await untilStopped();
    removeDemoInfo(options.dataDir);
    await newsroom.stop();
    return 0;
  }
  if (sub === 'replay') {
    const speed = options.speed === undefined ? undefined : Number(options.speed);
    if (speed !== undefined && !(speed > 0)) {
      io.err(`control-room: --speed must be a positive number (got ${options.speed}).`);
      return 2;
    }
    const { runReplay } = await import('../demo/replay');
    let info = readDemoInfo(options.dataDir);
    let own: Awaited<ReturnType<typeof startDemoNewsroom>> | null = null;
    if (!info || !(await reachable(info))) {
      own = await startDemoNewsroom();
      info = own.info();
      io.err('No running demo newsroom on this data directory: replaying against a fresh one.');
    }
    const posted = await runReplay(info, {
      ...(speed !== undefined ? { speed } : {}),
      onPosted: (item) => io.out(options.json ? JSON.stringify(item) : `${item.postedAt}  ${item.channel.padEnd(7)}  ${item.text.split('\n')[0]}`),
      onError: (step, err) => io.err(`step ${step} failed: ${err.message}`),
    });
    await own?.stop();
    if (!options.json) io.out(`Replay finished: ${posted.length} items posted.`);
    return 0;
  }
  io.err(`control-room: unknown demo command "${sub}". Try \`control-room demo\` or \`control-room demo replay\`.`);
  return 2;
}
