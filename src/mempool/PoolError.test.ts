import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PoolError, poolErrorToRpc, type PoolErrorType, type RpcErrorObject } from './PoolError.ts';

const hash = Uint8Array.from({ length: 32 }, (_, i) => i);
const hashHex = `0x${Buffer.from(hash).toString('hex')}`;

/** Texts from Substrate's `sc-rpc-api` author/error.rs and `sp-runtime` transaction_validity.rs. */
const table: Array<{ type: PoolErrorType; rpc: RpcErrorObject }> = [
  { type: { code: 'INVALID', reason: 'Call' }, rpc: { code: 1010, message: 'Invalid Transaction', data: 'Transaction call is not expected' } },
  { type: { code: 'INVALID', reason: 'Payment' }, rpc: { code: 1010, message: 'Invalid Transaction', data: 'Inability to pay some fees (e.g. account balance too low)' } },
  { type: { code: 'INVALID', reason: 'Future' }, rpc: { code: 1010, message: 'Invalid Transaction', data: 'Transaction will be valid in the future' } },
  { type: { code: 'INVALID', reason: 'Stale' }, rpc: { code: 1010, message: 'Invalid Transaction', data: 'Transaction is outdated' } },
  { type: { code: 'INVALID', reason: 'BadProof' }, rpc: { code: 1010, message: 'Invalid Transaction', data: 'Transaction has a bad signature' } },
  { type: { code: 'INVALID', reason: 'AncientBirthBlock' }, rpc: { code: 1010, message: 'Invalid Transaction', data: 'Transaction has an ancient birth block' } },
  { type: { code: 'INVALID', reason: 'ExhaustsResources' }, rpc: { code: 1010, message: 'Invalid Transaction', data: 'Transaction would exhaust the block limits' } },
  { type: { code: 'INVALID', reason: 'Custom', detail: '7' }, rpc: { code: 1010, message: 'Invalid Transaction', data: 'Custom error: 7' } },
  { type: { code: 'INVALID', reason: 'BadMandatory' }, rpc: { code: 1010, message: 'Invalid Transaction', data: 'A call was labelled as mandatory, but resulted in an Error.' } },
  { type: { code: 'INVALID', reason: 'MandatoryValidation' }, rpc: { code: 1010, message: 'Invalid Transaction', data: 'Transaction dispatch is mandatory; transactions must not be validated.' } },
  { type: { code: 'INVALID', reason: 'BadSigner' }, rpc: { code: 1010, message: 'Invalid Transaction', data: 'Invalid signing address' } },
  { type: { code: 'INVALID', reason: 'UnknownPara' }, rpc: { code: 1010, message: 'Invalid Transaction', data: 'Unknown para id' } },
  { type: { code: 'INVALID', reason: 'PayloadTooLarge', detail: '70000 > 65536' }, rpc: { code: 1010, message: 'Invalid Transaction', data: 'Payload is too large: 70000 > 65536' } },
  { type: { code: 'INVALID', reason: 'Malformed' }, rpc: { code: 1010, message: 'Invalid Transaction', data: 'Transaction is malformed' } },
  { type: { code: 'UNKNOWN', reason: 'CannotLookup' }, rpc: { code: 1011, message: 'Unknown Transaction Validity', data: 'CannotLookup' } },
  { type: { code: 'UNKNOWN', reason: 'NoUnsignedValidator' }, rpc: { code: 1011, message: 'Unknown Transaction Validity', data: 'NoUnsignedValidator' } },
  { type: { code: 'UNKNOWN', reason: 'Custom', detail: '3' }, rpc: { code: 1011, message: 'Unknown Transaction Validity', data: 'Custom(3)' } },
  { type: { code: 'TEMPORARILY_BANNED', hash }, rpc: { code: 1012, message: 'Transaction is temporarily banned' } },
  { type: { code: 'ALREADY_IMPORTED', hash }, rpc: { code: 1013, message: 'Transaction Already Imported', data: hashHex } },
  {
    type: { code: 'TOO_LOW_PRIORITY', old: 10n, new: 9n },
    rpc: { code: 1014, message: 'Priority is too low: (10 vs 9)', data: 'The transaction has too low priority to replace another transaction already in the pool.' },
  },
  { type: { code: 'CYCLE_DETECTED' }, rpc: { code: 1015, message: 'Cycle Detected' } },
  {
    type: { code: 'IMMEDIATELY_DROPPED', limit: 'ready' },
    rpc: { code: 1016, message: 'Immediately Dropped', data: "The transaction couldn't enter the pool because of the limit" },
  },
  {
    type: { code: 'NO_TAGS' },
    rpc: { code: 1019, message: 'No tags provided', data: "Transaction does not provide any tags, so the pool can't identify it" },
  },
];

describe('poolErrorToRpc', () => {
  for (const { type, rpc } of table) {
    const label = 'reason' in type ? `${type.code} ${type.reason}` : type.code;
    it(`error: ${label} → ${rpc.code} with Substrate's texts`, () => {
      const e = new PoolError(type);
      assert.deepEqual(poolErrorToRpc(e), rpc);
      assert.equal(e.rpcCode, rpc.code);
      assert.equal(e.code, type.code);
      assert.ok(e instanceof Error && e.name === 'PoolError' && e.message.length > 0);
    });
  }
});
