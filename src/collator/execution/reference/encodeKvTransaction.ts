import { compactLengthSize, writeCompactLength } from './kvCompact.ts';
import {
  ED25519_PUBLIC_KEY_BYTES,
  ED25519_SIGNATURE_BYTES,
  KV_OP_DELETE,
  KV_OP_SET,
  KV_TRANSACTION_LIMITS,
  KV_TRANSACTION_VERSION,
} from './KvTransaction.ts';
import type { KvTransaction, UnsignedKvTransaction } from './KvTransaction.ts';
import { KvTransactionError } from './KvTransactionError.ts';

/**
 * Wire format of a reference-chain transaction (little-endian integers; "compact" is SCALE
 * compact in its shortest form):
 *
 *   version    u8 = 1
 *   paraId     u32
 *   signer     [u8; 32]   raw ed25519 public key
 *   nonce      u64
 *   opCount    compact    0..=64
 *   ops        opCount × ( tag u8 (0 set, 1 delete) ‖ key: compact len ‖ bytes (1..=128)
 *                          ‖ value, set only: compact len ‖ bytes (0..=16384) )
 *   signature  [u8; 64]   ed25519 over kvSigningMessage(everything above = the "body")
 *
 * The whole encoding is at most 65,536 bytes. Decoding is the exact inverse (one transaction,
 * one byte string). Throws KvTransactionError INVALID_FIELD / LIMIT_EXCEEDED on bad fields.
 *
 * @example
 * const bytes = encodeKvTransaction(tx); // the payload submitted with sequencer.submit(paraId, bytes)
 */
export function encodeKvTransaction(tx: KvTransaction): Uint8Array {
  if (tx.signature.length !== ED25519_SIGNATURE_BYTES) throw new KvTransactionError('INVALID_FIELD', `signature of ${tx.signature.length} bytes`);
  const out = encodeBody(tx, ED25519_SIGNATURE_BYTES);
  out.set(tx.signature, out.length - ED25519_SIGNATURE_BYTES);
  return out;
}

/** The signed part of a transaction (everything before the signature). */
export function encodeKvTransactionBody(tx: UnsignedKvTransaction): Uint8Array {
  return encodeBody(tx, 0);
}

/** Encodes the body into a buffer with `room` spare bytes at the end (for the signature). */
export function encodeBody(tx: UnsignedKvTransaction, room: number): Uint8Array {
  const { paraId, signer, nonce, operations } = tx;
  if (!Number.isInteger(paraId) || paraId < 0 || paraId > 0xffff_ffff) throw new KvTransactionError('INVALID_FIELD', `para id ${paraId} is not a u32`);
  if (signer.length !== ED25519_PUBLIC_KEY_BYTES) throw new KvTransactionError('INVALID_FIELD', `signer of ${signer.length} bytes`);
  if (nonce < 0n || nonce > 0xffff_ffff_ffff_ffffn) throw new KvTransactionError('INVALID_FIELD', `nonce ${nonce} is not a u64`);
  if (operations.length > KV_TRANSACTION_LIMITS.maxOperations) throw new KvTransactionError('LIMIT_EXCEEDED', `${operations.length} operations`);
  let size = 1 + 4 + ED25519_PUBLIC_KEY_BYTES + 8 + compactLengthSize(operations.length);
  for (const op of operations) {
    if (op.key.length === 0 || op.key.length > KV_TRANSACTION_LIMITS.maxKeyBytes) throw new KvTransactionError('LIMIT_EXCEEDED', `key of ${op.key.length} bytes`);
    size += 1 + compactLengthSize(op.key.length) + op.key.length;
    if (op.type === 'set') {
      if (op.value.length > KV_TRANSACTION_LIMITS.maxValueBytes) throw new KvTransactionError('LIMIT_EXCEEDED', `value of ${op.value.length} bytes`);
      size += compactLengthSize(op.value.length) + op.value.length;
    }
  }
  if (size + ED25519_SIGNATURE_BYTES > KV_TRANSACTION_LIMITS.maxBytes) throw new KvTransactionError('LIMIT_EXCEEDED', `transaction of ${size + ED25519_SIGNATURE_BYTES} bytes`);
  const out = new Uint8Array(size + room);
  const view = new DataView(out.buffer);
  out[0] = KV_TRANSACTION_VERSION;
  view.setUint32(1, paraId, true);
  out.set(signer, 5);
  view.setBigUint64(5 + ED25519_PUBLIC_KEY_BYTES, nonce, true);
  let offset = writeCompactLength(out, 13 + ED25519_PUBLIC_KEY_BYTES, operations.length);
  for (const op of operations) {
    out[offset++] = op.type === 'set' ? KV_OP_SET : KV_OP_DELETE;
    offset = writeCompactLength(out, offset, op.key.length);
    out.set(op.key, offset);
    offset += op.key.length;
    if (op.type === 'set') {
      offset = writeCompactLength(out, offset, op.value.length);
      out.set(op.value, offset);
      offset += op.value.length;
    }
  }
  return out;
}
