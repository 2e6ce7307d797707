import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { open } from 'lmdb';
import { KvAppChain } from './KvAppChain.ts';
import { bytes, hex, setOp, slice, tempDir, testKey, tx } from './referenceChain.fixture.ts';
import { ReferenceChainError } from './ReferenceChainError.ts';
import type { ReferenceChainErrorCode } from './ReferenceChainError.ts';
import { ReferenceFeed } from './ReferenceFeed.ts';

const PARA = 100;
const alice = testKey(1);
const bob = testKey(2);
const dirs: { remove(): Promise<void> }[] = [];

after(async () => {
  for (const dir of dirs) await dir.remove();
});

async function newDir(): Promise<string> {
  const dir = await tempDir();
  dirs.push(dir);
  return dir.path;
}

function isCode(code: ReferenceChainErrorCode): (e: unknown) => boolean {
  return (e) => e instanceof ReferenceChainError && e.code === code;
}

const slices = [
  slice(PARA, 1n, [tx(alice, PARA, 0n, setOp('a', '1')), tx(bob, PARA, 0n, setOp('b', '1'))]),
  slice(PARA, 2n, []),
  slice(PARA, 3n, [tx(alice, PARA, 1n, setOp('a', '2'), { type: 'delete', key: bytes('b') }), Uint8Array.of(0)]),
  slice(PARA, 4n, [tx(bob, PARA, 1n, setOp('c', '3'))]),
  slice(PARA, 5n, [tx(alice, PARA, 2n, setOp('d', '4'))]),
];

describe('ReferenceFeed with a journal', () => {
  it('behavior: a re-opened feed resumes at its head with the same state and refuses executed relay blocks', async () => {
    const directory = await newDir();
    const first = await ReferenceFeed.open({ paraId: PARA, directory });
    for (const s of slices.slice(0, 3)) await first.execute(s);
    const head = await first.head();
    const root = hex(first.chain.stateRoot());
    await first.close();

    const second = await ReferenceFeed.open({ paraId: PARA, directory });
    try {
      assert.deepEqual(await second.head(), head);
      assert.equal(head?.relayBlockNumber, 3n);
      assert.equal(hex(second.chain.stateRoot()), root);
      assert.deepEqual(second.chain.get(bytes('a')), bytes('2'));
      assert.equal(second.chain.get(bytes('b')), undefined);
      assert.equal(second.chain.nonceOf(alice.publicKey), 2n);
      await assert.rejects(second.execute(slices[2]!), isCode('ALREADY_EXECUTED'));
      await assert.rejects(second.execute(slices[0]!), isCode('ALREADY_EXECUTED'));
      const next = await second.execute(slices[3]!);
      assert.equal(next.blocks[0]!.number, head!.appBlockNumber + 1n);
      const block = second.chain.readBlock(next.blocks[0]!.number)!;
      assert.deepEqual(block.parentHash, head!.appBlockHash);
      assert.deepEqual(block.transactions, slices[3]!.payloads);
      assert.deepEqual(second.chain.readBlock(1n)!.transactions, slices[0]!.payloads);
    } finally {
      await second.close();
    }
  });

  it('behavior: a window not yet sealed is not durable; re-executing it after a restart gives the uninterrupted result', async () => {
    const uninterrupted = await ReferenceFeed.open({ paraId: PARA, relayBlocksPerAppBlock: 3 });
    for (const s of slices) await uninterrupted.execute(s);
    await uninterrupted.flush();
    const expected = { root: hex(uninterrupted.chain.stateRoot()), head: await uninterrupted.head() };
    await uninterrupted.close();

    const directory = await newDir();
    const crashed = await ReferenceFeed.open({ paraId: PARA, directory, relayBlocksPerAppBlock: 3 });
    for (const s of slices.slice(0, 4)) await crashed.execute(s); // window 1..2 sealed at 2; 3 and 4 pending
    assert.equal((await crashed.head())?.relayBlockNumber, 2n);
    await crashed.close(); // no flush: the pending window is dropped

    const resumed = await ReferenceFeed.open({ paraId: PARA, directory, relayBlocksPerAppBlock: 3 });
    try {
      assert.equal((await resumed.head())?.relayBlockNumber, 2n);
      for (const s of slices.slice(2)) await resumed.execute(s);
      await resumed.flush();
      assert.deepEqual({ root: hex(resumed.chain.stateRoot()), head: await resumed.head() }, expected);
    } finally {
      await resumed.close();
    }
  });

  it('behavior: the head of empty slices is durable too', async () => {
    const directory = await newDir();
    const feed = await ReferenceFeed.open({ paraId: PARA, directory });
    await feed.execute(slice(PARA, 7n, []));
    await feed.close();
    const chain = await KvAppChain.open({ paraId: PARA, directory });
    try {
      assert.deepEqual(chain.head(), { relayBlockNumber: 7n, appBlockNumber: 0n, appBlockHash: chain.lastBlock.hash });
    } finally {
      await chain.close();
    }
  });

  it('error: a journal of para 100 cannot be opened as para 200', async () => {
    const directory = await newDir();
    const chain = await KvAppChain.open({ paraId: PARA, directory });
    await chain.close();
    await assert.rejects(KvAppChain.open({ paraId: 200, directory }), isCode('WRONG_PARA'));
    const again = await KvAppChain.open({ paraId: PARA, directory });
    await again.close();
  });
});

describe('KvAppChain journal integrity', () => {
  it('error: a journal whose state no longer matches the last block is refused as CORRUPTED', async () => {
    const directory = await newDir();
    const feed = await ReferenceFeed.open({ paraId: PARA, directory });
    await feed.execute(slices[0]!);
    await feed.close();
    const root = open<Uint8Array, Uint8Array>({ path: directory, maxDbs: 4, keyEncoding: 'binary', encoding: 'binary' });
    const state = root.openDB<Uint8Array, Uint8Array>({ name: 'state', keyEncoding: 'binary', encoding: 'binary' });
    await state.put(Uint8Array.of(1, ...bytes('a')), bytes('tampered'));
    await root.close();
    await assert.rejects(KvAppChain.open({ paraId: PARA, directory }), isCode('CORRUPTED'));
  });
});
