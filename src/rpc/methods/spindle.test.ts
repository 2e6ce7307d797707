import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { keccak256 } from '../../primitives/hashing.ts';
import { merkleRoot, merkleRootFromProof } from '../../primitives/binaryMerkle.ts';
import { paraLeaf, PARA_DIGEST_ENGINE } from '../../primitives/paraCommitment.ts';
import { registerParas, signedCall } from '../../node/signedCall.fixture.ts';
import type { ParaTransactionsJson } from './paraTransactionsJson.ts';
import { startTestRpc, type TestRpc } from './testing/startTestRpc.ts';

const ZERO = `0x${'00'.repeat(32)}`;

/** Checks a result against the stored header's `spdl` digest, as a client would. */
function assertProven(rpc: TestRpc, r: ParaTransactionsJson): void {
  const header = rpc.t.chain.header(hexToU8a(r.blockHash))!;
  assert.equal(BigInt(r.blockNumber), header.number);
  const item = header.digest.find((d) => d.type === 'Consensus' && d.engine === PARA_DIGEST_ENGINE);
  assert.equal(r.paraRoot, item !== undefined && item.type === 'Consensus' ? u8aToHex(item.data) : ZERO);
  const payloads = r.payloads.map((p) => hexToU8a(p));
  assert.equal(r.sliceRoot, u8aToHex(merkleRoot(payloads.map(keccak256))));
  if (r.proof === null) {
    assert.equal(payloads.length, 0);
    const leaves = r.absence!.leaves.map((l) => hexToU8a(l));
    assert.equal(u8aToHex(merkleRoot(leaves)), r.paraRoot);
    assert.ok(leaves.every((l) => new DataView(l.buffer, l.byteOffset).getUint32(0) !== r.paraId));
  } else {
    assert.equal(r.absence, null);
    const leaf = paraLeaf(r.paraId, hexToU8a(r.sliceRoot), payloads.length);
    const proof = { ...r.proof, siblings: r.proof.siblings.map((s) => hexToU8a(s)) };
    assert.equal(u8aToHex(merkleRootFromProof(leaf, proof)), r.paraRoot);
  }
}

describe('spindle_* over a real RpcServer', () => {
  let rpc: TestRpc;
  let nonce: number;
  let mixed: string;

  const submit = (method: string, args: Record<string, unknown>): Promise<Uint8Array> =>
    rpc.t.backend.pool.submit(signedCall(rpc.t, rpc.t.pairs.Alice, nonce++, 'sequencer', method, args));

  before(async () => {
    rpc = await startTestRpc();
    nonce = await registerParas(rpc.t, rpc.t.pairs.Alice, 0, [100, 200, 300]);
    await submit('submit', { para_id: 100, payload: '0xaa' });
    await submit('submitCandidate', { para_id: 200, relay_parent: rpc.t.chain.best.hash, payloads: ['0x01', '0x0202'] });
    await submit('submitBundle', { items: [[200, '0x03'], [100, '0xbb']] });
    mixed = u8aToHex((await rpc.t.produceBlock()).hash);
  });
  after(() => rpc.close());

  test('behavior: spindle_paraTransactions gives each para its ordered slice with a proof against the header', async () => {
    const a = (await rpc.result('spindle_paraTransactions', [100, mixed])) as ParaTransactionsJson;
    const b = (await rpc.result('spindle_paraTransactions', [200, mixed])) as ParaTransactionsJson;
    assert.deepEqual(a.payloads, ['0xaa', '0xbb']);
    assert.deepEqual(b.payloads, ['0x01', '0x0202', '0x03']);
    assert.equal(a.blockNumber, 2);
    assert.equal(a.paraRoot, b.paraRoot);
    assert.deepEqual([a.proof?.leafIndex, a.proof?.leafCount, b.proof?.leafIndex], [0, 2, 1]);
    assertProven(rpc, a);
    assertProven(rpc, b);
    assert.deepEqual(Object.keys(a).sort(), ['absence', 'blockHash', 'blockNumber', 'paraId', 'paraRoot', 'payloads', 'proof', 'sliceRoot']);
  });

  test('behavior: a registered para with nothing in the block gets an empty slice, a null proof and an absence proof', async () => {
    const c = (await rpc.result('spindle_paraTransactions', [300, mixed])) as ParaTransactionsJson;
    assert.deepEqual([c.payloads, c.proof, c.sliceRoot, c.absence?.leaves.length], [[], null, ZERO, 2]);
    assertProven(rpc, c);
  });

  test('args: blockHash defaults to the finalized head (also when null); an unknown block gives null', async () => {
    await rpc.t.produceBlock({ finalize: false });
    const finalized = u8aToHex(rpc.t.chain.finalizedHash());
    assert.equal(((await rpc.result('spindle_paraTransactions', [100])) as ParaTransactionsJson).blockHash, finalized);
    assert.equal(((await rpc.result('spindle_paraTransactions', [100, null])) as ParaTransactionsJson).blockHash, finalized);
    assert.equal(await rpc.result('spindle_paraTransactions', [100, `0x${'ab'.repeat(32)}`]), null);
    await rpc.t.chain.finalize(rpc.t.chain.bestHash());
  });

  test('args: invalid paraId, blockHash and fromBlock are -32602', async () => {
    for (const params of [[], [-1], ['x'], [2 ** 32], [100, '0x1234']]) {
      assert.equal((await rpc.error('spindle_paraTransactions', params)).code, -32602, JSON.stringify(params));
    }
    for (const params of [[100], [100, -1], [100, 'abc'], [100, 2 ** 32]]) {
      assert.equal((await rpc.error('spindle_subscribeParaTransactions', params)).code, -32602, JSON.stringify(params));
    }
  });

  test('error: a para not registered at the block is 7001 (both methods)', async () => {
    assert.deepEqual(await rpc.error('spindle_paraTransactions', [999]), {
      code: 7001,
      message: `Unknown para 999: it is not registered at block ${u8aToHex(rpc.t.chain.finalizedHash())}`,
      data: { paraId: 999 },
    });
    const genesis = u8aToHex(rpc.t.chain.genesisHash());
    assert.equal((await rpc.error('spindle_paraTransactions', [100, genesis])).code, 7001, 'registered after genesis');
    assert.equal((await rpc.error('spindle_subscribeParaTransactions', [999, 1])).code, 7001);
  });

  test('behavior: the subscription delivers every finalized block once, in order: backfill in chunks, then live, also when finalization jumps', async () => {
    // Enough stored blocks to cross several backfill chunks.
    for (let i = 0; i < 40; i++) await rpc.t.produceBlock();
    const id = await rpc.subscribe('spindle_subscribeParaTransactions', [100, 1]);
    const received: ParaTransactionsJson[] = [];
    const take = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) received.push((await rpc.notification(id)) as ParaTransactionsJson);
    };
    await take(Number(rpc.t.chain.finalized.header.number));
    // Live: one finalized block with a payload, then three imported unfinalized and finalized at once.
    await submit('submit', { para_id: 100, payload: '0xcc' });
    await rpc.t.produceBlock();
    await take(1);
    for (let i = 0; i < 3; i++) await rpc.t.produceBlock({ finalize: false });
    await rpc.result('system_name'); // a round trip: nothing may have been sent for unfinalized blocks
    assert.equal(rpc.client.unread.length, 0, 'no notification before finalization');
    await rpc.t.chain.finalize(rpc.t.chain.bestHash());
    await take(3);
    assert.deepEqual(received.map((r) => r.blockNumber), Array.from({ length: received.length }, (_, i) => i + 1));
    assert.deepEqual(received.map((r) => r.blockHash), received.map((r) => u8aToHex(rpc.t.chain.hashAt(BigInt(r.blockNumber))!)));
    assert.deepEqual(received[1]!.payloads, ['0xaa', '0xbb']);
    assert.deepEqual(received.at(-4)!.payloads, ['0xcc']);
    for (const r of received) assertProven(rpc, r);
    assert.equal(await rpc.result('spindle_unsubscribeParaTransactions', [id]), true);
    await rpc.t.produceBlock();
    await rpc.result('system_name');
    assert.equal(rpc.client.unread.length, 0, 'nothing after unsubscribing');
  });

  test('behavior: a subscription from beyond the finalized head waits for that block', async () => {
    const next = Number(rpc.t.chain.finalized.header.number) + 2;
    const id = await rpc.subscribe('spindle_subscribeParaTransactions', [200, next]);
    await rpc.t.produceBlock();
    await rpc.result('system_name');
    assert.equal(rpc.client.unread.length, 0);
    await rpc.t.produceBlock();
    assert.equal(((await rpc.notification(id)) as ParaTransactionsJson).blockNumber, next);
    await rpc.result('spindle_unsubscribeParaTransactions', [id]);
  });
});
