import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { encodeU32 } from '../../primitives/scale.ts';
import { startTestRpc, type TestRpc } from './testing/startTestRpc.ts';

let rpc: TestRpc;
let tx: string;
const UNKNOWN_HASH = `0x${'ab'.repeat(32)}`;

before(async () => {
  rpc = await startTestRpc();
  tx = u8aToHex(rpc.t.transfer(rpc.t.pairs.Alice, rpc.t.pairs.Bob.publicKey, 10n ** 12n, 0));
});
after(() => rpc.close());

test('behavior: payment_queryInfo answers RuntimeDispatchInfo as Substrate serialises it, equal to the runtime API', async () => {
  const info = (await rpc.result('payment_queryInfo', [tx])) as { weight: { ref_time: number; proof_size: number }; class: string; partialFee: string };
  assert.deepEqual(Object.keys(info), ['weight', 'class', 'partialFee']);
  assert.equal(info.class, 'normal');
  assert.match(info.partialFee, /^[1-9][0-9]*$/);

  const registry = rpc.t.runtime.codec.registry;
  const raw = (await rpc.result('state_call', ['TransactionPaymentApi_query_info', u8aToHex(u8aConcat(tx, encodeU32((tx.length - 2) / 2)))])) as string;
  const api = registry.createType('RuntimeDispatchInfo', raw).toJSON() as { weight: { refTime: number; proofSize: number }; partialFee: number };
  assert.deepEqual(info.weight, { ref_time: api.weight.refTime, proof_size: api.weight.proofSize });
  assert.equal(BigInt(info.partialFee), BigInt(api.partialFee));
  // polkadot-js reads the JSON (its Struct accepts the snake_case weight fields).
  const decoded = registry.createType('RuntimeDispatchInfo', info).toJSON() as { partialFee: number };
  assert.equal(BigInt(decoded.partialFee), BigInt(info.partialFee));

  assert.deepEqual(await rpc.result('payment_queryInfo', [tx, u8aToHex(rpc.t.chain.genesisHash())]), info);
});

test('behavior: payment_queryFeeDetails splits the fee into hex balances', async () => {
  const details = (await rpc.result('payment_queryFeeDetails', [tx])) as { inclusionFee: { baseFee: string; lenFee: string; adjustedWeightFee: string } };
  const { partialFee } = (await rpc.result('payment_queryInfo', [tx])) as { partialFee: string };
  const { baseFee, lenFee, adjustedWeightFee } = details.inclusionFee;
  for (const v of [baseFee, lenFee, adjustedWeightFee]) assert.match(v, /^0x[0-9a-f]+$/);
  assert.equal(BigInt(baseFee) + BigInt(lenFee) + BigInt(adjustedWeightFee), BigInt(partialFee));
});

test('error: payment_* refuse undecodable bytes (2), unknown blocks (1) and non-hex (-32602)', async () => {
  assert.deepEqual(await rpc.error('payment_queryInfo', ['0x1001']), {
    code: 2,
    message: 'Unable to query dispatch info.',
    data: 'the length prefix announces 4 bytes but 1 follow it',
  });
  assert.deepEqual(await rpc.error('payment_queryInfo', [tx, UNKNOWN_HASH]), {
    code: 1,
    message: 'Unable to query dispatch info.',
    data: `UnknownBlock: Header was not found in the database: ${UNKNOWN_HASH}`,
  });
  assert.deepEqual(await rpc.error('payment_queryFeeDetails', [tx, UNKNOWN_HASH]), {
    code: 1,
    message: 'Unable to query fee details.',
    data: `UnknownBlock: Header was not found in the database: ${UNKNOWN_HASH}`,
  });
  assert.equal((await rpc.error('payment_queryInfo', ['hello'])).code, -32602);
});
