import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifySubmitError } from './classifySubmitError.ts';

const rpc = (code: number, message: string, data?: string): Error => Object.assign(new Error(message), { code, ...(data === undefined ? {} : { data }) });

const cases: { desc: string; error: unknown; kind: string; reason?: RegExp }[] = [
  { desc: 'relay parent too old (custom sequencer error)', error: rpc(1010, '1010: Invalid Transaction: Custom error: 107', 'Custom error: 107'), kind: 'invalid', reason: /Custom error: 107/ },
  { desc: 'nonce already used', error: rpc(1010, '1010: Invalid Transaction', 'Transaction is outdated'), kind: 'invalid', reason: /1010: Invalid Transaction \(Transaction is outdated\)/ },
  { desc: 'unknown validity', error: rpc(1011, '1011: Unknown Transaction Validity'), kind: 'invalid' },
  { desc: 'temporarily banned', error: rpc(1012, '1012: Transaction is temporarily banned'), kind: 'invalid' },
  { desc: 'already in the pool', error: rpc(1013, '1013: Transaction Already Imported'), kind: 'known' },
  { desc: 'same nonce, same priority in the pool', error: rpc(1014, '1014: Priority is too low'), kind: 'retry' },
  { desc: 'pool full', error: rpc(1016, '1016: Immediately Dropped', 'The transaction couldn\'t enter the pool because of the limit'), kind: 'retry' },
  { desc: 'internal error', error: rpc(-32603, '-32603: Internal error'), kind: 'retry' },
  { desc: 'not connected', error: new Error('WebSocket is not connected\nFailed WS Request: {...}'), kind: 'retry', reason: /^WebSocket is not connected$/ },
  { desc: 'connection dropped', error: new Error('disconnected from ws://127.0.0.1:9944: 1006:: Abnormal Closure'), kind: 'retry' },
  { desc: 'not an Error', error: 'boom', kind: 'retry', reason: /boom/ },
];

for (const { desc, error, kind, reason } of cases) {
  test(`behavior: classifySubmitError — ${desc} → ${kind}`, () => {
    const outcome = classifySubmitError(error);
    assert.equal(outcome.kind, kind);
    if (reason !== undefined) assert.match((outcome as { reason: string }).reason, reason);
  });
}
