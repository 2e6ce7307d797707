import { createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { secp256k1Compress, secp256k1Recover, sr25519Verify } from '@polkadot/wasm-crypto';
import { blake2_256 } from './hashing.ts';

/** A decoded `sp_runtime::MultiSignature`. */
export type MultiSignature =
  | { readonly type: 'Ed25519'; readonly signature: Uint8Array }
  | { readonly type: 'Sr25519'; readonly signature: Uint8Array }
  | { readonly type: 'Ecdsa'; readonly signature: Uint8Array };

const ED25519_SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
const ED25519_KEY_CACHE_LIMIT = 4096;

/**
 * Verifies a MultiSignature over `message` against a 32-byte AccountId32, as
 * `sp_runtime::MultiSignature::verify` does: ed25519 and sr25519 keys are the account id,
 * an ecdsa signer's account id is blake2_256 of its compressed public key, and ecdsa
 * signs blake2_256(message).
 *
 * ed25519 goes through node:crypto, sr25519 and secp256k1 through @polkadot/wasm-crypto;
 * none uses the slow pure-JS path.
 */
export class SignatureVerifier {
  readonly #ed25519Keys = new Map<string, KeyObject>();
  /** Recently verified (signature, message, signer) triples: the pool revalidates every transaction each block. */
  readonly #verified = new Set<string>();

  constructor(private readonly cacheSize = 65_536) {}

  verify(signature: MultiSignature, message: Uint8Array, accountId: Uint8Array): boolean {
    if (accountId.length !== 32) return false;
    const key = cacheKey(signature, message, accountId);
    if (this.#verified.has(key)) return true;
    const ok = this.#verifyUncached(signature, message, accountId);
    if (ok) this.#remember(key);
    return ok;
  }

  /** Whether this exact (signature, message, signer) was verified recently. */
  isKnown(signature: MultiSignature, message: Uint8Array, accountId: Uint8Array): boolean {
    return this.#verified.has(cacheKey(signature, message, accountId));
  }

  /**
   * Records a triple verified elsewhere (a worker thread, see src/node/SignatureWorkers.ts) so
   * that the runtime's own check of it is a cache hit. Only for triples actually verified.
   */
  rememberVerified(signature: MultiSignature, message: Uint8Array, accountId: Uint8Array): void {
    this.#remember(cacheKey(signature, message, accountId));
  }

  #remember(key: string): void {
    if (this.#verified.size >= this.cacheSize) this.#verified.delete(this.#verified.values().next().value!);
    this.#verified.add(key);
  }

  #verifyUncached(signature: MultiSignature, message: Uint8Array, accountId: Uint8Array): boolean {
    switch (signature.type) {
      case 'Sr25519':
        return signature.signature.length === 64 && sr25519Verify(signature.signature, message, accountId);
      case 'Ed25519':
        return signature.signature.length === 64 && this.#verifyEd25519(signature.signature, message, accountId);
      case 'Ecdsa':
        return signature.signature.length === 65 && verifyEcdsa(signature.signature, message, accountId);
    }
  }

  #verifyEd25519(sig: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
    const id = Buffer.from(publicKey).toString('hex');
    let key = this.#ed25519Keys.get(id);
    if (key === undefined) {
      try {
        key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
      } catch {
        return false;
      }
      if (this.#ed25519Keys.size >= ED25519_KEY_CACHE_LIMIT) this.#ed25519Keys.clear();
      this.#ed25519Keys.set(id, key);
    }
    return nodeVerify(null, message, key, sig);
  }
}

function cacheKey(signature: MultiSignature, message: Uint8Array, accountId: Uint8Array): string {
  return Buffer.from(blake2_256(Buffer.concat([Uint8Array.of(signature.signature.length), signature.signature, accountId, message]))).toString('base64');
}

function verifyEcdsa(sig: Uint8Array, message: Uint8Array, accountId: Uint8Array): boolean {
  const recovery = sig[64]! >= 27 ? sig[64]! - 27 : sig[64]!;
  if (recovery > 3) return false;
  let publicKey: Uint8Array;
  try {
    publicKey = secp256k1Recover(blake2_256(message), sig.subarray(0, 64), recovery);
  } catch {
    return false;
  }
  if (publicKey.length === 65) publicKey = secp256k1Compress(publicKey);
  if (publicKey.length !== 33) return false;
  const derived = blake2_256(publicKey);
  return Buffer.from(derived).equals(Buffer.from(accountId));
}
