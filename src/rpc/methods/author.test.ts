import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { u8aToHex } from '@polkadot/util';
import { blake2_256 } from '../../primitives/hashing.ts';
import { decodeCompact } from '../../primitives/scale.ts';
import { startTestRpc, type TestRpc } from './testing/startTestRpc.ts';

let rpc: TestRpc;
before(async () => {
  rpc = await startTestRpc();
});
after(() => rpc.close());

/** A fresh signed transfer from `who` (by dev name) with the next free nonce. */
async function nextTransfer(who: 'Alice' | 'Bob' | 'Charlie' | 'Dave' | 'Eve' | 'Ferdie', amount = 10n ** 12n): Promise<Uint8Array> {
  const pair = rpc.t.pairs[who];
  const nonce = (await rpc.result('system_accountNextIndex', [pair.address])) as number;
  return rpc.t.transfer(pair, rpc.t.pairs.Ferdie.publicKey, amount, nonce);
}

test('behavior: author_submitExtrinsic answers the blake2-256 hash; author_pendingExtrinsics lists the pool', async () => {
  const tx = await nextTransfer('Alice');
  assert.equal(await rpc.result('author_submitExtrinsic', [u8aToHex(tx)]), u8aToHex(blake2_256(tx)));
  assert.deepEqual(await rpc.result('author_pendingExtrinsics'), [u8aToHex(tx)]);
  await rpc.t.produceBlock();
  assert.deepEqual(await rpc.result('author_pendingExtrinsics'), []);
});

test('error: pool refusals keep Substrate\'s codes, messages and data', async () => {
  const { Alice, Ferdie } = rpc.t.pairs;
  const stale = rpc.t.transfer(Alice, Ferdie.publicKey, 10n ** 12n, 0);
  assert.deepEqual(await rpc.error('author_submitExtrinsic', [u8aToHex(stale)]), { code: 1010, message: 'Invalid Transaction', data: 'Transaction is outdated' });

  const forged = await nextTransfer('Bob');
  const prefix = decodeCompact(forged, 0).length;
  forged[prefix + 1 + 33 + 1 + 10]! ^= 0xff; // a byte of the sr25519 signature
  assert.deepEqual(await rpc.error('author_submitExtrinsic', [u8aToHex(forged)]), { code: 1010, message: 'Invalid Transaction', data: 'Transaction has a bad signature' });

  const tx = await nextTransfer('Bob');
  await rpc.result('author_submitExtrinsic', [u8aToHex(tx)]);
  assert.deepEqual(await rpc.error('author_submitExtrinsic', [u8aToHex(tx)]), { code: 1013, message: 'Transaction Already Imported', data: u8aToHex(blake2_256(tx)) });
  await rpc.t.produceBlock();
  // Included in a block: the pool refuses it for a while.
  assert.deepEqual(await rpc.error('author_submitExtrinsic', [u8aToHex(tx)]), { code: 1012, message: 'Transaction is temporarily banned' });
});

test('error: bytes that are not an extrinsic: bad hex -32602, wrong length prefix 1001, garbage content 1010', async () => {
  const notHex = await rpc.error('author_submitExtrinsic', ['0xabc']);
  assert.equal(notHex.code, -32602);
  assert.match(notHex.message, /param 0 \(extrinsic\)/);
  assert.equal((await rpc.error('author_submitExtrinsic', [])).code, -32602);
  assert.deepEqual(await rpc.error('author_submitExtrinsic', ['0x1001']), { code: 1001, message: 'Extrinsic has invalid format: the length prefix announces 4 bytes but 1 follow it' });
  const garbage = await rpc.error('author_submitExtrinsic', ['0x0c010203']);
  assert.equal(garbage.code, 1010);
  assert.equal(garbage.message, 'Invalid Transaction');
  assert.match(String(garbage.data), /^Transaction is malformed: Could not decode/);
});

test('behavior: author_submitAndWatchExtrinsic streams ready, inBlock, finalized, then ends by itself', async () => {
  const tx = await nextTransfer('Charlie');
  const id = await rpc.subscribe('author_submitAndWatchExtrinsic', [u8aToHex(tx)]);
  const first = await rpc.client.next((m) => m.params?.subscription === id);
  assert.equal(first.method, 'author_extrinsicUpdate');
  assert.equal(first.params?.result, 'ready');
  const block = await rpc.t.produceBlock();
  assert.deepEqual(await rpc.notification(id), { inBlock: u8aToHex(block.hash) });
  assert.deepEqual(await rpc.notification(id), { finalized: u8aToHex(block.hash) });
  assert.equal(await rpc.result('author_unwatchExtrinsic', [id]), false);
});

test('behavior: a transaction with a nonce gap is "future"; author_unwatchExtrinsic stops watching', async () => {
  const { Dave, Ferdie } = rpc.t.pairs;
  const id = await rpc.subscribe('author_submitAndWatchExtrinsic', [u8aToHex(rpc.t.transfer(Dave, Ferdie.publicKey, 10n ** 12n, 5))]);
  assert.equal(await rpc.notification(id), 'future');
  assert.equal(await rpc.result('author_unwatchExtrinsic', [id]), true);
  assert.equal(await rpc.result('author_unwatchExtrinsic', [id]), false);
});

test('error: author_submitAndWatchExtrinsic of a refused transaction fails with the pool error', async () => {
  const stale = rpc.t.transfer(rpc.t.pairs.Alice, rpc.t.pairs.Ferdie.publicKey, 10n ** 12n, 0);
  const answer = await rpc.client.call('author_submitAndWatchExtrinsic', [u8aToHex(stale)]);
  if (answer.error !== undefined) {
    // A transport that waits for the handler rejects the call, as Substrate does.
    assert.deepEqual(answer.error, { code: 1010, message: 'Invalid Transaction', data: 'Transaction is outdated' });
  } else {
    // The current transport has answered the id already: the refusal arrives as a final status.
    const id = answer.result as string;
    assert.equal(await rpc.notification(id), 'invalid');
    assert.equal(await rpc.result('author_unwatchExtrinsic', [id]), false);
  }
  const bad = await rpc.error('author_submitAndWatchExtrinsic', ['0x1001']);
  assert.equal(bad.code, 1001);
});

test('behavior: keystore methods are not offered (no keystore behind the RPC)', async () => {
  for (const method of ['author_rotateKeys', 'author_insertKey', 'author_hasKey', 'author_hasSessionKeys', 'author_removeExtrinsic']) {
    assert.equal((await rpc.error(method, [])).code, -32601, method);
  }
});
