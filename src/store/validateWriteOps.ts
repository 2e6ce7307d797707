import { COLUMNS } from './KeyValueStore.ts';
import type { WriteOp } from './KeyValueStore.ts';
import { StoreError } from './StoreError.ts';

/** LMDB's key size limit as lmdb-js builds it; the memory store enforces the same so both behave alike. */
export const MAX_KEY_BYTES = 1978;

const KNOWN_COLUMNS: ReadonlySet<string> = new Set(COLUMNS);

/** Rejects the whole batch before anything is applied. Throws StoreError WRITE_FAILED. */
export function validateWriteOps(ops: readonly WriteOp[]): void {
  ops.forEach((op, i) => {
    const fail = (why: string): never => {
      throw new StoreError({ code: 'WRITE_FAILED' }, `write op ${i}: ${why}; nothing was written`);
    };
    if (!KNOWN_COLUMNS.has(op.column)) fail(`unknown column ${JSON.stringify(op.column)}`);
    if (!(op.key instanceof Uint8Array)) fail('key is not a Uint8Array');
    if (op.key.length === 0) fail('empty key');
    if (op.key.length > MAX_KEY_BYTES) fail(`key of ${op.key.length} bytes exceeds ${MAX_KEY_BYTES}`);
    if (op.value !== null && !(op.value instanceof Uint8Array)) fail('value is neither a Uint8Array nor null');
  });
}
