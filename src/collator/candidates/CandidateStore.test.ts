import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initHashing } from '../../primitives/hashing.ts';
import { createTempDir } from '../../store/tempStoreDir.ts';
import { CandidateError } from './CandidateError.ts';
import { CandidateStore } from './CandidateStore.ts';
import { payloadHash } from './payloadHash.ts';

await initHashing();

const item = (text: string): { hash: Uint8Array; payload: Uint8Array } => {
  const payload = Buffer.from(text);
  return { hash: payloadHash(payload), payload };
};
const texts = (store: CandidateStore): string[] => store.queued().map((q) => Buffer.from(q.payload).toString());
const isCode = (code: CandidateError['code']) => (e: unknown): boolean => e instanceof CandidateError && e.code === code;

test('behavior: CandidateStore keeps accepted payloads in order across a reopen and refuses duplicates and overflow', async () => {
  const dir = await createTempDir('spindle-candidates-');
  try {
    let store = CandidateStore.open(dir.path, { paraId: 100 });
    assert.deepEqual(await store.accept([item('a'), item('b'), item('a')], 10), ['accepted', 'accepted', 'duplicate']);
    assert.deepEqual(await store.accept([item('b'), item('c'), item('d')], 3), ['duplicate', 'accepted', 'full']);
    assert.deepEqual(texts(store), ['a', 'b', 'c']);
    assert.equal(store.statusOf(item('a').hash), 'queued');
    assert.equal(store.statusOf(item('z').hash), undefined);
    await store.close();
    await store.close();
    assert.throws(() => store.queued(), isCode('STORE_FAILED'));

    store = CandidateStore.open(dir.path, { paraId: 100 });
    assert.equal(store.queuedCount, 3);
    assert.deepEqual(await store.accept([item('d')], 10), ['accepted']);
    assert.deepEqual(texts(store), ['a', 'b', 'c', 'd']);
    assert.deepEqual(store.queued(2).map((q) => q.seq), [0, 1]);
    await store.dropQueued([1]);
    assert.deepEqual(texts(store), ['a', 'c', 'd']);
    assert.equal(store.statusOf(item('b').hash), undefined);
    await store.close();
  } finally {
    await dir.remove();
  }
});

test('behavior: CandidateStore settles the in-flight candidate from scanned blocks and remembers sequenced hashes for its window', async () => {
  const dir = await createTempDir('spindle-candidates-');
  try {
    let store = CandidateStore.open(dir.path, { paraId: 100, recentWindowBlocks: 10 });
    await store.accept(['a', 'b', 'c', 'd', 'e'].map(item), 100);
    const [a, b] = store.queued(2);
    const batch = { seqs: [a!.seq, b!.seq], txHash: new Uint8Array(32).fill(7), txBytes: Uint8Array.of(1, 2, 3), relayParent: new Uint8Array(32).fill(9), relayParentNumber: 41n, nonce: 3n };
    await store.recordInFlight(batch);
    await store.close();

    store = CandidateStore.open(dir.path, { paraId: 100, recentWindowBlocks: 10 });
    assert.deepEqual(store.inFlight(), batch);
    assert.equal(store.lastScanned(), undefined);

    // Block 42: someone else sequences 'a' (in flight: stays queued) and 'd' (leaves the queue).
    assert.deepEqual(await store.applyBlock({ number: 42n, sequenced: [item('a').hash, item('d').hash] }), { included: [] });
    assert.deepEqual(texts(store), ['a', 'b', 'c', 'e']);
    assert.deepEqual(await store.accept([item('d')], 100), ['duplicate']);
    assert.equal(store.statusOf(item('d').hash), 'sequenced');
    assert.equal(store.sequencedAt(item('a').hash), 42n); // and still queued: it travels in our candidate
    assert.equal(store.statusOf(item('a').hash), 'queued');

    // Block 43: our candidate is included.
    assert.deepEqual(await store.applyBlock({ number: 43n, sequenced: [item('a').hash, item('b').hash], inFlight: 'included' }), { included: [a!.seq, b!.seq] });
    assert.equal(store.inFlight(), undefined);
    assert.deepEqual(texts(store), ['c', 'e']);
    assert.equal(store.lastScanned(), 43n);

    // A failed candidate is forgotten; its payloads stay queued.
    await store.recordInFlight({ ...batch, seqs: store.queued().map((q) => q.seq) });
    await store.applyBlock({ number: 44n, sequenced: [], inFlight: 'failed' });
    assert.equal(store.inFlight(), undefined);
    assert.deepEqual(texts(store), ['c', 'e']);

    // 'd' was seen at 42; at 53 it is older than the 10-block window and may be accepted again.
    await store.applyBlock({ number: 52n, sequenced: [] });
    assert.equal(store.statusOf(item('d').hash), 'sequenced');
    await store.applyBlock({ number: 53n, sequenced: [] });
    assert.equal(store.statusOf(item('d').hash), undefined);
    assert.equal(store.statusOf(item('a').hash), 'sequenced'); // seen again at 43
    assert.deepEqual(await store.accept([item('d')], 100), ['accepted']);
    await store.close();
  } finally {
    await dir.remove();
  }
});

test('error: CandidateStore refuses a directory held by a live process or owned by another para, and takes over a dead owner’s lock', async () => {
  const dir = await createTempDir('spindle-candidates-');
  try {
    const store = CandidateStore.open(dir.path, { paraId: 100 });
    assert.throws(() => CandidateStore.open(dir.path, { paraId: 100 }), isCode('STORE_LOCKED'));
    await store.close();
    assert.throws(() => CandidateStore.open(dir.path, { paraId: 200 }), isCode('STORE_MISMATCH'));
    const relayBound = CandidateStore.open(dir.path, { paraId: 100 });
    await relayBound.bindRelay(new Uint8Array(32).fill(1));
    await relayBound.bindRelay(new Uint8Array(32).fill(1));
    await assert.rejects(relayBound.bindRelay(new Uint8Array(32).fill(2)), isCode('STORE_MISMATCH'));
    await relayBound.close();

    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    assert.ok(dead !== undefined);
    writeFileSync(join(dir.path, 'collator.lock'), String(dead));
    const again = CandidateStore.open(dir.path, { paraId: 100 });
    await again.close();
  } finally {
    await dir.remove();
  }
});
