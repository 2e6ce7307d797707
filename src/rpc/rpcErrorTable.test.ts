import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TxRejectedError } from './TxRejectedError.ts';
import { ExtrinsicError } from '../primitives/extrinsic.ts';
import { RpcMethodError } from './methods/RpcMethodError.ts';
import { RuntimeCallError, UnknownBlockError } from './RpcBackend.ts';
import { namespaceOf, toRpcError } from './rpcErrorTable.ts';
import { RpcError, type RpcErrorJson } from './server/index.ts';

const HASH = new Uint8Array(32).fill(0xab);
const UNKNOWN = `UnknownBlock: Header was not found in the database: 0x${'ab'.repeat(32)}`;

const table: { name: string; err: unknown; method: string; namespace?: string; json: RpcErrorJson }[] = [
  { name: 'unknown block in state', err: new UnknownBlockError(HASH), method: 'state_getStorage', json: { code: 4003, message: `Client error: ${UNKNOWN}` } },
  { name: 'unknown block in chain', err: new UnknownBlockError(HASH), method: 'chain_getHeader', json: { code: 3002, message: `Client error: ${UNKNOWN}` } },
  { name: 'unknown block in author', err: new UnknownBlockError(HASH), method: 'author_submitExtrinsic', json: { code: 1040, message: `Client error: ${UNKNOWN}` } },
  { name: 'unknown block in payment', err: new UnknownBlockError(HASH), method: 'payment_queryInfo', json: { code: 1, message: 'Unable to query dispatch info.', data: UNKNOWN } },
  { name: 'unknown block in payment fee details', err: new UnknownBlockError(HASH), method: 'payment_queryFeeDetails', json: { code: 1, message: 'Unable to query fee details.', data: UNKNOWN } },
  { name: 'unknown block in system', err: new UnknownBlockError(HASH), method: 'system_accountNextIndex', json: { code: -32603, message: UNKNOWN } },
  { name: 'alias answers with its module codes', err: new UnknownBlockError(HASH), method: 'chain_getRuntimeVersion', namespace: 'state', json: { code: 4003, message: `Client error: ${UNKNOWN}` } },
  {
    name: 'unknown runtime api',
    err: new RuntimeCallError('UNKNOWN_METHOD', 'Exported method Foo_bar is not found'),
    method: 'state_call',
    json: { code: 4003, message: 'Client error: Execution failed: Other: Exported method Foo_bar is not found' },
  },
  { name: 'runtime api bad input', err: new RuntimeCallError('BAD_INPUT', 'expected a 32-byte AccountId32'), method: 'state_call', json: { code: 4003, message: 'Client error: Execution failed: expected a 32-byte AccountId32' } },
  // The words of each pool refusal are the node's (mempool/PoolError.test.ts); the table passes them on as given.
  { name: 'pool invalid', err: new TxRejectedError({ code: 1010, message: 'Invalid Transaction', data: 'Transaction has a bad signature' }, true, 'bad proof'), method: 'author_submitExtrinsic', json: { code: 1010, message: 'Invalid Transaction', data: 'Transaction has a bad signature' } },
  { name: 'pool banned (no data)', err: new TxRejectedError({ code: 1012, message: 'Transaction is temporarily banned' }, false, 'banned'), method: 'author_submitExtrinsic', json: { code: 1012, message: 'Transaction is temporarily banned' } },
  { name: 'pool already imported', err: new TxRejectedError({ code: 1013, message: 'Transaction Already Imported', data: `0x${'ab'.repeat(32)}` }, false, 'known'), method: 'author_submitAndWatchExtrinsic', json: { code: 1013, message: 'Transaction Already Imported', data: `0x${'ab'.repeat(32)}` } },
  { name: 'keys paged count', err: new RpcMethodError({ code: 'INVALID_COUNT', value: 1001, max: 1000 }), method: 'state_getKeysPaged', json: { code: 4002, message: 'count exceeds maximum value. value: 1001, max: 1000' } },
  { name: 'block number over u32', err: new RpcMethodError({ code: 'BLOCK_NUMBER_TOO_LARGE', value: 1n << 32n }), method: 'chain_getBlockHash', json: { code: 3001, message: '`4294967296` > u32::MAX, the max block number is u32.' } },
  { name: 'bad extrinsic format in author', err: new RpcMethodError({ code: 'BAD_FORMAT', detail: 'truncated' }), method: 'author_submitExtrinsic', json: { code: 1001, message: 'Extrinsic has invalid format: truncated' } },
  { name: 'bad extrinsic format in payment', err: new ExtrinsicError('MALFORMED', 'truncated'), method: 'payment_queryInfo', json: { code: 2, message: 'Unable to query dispatch info.', data: 'truncated' } },
  { name: 'an RpcError passes unchanged', err: new RpcError('INVALID_PARAMS', 'Invalid params: x'), method: 'state_call', json: { code: -32602, message: 'Invalid params: x' } },
];

for (const row of table) {
  test(`behavior: error table maps ${row.name}`, () => {
    const mapped = toRpcError(row.err, row.method, row.namespace);
    assert.ok(mapped instanceof RpcError);
    assert.deepEqual(mapped.toJson(), row.json);
    if (!(row.err instanceof RpcError)) assert.equal(mapped.cause, row.err);
  });
}

test('behavior: errors the table does not know are left to the server (-32603, logged)', () => {
  assert.equal(toRpcError(new Error('boom'), 'state_call'), undefined);
  assert.equal(toRpcError('text', 'chain_getBlock'), undefined);
});

test('args: namespaceOf takes the prefix before the first underscore', () => {
  assert.equal(namespaceOf('state_getStorage'), 'state');
  assert.equal(namespaceOf('rpc_methods'), 'rpc');
  assert.equal(namespaceOf('nounderscore'), 'nounderscore');
});
