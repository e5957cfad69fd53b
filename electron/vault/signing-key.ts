// The Ed25519 key that signs audit-log checkpoints. Its private half lives only in the vault (as
// base64 PKCS#8 DER, one line, so redaction catches it whole); callers get node:crypto KeyObjects.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { registerSecretForRedaction } from '../lib/log';
import { AppError } from '../shared/result';
import type { SecretRef } from './secret-ref';
import type { Vault } from './vault';

export interface SigningKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function parsePkcs8(stored: string): KeyObject | null {
  try {
    return createPrivateKey({ key: Buffer.from(stored, 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    return null;
  }
}

function decode(ref: SecretRef, stored: string): SigningKeyPair {
  const privateKey = parsePkcs8(stored);
  // Never replaced silently: checkpoints signed with the old key would stop verifying.
  if (privateKey?.asymmetricKeyType !== 'ed25519') {
    throw new AppError(
      'CONFLICT',
      `The secret stored under ${ref} is not an Ed25519 signing key: if nothing was ever signed with it, remove it and restart Control Room; otherwise restore the original key.`,
    );
  }
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

// One creation per ref at a time: two racing first calls would otherwise store two different keys.
const pending = new Map<string, Promise<SigningKeyPair>>();

/** The signing key under ref, created and stored in the vault on first use. */
export function getOrCreateSigningKey(vault: Vault, ref: SecretRef): Promise<SigningKeyPair> {
  const running = pending.get(ref);
  if (running) return running;
  const work = (async () => {
    const stored = await vault.get(ref);
    if (stored !== null) return decode(ref, stored);
    const { privateKey } = generateKeyPairSync('ed25519');
    const encoded = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    registerSecretForRedaction(encoded);
    await vault.put(ref, encoded);
    return decode(ref, encoded);
  })().finally(() => pending.delete(ref));
  pending.set(ref, work);
  return work;
}
