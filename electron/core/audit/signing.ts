// Ed25519 signing and checking of audit checkpoints. The private key never leaves the
// SigningKeyProvider (kept in the OS keychain by electron/vault); only the public key is stored
// next to each checkpoint, so a copy of the database can be checked anywhere.
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { AuditCheckpointRecord } from '../../store/records';
import { AppError } from '../../shared/result';
import { checkpointMessage } from './canonical';

/** The checkpoint signing key. Getters may read the keychain lazily and throw when it is locked. */
export interface SigningKeyProvider {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** A short label shown to people; trust is decided on the key bytes, never on this label. */
  readonly keyId: string;
}

/** A trusted key as a KeyObject, an SPKI PEM, or SPKI DER in base64. */
export type TrustedPublicKey = KeyObject | string;

export function publicKeyToBase64(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'der' }).toString('base64');
}

/**
 * A public key's full fingerprint ('ed25519:' + the 64 hex of SHA-256 over SPKI DER): what people
 * compare out of band before trusting another desk's key, and what the pin file keeps.
 */
export function keyFingerprint(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `ed25519:${createHash('sha256').update(der).digest('hex')}`;
}

/** A short label for a key: the first 16 hex of its fingerprint; a good keyId. */
export function keyIdFor(publicKey: KeyObject): string {
  return keyFingerprint(publicKey).slice(0, 'ed25519:'.length + 16);
}

/** Reads a public key from a KeyObject, PEM or base64 SPKI DER; throws on anything else. */
export function parsePublicKey(key: TrustedPublicKey): KeyObject {
  if (typeof key !== 'string') return key.type === 'private' ? createPublicKey(key) : key;
  const trimmed = key.trim();
  if (trimmed.startsWith('-----BEGIN')) return createPublicKey(trimmed);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) throw new Error('not PEM and not base64');
  return createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
}

export function isEd25519(key: KeyObject): boolean {
  return key.asymmetricKeyType === 'ed25519';
}

export function signatureIsValid(publicKey: KeyObject, uptoSeq: number, hash: string, signatureBase64: string): boolean {
  try {
    // Ed25519 takes no separate digest: the algorithm argument is null.
    return verify(null, Buffer.from(checkpointMessage(uptoSeq, hash), 'utf8'), publicKey, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}

/** Signs entry `uptoSeq` with hash `hash`; refuses a key pair that does not match or is not Ed25519. */
export function signCheckpoint(key: SigningKeyProvider, uptoSeq: number, hash: string, signedAt: Date): AuditCheckpointRecord {
  const { privateKey, publicKey, keyId } = key;
  if (privateKey.asymmetricKeyType !== 'ed25519' || !isEd25519(publicKey)) {
    throw new AppError('INTERNAL', 'The audit signing key is not an Ed25519 key pair.');
  }
  const signature = sign(null, Buffer.from(checkpointMessage(uptoSeq, hash), 'utf8'), privateKey).toString('base64');
  // A public key that does not belong to the private key would store checkpoints nobody can check.
  if (!signatureIsValid(publicKey, uptoSeq, hash, signature)) {
    throw new AppError('INTERNAL', `The audit signing key ${keyId} does not match its public key; no checkpoint was written.`);
  }
  return { uptoSeq, hash, signedAt: signedAt.toISOString(), keyId, publicKey: publicKeyToBase64(publicKey), signature };
}
