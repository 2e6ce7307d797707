import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiPromise } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { initHashing } from '../../primitives/hashing.ts';
import { WsTestClient } from '../../rpc/server/testing/WsTestClient.ts';
import { connectApi } from '../../testing/connectApi.ts';
import { spawnNode, type SpawnedNode } from '../../testing/spawnNode.ts';
import { createTempDir, type TempDir } from '../../store/tempStoreDir.ts';
import { CandidateStore } from './CandidateStore.ts';
import { startCollatorChild, type CollatorChild } from './collatorChild.fixture.ts';
import { payloadTag, taggedPayload } from './collatorTestKit.fixture.ts';
import { payloadHash } from './payloadHash.ts';
import { finalizedNumber, readParaPayloads, waitForFinalized, waitForParaPayloads, withPrefix } from './relayPayloads.fixture.ts';

// Kill a collator process at its most delicate points, restart it on the same directory, and
// check on the relay that every accepted payload was sequenced exactly once, in order.

const PARA = 100;
const SURI = '//Eve';
let relay: SpawnedNode;
let api: ApiPromise;
const dirs: TempDir[] = [];
const children: CollatorChild[] = [];

before(async () => {
  await Promise.all([cryptoWaitReady(), initHashing()]);
  relay = await spawnNode(['--dev', '--block-time', '250']);
  api = await connectApi(relay.wsUrl);
});

after(async () => {
  for (const c of children) await c.stop();
  await api?.disconnect();
  await relay?.stop();
  for (const d of dirs) await d.remove();
});

const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));

async function newDir(): Promise<string> {
  const d = await createTempDir('spindle-collator-crash-');
  dirs.push(d);
  return d.path;
}

function child(dataDir: string, crashAt?: 'record' | 'send'): CollatorChild {
  const c = startCollatorChild({ relayUrl: relay.wsUrl, dataDir, paraId: PARA, suri: SURI, ...(crashAt === undefined ? {} : { crashAt }) });
  children.push(c);
  return c;
}

/** Queues `payloads` in the directory before any collator runs there (so the first candidate holds them). */
async function prefill(dataDir: string, payloads: readonly string[]): Promise<void> {
  const store = CandidateStore.open(dataDir, { paraId: PARA });
  await store.accept(payloads.map((p) => ({ hash: payloadHash(bytes(p)), payload: bytes(p) })), 100_000);
  await store.close();
}

/** The directory's state, read while no collator runs there. */
async function inspect(dataDir: string): Promise<{ queued: number; inFlight: ReturnType<CandidateStore['inFlight']> }> {
  const store = CandidateStore.open(dataDir, { paraId: PARA });
  try {
    return { queued: store.queuedCount, inFlight: store.inFlight() };
  } finally {
    await store.close();
  }
}

/** Waits until all `payloads` are sequenced, then 8 more blocks, and checks each is there exactly once, in order. */
async function assertSequencedOnce(from: number, tag: string, payloads: readonly string[]): Promise<void> {
  const seen = await waitForParaPayloads(api, PARA, from, (all) => withPrefix(all, tag).length >= payloads.length);
  const last = Math.max(...seen.map((p) => p.block));
  await waitForFinalized(api, last + 8);
  assert.deepEqual(withPrefix(await readParaPayloads(api, PARA, from, last + 8), tag), payloads);
}

for (const crashAt of ['record', 'send'] as const) {
  test(`behavior: killed right after the candidate is ${crashAt === 'record' ? 'recorded (not yet sent)' : 'accepted by the relay'}, the restarted collator sequences every payload exactly once`, async () => {
    const dir = await newDir();
    const tag = payloadTag();
    const payloads = Array.from({ length: 40 }, (_, i) => taggedPayload(tag, i));
    await prefill(dir, payloads);
    const from = (await finalizedNumber(api)) + 1;

    const first = child(dir, crashAt);
    assert.equal(await first.exited, 'SIGKILL');
    const state = await inspect(dir);
    assert.equal(state.queued, 40);
    assert.ok(state.inFlight !== undefined, 'the candidate was recorded before the crash');

    const second = child(dir);
    await second.ready;
    await assertSequencedOnce(from, tag, payloads);
    await second.stop();
    assert.deepEqual(await inspect(dir), { queued: 0, inFlight: undefined });
  });
}

test('behavior: killed while accepting over RPC, then restarted, every acknowledged payload is sequenced exactly once, in order', async () => {
  const dir = await newDir();
  const tag = payloadTag();
  const payloads = Array.from({ length: 60 }, (_, i) => taggedPayload(tag, i, 200));
  const from = (await finalizedNumber(api)) + 1;

  const first = child(dir);
  let client = await WsTestClient.connect(`ws://127.0.0.1:${await first.ready}`);
  for (const p of payloads.slice(0, 30)) assert.match(String((await client.call('author_submitExtrinsic', [p])).result), /^0x/);
  await first.kill9(); // no stop, no flush
  await client.closed;

  const second = child(dir);
  client = await WsTestClient.connect(`ws://127.0.0.1:${await second.ready}`);
  // A wallet that is unsure whether its last submission got through sends it again: refused as a duplicate.
  assert.equal((await client.call('author_submitExtrinsic', [payloads[29]])).error?.code, 1013);
  for (const p of payloads.slice(30)) assert.match(String((await client.call('author_submitExtrinsic', [p])).result), /^0x/);
  await client.close();
  await assertSequencedOnce(from, tag, payloads);
  await second.stop();
  assert.deepEqual(await inspect(dir), { queued: 0, inFlight: undefined });
});

test('behavior: a recorded candidate whose relay parent grew too old while the collator was down is signed anew on a fresh one', async () => {
  const dir = await newDir();
  const tag = payloadTag();
  const payloads = Array.from({ length: 5 }, (_, i) => taggedPayload(tag, i));
  await prefill(dir, payloads);
  const from = (await finalizedNumber(api)) + 1;

  const first = child(dir, 'record');
  assert.equal(await first.exited, 'SIGKILL');
  const { inFlight } = await inspect(dir);
  assert.ok(inFlight !== undefined);
  const maxAge = Number(api.consts['sequencer']!['maxRelayParentAge']!.toString());
  await waitForFinalized(api, Number(inFlight.relayParentNumber) + maxAge + 2);

  const second = child(dir);
  await second.ready;
  await assertSequencedOnce(from, tag, payloads);
  const [included] = second.sequenced();
  assert.ok(included !== undefined);
  assert.notEqual(included.txHash, `0x${Buffer.from(inFlight.txHash).toString('hex')}`, 'a new transaction, not the expired one');
  assert.ok(included.block > Number(inFlight.relayParentNumber) + maxAge);
  await second.stop();
});
