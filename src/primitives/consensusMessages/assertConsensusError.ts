import assert from 'node:assert/strict';
import { ConsensusMessageError, type ConsensusMessageErrorCode } from './ConsensusMessageError.ts';

/** Test helper: `fn` throws a ConsensusMessageError with `code` (any other throw or none fails). */
export function assertConsensusError(fn: () => unknown, code: ConsensusMessageErrorCode, message?: string): void {
  assert.throws(
    fn,
    (error: unknown) => {
      assert.ok(error instanceof ConsensusMessageError, `expected a ConsensusMessageError, got ${String(error)}`);
      assert.equal(error.code, code, error.message);
      return true;
    },
    message,
  );
}
