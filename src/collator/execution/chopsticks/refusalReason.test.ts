import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refusalReason } from './refusalReason.ts';

test('behavior: names each refusal the runtime gives', () => {
  const table: readonly { readonly validity: unknown; readonly reason: string }[] = [
    { validity: { err: { invalid: { badProof: null } } }, reason: 'bad signature' },
    { validity: { err: { invalid: { stale: null } } }, reason: 'stale nonce' },
    { validity: { err: { invalid: { future: null } } }, reason: 'future nonce' },
    { validity: { err: { invalid: { payment: null } } }, reason: 'cannot pay fees' },
    { validity: { err: { invalid: { mandatoryDispatch: null } } }, reason: 'inherent not allowed' },
    { validity: { err: { invalid: { custom: 7 } } }, reason: 'custom invalid transaction (7)' },
    { validity: { err: { invalid: { somethingNew: null } } }, reason: 'invalid transaction (somethingNew)' },
    { validity: { err: { unknown: { cannotLookup: null } } }, reason: 'unknown signer' },
    { validity: { err: { unknown: { custom: 2 } } }, reason: 'custom unknown transaction (2)' },
    { validity: { ok: { priority: 0, requires: ['0x01'], provides: ['0x02'] } }, reason: 'future nonce' },
    { validity: { ok: { priority: 0, requires: [], provides: ['0x02'] } }, reason: 'refused when applied at its position' },
    { validity: null, reason: 'refused by the runtime' },
  ];
  for (const { validity, reason } of table) assert.equal(refusalReason(validity), reason, JSON.stringify(validity));
});
