import { readCompactLength } from './kvCompact.ts';
import {
  ED25519_PUBLIC_KEY_BYTES,
  ED25519_SIGNATURE_BYTES,
  KV_OP_DELETE,
  KV_OP_SET,
  KV_TRANSACTION_LIMITS,
  KV_TRANSACTION_VERSION,
} from './KvTransaction.ts';
import type { KvOperation, KvTransaction } from './KvTransaction.ts';
import { KvTransactionError } from './KvTransactionError.ts';

/** Offset of the operation count: version, para id, signer, nonce. */
const OPS_OFFSET = 1 + 4 + ED25519_PUBLIC_KEY_BYTES + 8;

/**
 * Decodes a transaction in the format of `encodeKvTransaction` and checks its limits (the
 * signature is not verified here). Keys, values, signer and signature are views into `bytes`.
 * Throws KvTransactionError: TRUNCATED, TRAILING_BYTES, UNKNOWN_VERSION, UNKNOWN_OPERATION,
 * NON_CANONICAL or LIMIT_EXCEEDED, with the failing offset.
 *
 * @example
 * const tx = decodeKvTransaction(payload);
 * tx.nonce; // 0n
 */
export function decodeKvTransaction(bytes: Uint8Array): KvTransaction {
  if (bytes.length > KV_TRANSACTION_LIMITS.maxBytes) throw new KvTransactionError('LIMIT_EXCEEDED', `transaction of ${bytes.length} bytes`, 0);
  if (bytes.length === 0) throw new KvTransactionError('TRUNCATED', 'empty transaction', 0);
  if (bytes[0] !== KV_TRANSACTION_VERSION) throw new KvTransactionError('UNKNOWN_VERSION', `version ${bytes[0]}`, 0);
  if (bytes.length < OPS_OFFSET + 1 + ED25519_SIGNATURE_BYTES) throw new KvTransactionError('TRUNCATED', `transaction of ${bytes.length} bytes`, bytes.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const paraId = view.getUint32(1, true);
  const signer = bytes.subarray(5, 5 + ED25519_PUBLIC_KEY_BYTES);
  const nonce = view.getBigUint64(5 + ED25519_PUBLIC_KEY_BYTES, true);
  const bodyEnd = bytes.length - ED25519_SIGNATURE_BYTES;
  // Lengths are read from the body only, so a truncated body cannot borrow signature bytes silently:
  // the body must end exactly where the signature starts.
  const body = bytes.subarray(0, bodyEnd);
  const count = readCompactLength(body, OPS_OFFSET);
  if (count.value > KV_TRANSACTION_LIMITS.maxOperations) throw new KvTransactionError('LIMIT_EXCEEDED', `${count.value} operations`, OPS_OFFSET);
  let offset = count.next;
  const operations: KvOperation[] = [];
  for (let i = 0; i < count.value; i++) {
    if (offset >= body.length) throw new KvTransactionError('TRUNCATED', `operation ${i} missing`, offset);
    const tag = body[offset]!;
    if (tag !== KV_OP_SET && tag !== KV_OP_DELETE) throw new KvTransactionError('UNKNOWN_OPERATION', `operation tag ${tag}`, offset);
    const keyLength = readCompactLength(body, offset + 1);
    if (keyLength.value === 0 || keyLength.value > KV_TRANSACTION_LIMITS.maxKeyBytes) {
      throw new KvTransactionError('LIMIT_EXCEEDED', `key of ${keyLength.value} bytes`, offset + 1);
    }
    const keyEnd = keyLength.next + keyLength.value;
    if (keyEnd > body.length) throw new KvTransactionError('TRUNCATED', `key of operation ${i} truncated`, keyLength.next);
    const key = body.subarray(keyLength.next, keyEnd);
    if (tag === KV_OP_DELETE) {
      operations.push({ type: 'delete', key });
      offset = keyEnd;
      continue;
    }
    const valueLength = readCompactLength(body, keyEnd);
    if (valueLength.value > KV_TRANSACTION_LIMITS.maxValueBytes) throw new KvTransactionError('LIMIT_EXCEEDED', `value of ${valueLength.value} bytes`, keyEnd);
    const valueEnd = valueLength.next + valueLength.value;
    if (valueEnd > body.length) throw new KvTransactionError('TRUNCATED', `value of operation ${i} truncated`, valueLength.next);
    operations.push({ type: 'set', key, value: body.subarray(valueLength.next, valueEnd) });
    offset = valueEnd;
  }
  if (offset !== bodyEnd) throw new KvTransactionError('TRAILING_BYTES', `${bodyEnd - offset} bytes between the operations and the signature`, offset);
  return { paraId, signer, nonce, operations, signature: bytes.subarray(bodyEnd) };
}
