import { test } from 'node:test';
import assert from 'node:assert/strict';
import { u8aToHex } from '@polkadot/util';
import { startTestRpc, type TestRpc } from './testing/startTestRpc.ts';

async function withRpc(body: (rpc: TestRpc) => Promise<void>): Promise<void> {
  const rpc = await startTestRpc();
  try {
    await body(rpc);
  } finally {
    await rpc.close();
  }
}

/** Yields to the event loop until `cond` holds (bounded; no wall-clock waits). */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(cond());
}

test('behavior: transactionWatch_v1 reports validated, bestChainBlockIncluded and finalized with the index in the body', async () => {
  await withRpc(async (rpc) => {
    const tx = rpc.t.transfer(rpc.t.pairs.Alice, rpc.t.pairs.Bob.publicKey, 10n ** 12n, 0);
    const id = await rpc.subscribe('transactionWatch_v1_submitAndWatch', [u8aToHex(tx)]);
    assert.deepEqual(await rpc.notification(id), { event: 'validated' });
    const block = await rpc.t.produceBlock();
    const index = block.extrinsics.findIndex((x) => Buffer.compare(x, tx) === 0);
    assert.ok(index > 0, 'after the inherents');
    const hash = u8aToHex(block.hash);
    assert.deepEqual(await rpc.notification(id), { event: 'bestChainBlockIncluded', block: { hash, index } });
    assert.deepEqual(await rpc.notification(id), { event: 'finalized', block: { hash, index } });
  });
});

test('error: transactionWatch_v1 reports invalid for a transaction the pool refuses; bad bytes are -32602', async () => {
  await withRpc(async (rpc) => {
    const tx = u8aToHex(rpc.t.transfer(rpc.t.pairs.Alice, rpc.t.pairs.Bob.publicKey, 10n ** 12n, 0));
    await rpc.t.backend.pool.submit(Buffer.from(tx.slice(2), 'hex'));
    await rpc.t.produceBlock();
    const stale = u8aToHex(rpc.t.transfer(rpc.t.pairs.Alice, rpc.t.pairs.Bob.publicKey, 2n * 10n ** 12n, 0));
    const id = await rpc.subscribe('transactionWatch_v1_submitAndWatch', [stale]);
    const e = (await rpc.notification(id)) as { event: string; error: string };
    assert.equal(e.event, 'invalid', 'stale nonce');
    assert.equal(typeof e.error, 'string');
    assert.equal((await rpc.error('transactionWatch_v1_submitAndWatch', ['xyz'])).code, -32602);
  });
});

test('behavior: transaction_v1_broadcast puts the transaction in the pool and answers an operation id; stop ends it', async () => {
  await withRpc(async (rpc) => {
    const tx = rpc.t.transfer(rpc.t.pairs.Alice, rpc.t.pairs.Bob.publicKey, 10n ** 12n, 0);
    const id = await rpc.result('transaction_v1_broadcast', [u8aToHex(tx)]);
    assert.equal(typeof id, 'string');
    await until(() => rpc.t.backend.pool.pending().some((p) => Buffer.compare(p, tx) === 0));
    assert.equal(await rpc.result('transaction_v1_stop', [id]), null);
    assert.equal((await rpc.error('transaction_v1_stop', [id])).code, -32602, 'no longer an active operation');
    assert.equal((await rpc.error('transaction_v1_stop', ['nope'])).code, -32602);
    // An invalid transaction still gets an id (the spec drops it silently).
    assert.equal(typeof (await rpc.result('transaction_v1_broadcast', ['0x00'])), 'string');
  });
});
