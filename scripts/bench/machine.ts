// What the figures were measured on.
import { cpus, totalmem } from 'node:os';
import type { Machine } from './report';

export function machineInfo(): Machine {
  const list = cpus();
  return { cpuModel: list[0]?.model.trim() ?? 'unknown', cores: list.length, memoryBytes: totalmem(), platform: process.platform, arch: process.arch };
}

export function describeMachine(m: Machine): string {
  return `${m.cpuModel}, ${m.cores} cores, ${(m.memoryBytes / 1024 ** 3).toFixed(1)} GiB, ${m.platform}/${m.arch}`;
}
