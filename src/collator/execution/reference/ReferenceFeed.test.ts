import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExecutionReport } from '../ExecutionFeed.ts';
import { KvAppChain } from './KvAppChain.ts';
import { hex, setOp, slice, testKey, tx } from './referenceChain.fixture.ts';
import { ReferenceChainError } from './ReferenceChainError.ts';
import type { ReferenceChainErrorCode } from './ReferenceChainError.ts';
import { ReferenceFeed } from './ReferenceFeed.ts';
import type { ReferenceFeedOptions } from './ReferenceFeed.ts';

const PARA = 100;
const alice = testKey(1);
const bob = testKey(2);

function isCode(code: ReferenceChainErrorCode): (e: unknown) => boolean {
  return (e) => e instanceof ReferenceChainError && e.code === code;
}

/** `count` payloads alternating alice/bob, numbered from `first` (nonces follow per signer). */
function payloads(first: number, count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => {
    const n = first + i;
    return tx(n % 2 === 0 ? alice : bob, PARA, BigInt(n >> 1), setOp(`key${n}`, `value${n}`));
  });
}

/** Relay positions of each block of a report, as "relay:index" strings. */
const positionsOf = (report: ExecutionReport): string[][] => report.blocks.map((b) => b.positions.map((p) => `${p.relayBlockNumber}:${p.index}`));

describe('ReferenceFeed', () => {
  it('behavior: by default one app block per relay slice with transactions, none for an empty slice', async () => {
    const feed = await ReferenceFeed.open({ paraId: PARA });
    assert.equal(await feed.head(), undefined);
    const first = await feed.execute(slice(PARA, 10n, payloads(0, 3)));
    assert.deepEqual(positionsOf(first), [['10:0', '10:1', '10:2']]);
    assert.equal(first.blocks[0]!.number, 1n);
    assert.deepEqual(await feed.head(), { relayBlockNumber: 10n, appBlockNumber: 1n, appBlockHash: first.blocks[0]!.hash });
    const empty = await feed.execute(slice(PARA, 11n, []));
    assert.deepEqual(empty, { blocks: [], skipped: [] });
    assert.deepEqual(await feed.head(), { relayBlockNumber: 11n, appBlockNumber: 1n, appBlockHash: first.blocks[0]!.hash });
    await feed.close();
  });

  it('behavior: maxTransactionsPerBlock splits one slice into several app blocks', async () => {
    const feed = await ReferenceFeed.open({ paraId: PARA, maxTransactionsPerBlock: 2 });
    const report = await feed.execute(slice(PARA, 3n, payloads(0, 5)));
    assert.deepEqual(positionsOf(report), [['3:0', '3:1'], ['3:2', '3:3'], ['3:4']]);
    assert.deepEqual(report.blocks.map((b) => b.number), [1n, 2n, 3n]);
    assert.equal((await feed.head())?.appBlockNumber, 3n);
    await feed.close();
  });

  it('behavior: relayBlocksPerAppBlock gathers aligned windows of slices into one app block; flush seals a partial window', async () => {
    const feed = await ReferenceFeed.open({ paraId: PARA, relayBlocksPerAppBlock: 3 });
    const r3 = await feed.execute(slice(PARA, 3n, payloads(0, 2)));
    const r4 = await feed.execute(slice(PARA, 4n, []));
    assert.deepEqual([r3.blocks, r4.blocks], [[], []]);
    assert.equal(await feed.head(), undefined, 'nothing sealed, so nothing durable yet');
    const r5 = await feed.execute(slice(PARA, 5n, payloads(2, 1)));
    assert.deepEqual(positionsOf(r5), [['3:0', '3:1', '5:0']]);
    assert.equal((await feed.head())?.relayBlockNumber, 5n);
    const r6 = await feed.execute(slice(PARA, 6n, payloads(3, 1)));
    assert.deepEqual(r6.blocks, []);
    const flushed = await feed.flush();
    assert.deepEqual(positionsOf(flushed), [['6:0']]);
    assert.deepEqual(await feed.head(), { relayBlockNumber: 6n, appBlockNumber: 2n, appBlockHash: flushed.blocks[0]!.hash });
    assert.deepEqual(await feed.flush(), { blocks: [], skipped: [] });
    await feed.close();
  });

  it('behavior: a slice of a later window first seals what an earlier window left (relay blocks missing in between)', async () => {
    const feed = await ReferenceFeed.open({ paraId: PARA, relayBlocksPerAppBlock: 4 });
    await feed.execute(slice(PARA, 1n, payloads(0, 1)));
    const report = await feed.execute(slice(PARA, 9n, payloads(1, 1)));
    assert.deepEqual(positionsOf(report), [['1:0']]);
    assert.equal((await feed.head())?.relayBlockNumber, 1n, 'slice 9 is executed but not sealed');
    assert.deepEqual(positionsOf(await feed.flush()), [['9:0']]);
    assert.equal((await feed.head())?.relayBlockNumber, 9n);
    await feed.close();
  });

  it('behavior: both options at once — a window of 2 slices, blocks of at most 3', async () => {
    const feed = await ReferenceFeed.open({ paraId: PARA, relayBlocksPerAppBlock: 2, maxTransactionsPerBlock: 3 });
    const r0 = await feed.execute(slice(PARA, 0n, payloads(0, 2)));
    const r1 = await feed.execute(slice(PARA, 1n, payloads(2, 5)));
    assert.deepEqual(positionsOf(r0), []);
    assert.deepEqual(positionsOf(r1), [['0:0', '0:1', '1:0'], ['1:1', '1:2', '1:3'], ['1:4']]);
    await feed.close();
  });

  it('behavior: invalid transactions are reported as skipped, never thrown, and stay out of the blocks', async () => {
    const feed = await ReferenceFeed.open({ paraId: PARA, maxTransactionsPerBlock: 2 });
    const [p0, p1] = payloads(0, 2);
    const report = await feed.execute(slice(PARA, 1n, [p0!, Uint8Array.of(9), p0!, tx(alice, 999, 1n), p1!]));
    assert.deepEqual(report.skipped, [
      { relayBlockNumber: 1n, index: 1, reason: 'undecodable' },
      { relayBlockNumber: 1n, index: 2, reason: 'stale nonce' },
      { relayBlockNumber: 1n, index: 3, reason: 'wrong para' },
    ]);
    assert.deepEqual(positionsOf(report), [['1:0', '1:4']]);
    const allBad = await feed.execute(slice(PARA, 2n, [Uint8Array.of(1)]));
    assert.deepEqual(allBad.blocks, [], 'no block without an applied transaction');
    assert.equal((await feed.head())?.relayBlockNumber, 2n);
    await feed.close();
  });

  it('behavior: the final state root depends only on the relay order, not on how blocks are cut; replays are identical', async () => {
    const slices = [slice(PARA, 0n, payloads(0, 4)), slice(PARA, 1n, []), slice(PARA, 2n, payloads(4, 7)), slice(PARA, 3n, payloads(11, 1))];
    const run = async (options: ReferenceFeedOptions): Promise<{ root: string; hashes: string[] }> => {
      const feed = await ReferenceFeed.open({ paraId: PARA, ...options });
      const hashes: string[] = [];
      for (const s of slices) for (const b of (await feed.execute(s)).blocks) hashes.push(hex(b.hash));
      for (const b of (await feed.flush()).blocks) hashes.push(hex(b.hash));
      const root = hex(feed.chain.stateRoot());
      await feed.close();
      return { root, hashes };
    };
    const plain = await run({});
    const split = await run({ maxTransactionsPerBlock: 2 });
    const gathered = await run({ relayBlocksPerAppBlock: 3 });
    assert.equal(split.root, plain.root);
    assert.equal(gathered.root, plain.root);
    assert.deepEqual([plain.hashes.length, split.hashes.length, gathered.hashes.length], [3, 7, 2]);
    assert.deepEqual(await run({ maxTransactionsPerBlock: 2 }), split);
  });

  it('error: refuses a slice of another para and a relay block already executed', async () => {
    const feed = await ReferenceFeed.open({ paraId: PARA });
    await assert.rejects(feed.execute(slice(200, 1n, [])), isCode('WRONG_PARA'));
    await feed.execute(slice(PARA, 5n, payloads(0, 1)));
    await assert.rejects(feed.execute(slice(PARA, 5n, payloads(0, 1))), isCode('ALREADY_EXECUTED'));
    await assert.rejects(feed.execute(slice(PARA, 4n, [])), isCode('ALREADY_EXECUTED'));
    assert.equal((await feed.execute(slice(PARA, 6n, payloads(1, 1)))).blocks.length, 1);
    await feed.close();
  });

  it('behavior: calls made before close finish; calls after it are refused; close is safe twice', async () => {
    const feed = await ReferenceFeed.open({ paraId: PARA });
    const running = feed.execute(slice(PARA, 1n, payloads(0, 2)));
    const closing = feed.close();
    const after = feed.execute(slice(PARA, 2n, []));
    assert.equal((await running).blocks.length, 1);
    await assert.rejects(after, isCode('CLOSED'));
    await closing;
    await feed.close();
    await assert.rejects(feed.flush(), isCode('CLOSED'));
  });

  it('args: refuses options out of range, and a chain with unsealed transactions', async () => {
    const bad: ReferenceFeedOptions[] = [{ maxTransactionsPerBlock: 0 }, { maxTransactionsPerBlock: 1.5 }, { relayBlocksPerAppBlock: 0 }, { relayBlocksPerAppBlock: 2.5 }];
    for (const options of bad) await assert.rejects(ReferenceFeed.open({ paraId: PARA, ...options }), isCode('INVALID_OPTION'), JSON.stringify(options));
    const chain = await KvAppChain.open({ paraId: PARA });
    chain.applyTransaction(payloads(0, 1)[0]!);
    assert.throws(() => new ReferenceFeed(chain), isCode('INVALID_OPTION'));
    await chain.close();
  });
});
