/**
 * Every failure the store reports. `code` is stable; `data` carries the fields of that code.
 *
 * - OPEN_FAILED: the directory cannot be created/used, or another live process holds it.
 * - CORRUPTED: the files are not a valid LMDB environment, or a stored record has an impossible shape.
 * - CLOSED: the store was used after close().
 * - WRITE_FAILED: a batch was rejected (bad key) or LMDB failed to commit it; nothing of it was applied.
 * - SCHEMA_MISMATCH: the store was written by a layout this code does not know (found = null: data without a version).
 * - UNKNOWN_BLOCK: an operation names a block whose header is not stored.
 * - GENESIS_MISMATCH: the store already holds a different genesis block.
 */
export type StoreErrorData =
  | { code: 'OPEN_FAILED'; path: string }
  | { code: 'CORRUPTED'; path: string }
  | { code: 'CLOSED' }
  | { code: 'WRITE_FAILED' }
  | { code: 'SCHEMA_MISMATCH'; found: number | null; supported: number }
  | { code: 'UNKNOWN_BLOCK'; hash: string }
  | { code: 'GENESIS_MISMATCH'; stored: string; given: string };

export type StoreErrorCode = StoreErrorData['code'];

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  readonly data: StoreErrorData;

  constructor(data: StoreErrorData, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = data.code;
    this.data = data;
  }
}

export function isStoreError(e: unknown, code?: StoreErrorCode): e is StoreError {
  return e instanceof StoreError && (code === undefined || e.code === code);
}
