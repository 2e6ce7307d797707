import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TypeRegistry } from '@polkadot/types';
import type { SignedBlock } from '@polkadot/types/interfaces';
import { u8aToHex } from '@polkadot/util';
import { headerToJson } from '../../primitives/header.ts';
import { startTestRpc, type TestRpc } from './testing/startTestRpc.ts';

let rpc: TestRpc;
const hashes: string[] = [];
const JUSTIFICATIONS = new TypeRegistry().createType('Justifications', [[[0x46, 0x52, 0x4e, 0x4b], '0xc0ffee']]).toU8a();

before(async () => {
  rpc = await startTestRpc();
  hashes.push(u8aToHex(rpc.t.chain.genesisHash()));
  await rpc.t.backend.pool.submit(rpc.t.transfer(rpc.t.pairs.Alice, rpc.t.pairs.Bob.publicKey, 10n ** 12n, 0));
  hashes.push(u8aToHex((await rpc.t.produceBlock()).hash));
  hashes.push(u8aToHex((await rpc.t.produceBlock({ justifications: JUSTIFICATIONS })).hash));
  hashes.push(u8aToHex((await rpc.t.produceBlock({ finalize: false })).hash));
});
after(() => rpc.close());

test('args: chain_getBlockHash takes nothing (best), a number, hex, or a list', async () => {
  assert.equal(await rpc.result('chain_getBlockHash'), hashes[3]);
  assert.equal(await rpc.result('chain_getBlockHash', [null]), hashes[3]);
  assert.equal(await rpc.result('chain_getBlockHash', [0]), hashes[0]);
  assert.equal(await rpc.result('chain_getBlockHash', ['0x2']), hashes[2]);
  assert.equal(await rpc.result('chain_getBlockHash', [99]), null);
  assert.deepEqual(await rpc.result('chain_getBlockHash', [[0, '0x1', 99]]), [hashes[0], hashes[1], null]);
  assert.deepEqual(await rpc.result('chain_getBlockHash', [[]]), []);
  assert.equal(await rpc.result('chain_getHead', [1]), hashes[1]);
});

test('error: chain_getBlockHash refuses numbers over u32 (3001) and non-numbers (-32602)', async () => {
  assert.deepEqual(await rpc.error('chain_getBlockHash', [2 ** 32]), { code: 3001, message: '`4294967296` > u32::MAX, the max block number is u32.' });
  assert.equal((await rpc.error('chain_getBlockHash', [[1, 'abc']])).code, -32602);
  assert.equal((await rpc.error('chain_getBlockHash', [-1])).code, -32602);
  assert.equal((await rpc.error('chain_getBlockHash', [1.5])).code, -32602);
});

test('behavior: chain_getFinalizedHead and its alias chain_getFinalisedHead', async () => {
  assert.equal(await rpc.result('chain_getFinalizedHead'), hashes[2]);
  assert.equal(await rpc.result('chain_getFinalisedHead'), hashes[2]);
});

test('behavior: chain_getHeader answers the header JSON, best by default, null when unknown', async () => {
  assert.deepEqual(await rpc.result('chain_getHeader'), headerToJson(rpc.t.chain.best.header));
  const h1 = (await rpc.result('chain_getHeader', [hashes[1]])) as { number: string; parentHash: string };
  assert.equal(h1.number, '0x1');
  assert.equal(h1.parentHash, hashes[0]);
  assert.equal(await rpc.result('chain_getHeader', [`0x${'00'.repeat(32)}`]), null);
});

test('behavior: chain_getBlock answers a SignedBlock polkadot-js decodes; justifications as Substrate writes them', async () => {
  const b1 = (await rpc.result('chain_getBlock', [hashes[1]])) as { block: { header: unknown; extrinsics: string[] }; justifications: unknown };
  assert.equal(b1.justifications, null);
  assert.equal(b1.block.extrinsics.length, 2);
  assert.deepEqual(b1.block.extrinsics, rpc.t.chain.body(rpc.t.chain.hashAt(1n)!)!.map((x) => u8aToHex(x)));

  const b2 = await rpc.result('chain_getBlock', [hashes[2]]);
  assert.deepEqual((b2 as { justifications: unknown }).justifications, [[[70, 82, 78, 75], [0xc0, 0xff, 0xee]]]);
  const decoded = rpc.t.runtime.codec.registry.createType<SignedBlock>('SignedBlock', b2);
  assert.equal(decoded.block.header.hash.toHex(), hashes[2]);
  assert.equal(decoded.justifications.unwrap()[0]?.[1].toHex(), '0xc0ffee');

  assert.equal(((await rpc.result('chain_getBlock')) as { block: { header: { number: string } } }).block.header.number, '0x3');
  assert.equal(await rpc.result('chain_getBlock', [`0x${'00'.repeat(32)}`]), null);
});

test('error: a hash that is not 32 bytes of hex is -32602', async () => {
  for (const [method, bad] of [['chain_getHeader', '0x1234'], ['chain_getBlock', 'zz'], ['chain_getHeader', 5]] as const) {
    const e = await rpc.error(method, [bad]);
    assert.equal(e.code, -32602);
    assert.match(e.message, /param 0 \(hash\)/);
  }
});

for (const [subscribe, notification, unsubscribe, head] of [
  ['chain_subscribeNewHeads', 'chain_newHead', 'chain_unsubscribeNewHeads', 'best'],
  ['chain_subscribeNewHead', 'chain_newHead', 'chain_unsubscribeNewHead', 'best'],
  ['chain_subscribeAllHeads', 'chain_allHead', 'chain_unsubscribeAllHeads', 'best'],
  ['chain_subscribeFinalizedHeads', 'chain_finalizedHead', 'chain_unsubscribeFinalizedHeads', 'finalized'],
  ['chain_subscribeFinalisedHeads', 'chain_finalizedHead', 'chain_unsubscribeFinalisedHeads', 'finalized'],
] as const) {
  test(`behavior: ${subscribe} sends the current ${head} head, then each new one, until ${unsubscribe}`, async () => {
    const id = await rpc.subscribe(subscribe);
    const current = head === 'best' ? rpc.t.chain.bestHash() : rpc.t.chain.finalizedHash();
    const first = await rpc.client.next((m) => m.params?.subscription === id);
    assert.equal(first.method, notification);
    assert.deepEqual(first.params?.result, headerToJson(rpc.t.chain.header(current)!));
    const block = await rpc.t.produceBlock();
    assert.deepEqual(await rpc.notification(id), headerToJson(block.header));
    assert.equal(await rpc.result(unsubscribe, [id]), true);
    assert.equal(await rpc.result(unsubscribe, [id]), false);
  });
}
