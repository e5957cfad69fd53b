// `control-room audit verify`: checks every link of the audit log's hash chain and every signed
// checkpoint, and names the first bad entry. Keys come from the keychain when it can be read; in
// team mode each checkpoint is judged by the desk that signed it, trusted through this desk's pins.
import type { KeyObject } from 'node:crypto';
import { desksVerifyExitCode, formatDesksVerifyResult, formatVerifyResult, verifyAuditLog, verifyOnDesk } from '../core/audit';
import type { Core } from '../core/app';
import { defaultCheckpointEvery } from '../core/audit';
import { createKeychainVault } from '../vault/keychain-vault';
import { appSecretRef } from '../vault/secret-ref';
import type { Vault } from '../vault/vault';
import type { CliIo } from './main';

async function ownKeys(vault: () => Vault): Promise<KeyObject[] | undefined> {
  try {
    const stored = await vault().get(appSecretRef('audit-signing-key'));
    if (!stored) return undefined;
    const { createPrivateKey, createPublicKey } = await import('node:crypto');
    return [createPublicKey(createPrivateKey({ key: Buffer.from(stored, 'base64'), format: 'der', type: 'pkcs8' }))];
  } catch {
    return undefined;
  }
}

export async function runAuditCommand(
  core: Core,
  args: readonly string[],
  json: boolean,
  io: CliIo,
  vault: () => Vault = () => createKeychainVault({ timeoutMs: 5_000 }),
): Promise<number> {
  const [sub] = args;
  if (sub !== 'verify') {
    io.err('control-room: try `control-room audit verify`.');
    return 2;
  }
  const keys = await ownKeys(vault);
  const { pins } = core.desks;
  if (pins) {
    let result;
    try {
      result = await verifyOnDesk(core.auditRepo, { id: core.desks.id, pins, records: core.desks.records }, keys ?? [], { checkpointEvery: defaultCheckpointEvery });
    } catch (err) {
      io.err(`control-room: ${(err as Error).message}`);
      return 1;
    }
    if (json) io.out(JSON.stringify(result));
    else for (const line of formatDesksVerifyResult(result)) io.out(line);
    return desksVerifyExitCode(result);
  }
  const result = await verifyAuditLog(core.auditRepo, keys, { checkpointEvery: defaultCheckpointEvery });
  if (json) io.out(JSON.stringify(result));
  else for (const line of formatVerifyResult(result)) io.out(line);
  return result.ok ? 0 : 1;
}
