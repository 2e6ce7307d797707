import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { ED25519_PUBLIC_KEY_BYTES } from './KvTransaction.ts';
import { KvTransactionError } from './KvTransactionError.ts';

/** DER prefixes that wrap a raw 32-byte ed25519 key into SPKI (public) / PKCS#8 (private seed). */
const SPKI_ED25519_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
const PKCS8_ED25519_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);

/** An ed25519 signer of reference-chain transactions (node:crypto keys). */
export interface KvKeyPair {
  readonly privateKey: KeyObject;
  /** Raw 32-byte public key: the transaction's `signer`. */
  readonly publicKey: Uint8Array;
}

/**
 * A fresh random ed25519 key pair from node:crypto.
 *
 * @example
 * const alice = generateKvKeyPair();
 * const payload = signKvTransaction(alice.privateKey, { paraId: 100, nonce: 0n, operations: [] });
 */
export function generateKvKeyPair(): KvKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: rawEd25519PublicKey(publicKey) };
}

/** The key pair of a 32-byte ed25519 seed: deterministic keys for seeded tests and benches. */
export function kvKeyPairFromSeed(seed: Uint8Array): KvKeyPair {
  if (seed.length !== 32) throw new KvTransactionError('INVALID_FIELD', `ed25519 seed of ${seed.length} bytes`);
  const der = new Uint8Array(PKCS8_ED25519_PREFIX.length + 32);
  der.set(PKCS8_ED25519_PREFIX, 0);
  der.set(seed, PKCS8_ED25519_PREFIX.length);
  const privateKey = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: rawEd25519PublicKey(createPublicKey(privateKey)) };
}

/** The raw 32 bytes of an ed25519 public (or private, via its public half) KeyObject. */
export function rawEd25519PublicKey(key: KeyObject): Uint8Array {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return new Uint8Array(der.subarray(der.length - ED25519_PUBLIC_KEY_BYTES));
}

/** A node:crypto KeyObject for a raw 32-byte ed25519 public key (costly: cache it). */
export function ed25519PublicKeyObject(raw: Uint8Array): KeyObject {
  const der = new Uint8Array(SPKI_ED25519_PREFIX.length + ED25519_PUBLIC_KEY_BYTES);
  der.set(SPKI_ED25519_PREFIX, 0);
  der.set(raw, SPKI_ED25519_PREFIX.length);
  return createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
}
