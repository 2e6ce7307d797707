import { sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { encodeBody } from './encodeKvTransaction.ts';
import { ED25519_SIGNATURE_BYTES } from './KvTransaction.ts';
import type { KvOperation } from './KvTransaction.ts';
import { KvTransactionError } from './KvTransactionError.ts';
import { rawEd25519PublicKey } from './kvKeyPair.ts';
import { kvSigningMessage } from './kvSigningMessage.ts';

export interface SignKvTransactionParameters {
  readonly paraId: number;
  readonly nonce: bigint;
  readonly operations: readonly KvOperation[];
  /** The raw public key of `privateKey`; derived from it when omitted (a few µs more). */
  readonly signer?: Uint8Array;
}

/**
 * Builds, signs and encodes a reference-chain transaction: the bytes to submit as the payload of
 * `sequencer.submit(paraId, payload)`. Throws KvTransactionError on fields out of range.
 *
 * @example
 * const alice = generateKvKeyPair();
 * const payload = signKvTransaction(alice.privateKey, {
 *   paraId: 100,
 *   nonce: 0n,
 *   operations: [{ type: 'set', key: Buffer.from('greeting'), value: Buffer.from('hello') }],
 *   signer: alice.publicKey,
 * });
 */
export function signKvTransaction(privateKey: KeyObject, params: SignKvTransactionParameters): Uint8Array {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new KvTransactionError('INVALID_FIELD', 'signKvTransaction needs an ed25519 private key');
  }
  const signer = params.signer ?? rawEd25519PublicKey(privateKey);
  const out = encodeBody({ paraId: params.paraId, signer, nonce: params.nonce, operations: params.operations }, ED25519_SIGNATURE_BYTES);
  const bodyEnd = out.length - ED25519_SIGNATURE_BYTES;
  out.set(sign(null, kvSigningMessage(out.subarray(0, bodyEnd)), privateKey), bodyEnd);
  return out;
}
