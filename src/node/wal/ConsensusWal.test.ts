import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryKeyValueStore } from '../../store/index.ts';
import { ConsensusWal } from './ConsensusWal.ts';
import type { OwnVote, WalEntry } from './WalEntry.ts';
import { encodeWalEntry } from './walEntryCodec.ts';
import { WalError } from './WalError.ts';
import type { WalErrorCode } from './WalError.ts';
import { logKey, metaKey, ownKey, toHex } from './walKeys.ts';
import { WAL_STORE_KINDS } from './walTestStores.fixture.ts';

const input = (height: bigint, tag: number): WalEntry => ({ kind: 'input', height, data: Uint8Array.of(tag) });
const hash = (b: number): Uint8Array => new Uint8Array(32).fill(b);
const sig = (b: number): Uint8Array => new Uint8Array(64).fill(b);
const vote = (over: Partial<OwnVote> = {}): OwnVote => ({ height: 10n, round: 0, step: 'prevote', blockHash: hash(1), signed: sig(1), ...over });

function isWalError(code: WalErrorCode, check: (e: WalError) => boolean = () => true) {
  return (e: unknown): boolean => e instanceof WalError && e.code === code && check(e);
}

/** The data tags of the replayed input entries, with 'E<h>' for endHeight and 'V'/'P' for own votes/proposals. */
function tags(entries: readonly WalEntry[]): string[] {
  return entries.map((e) => {
    switch (e.kind) {
      case 'input':
        return `${e.height}:${e.data[0]}`;
      case 'endHeight':
        return `E${e.height}`;
      case 'ownVote':
        return `${e.height}:V${e.round}${e.step}`;
      case 'ownProposal':
        return `${e.height}:P${e.round}`;
    }
  });
}

for (const { kind, run } of WAL_STORE_KINDS) {
  test(`behavior (${kind}): replay returns entries ordered by height, in append order within a height`, () =>
    run(async (open) => {
      const wal = new ConsensusWal(await open());
      await wal.append(input(1n, 1));
      await wal.append(input(2n, 2));
      await wal.append(input(1n, 3)); // a late input of height 1 sorts with height 1
      await Promise.all([wal.append(input(3n, 4)), wal.append(input(3n, 5)), wal.append(input(3n, 6))]);
      await wal.recordOwnVote(vote({ height: 2n }));
      assert.deepEqual(tags(wal.replay(0n)), ['1:1', '1:3', '2:2', '2:V0prevote', '3:4', '3:5', '3:6']);
      assert.deepEqual(tags(wal.replay(2n)), ['2:2', '2:V0prevote', '3:4', '3:5', '3:6']);
      assert.deepEqual(tags(wal.replay(4n)), []);
      assert.equal(wal.lastEndedHeight(), undefined);
    }));

  test(`behavior (${kind}): endHeight hides its height and all earlier ones from replay`, () =>
    run(async (open) => {
      const wal = new ConsensusWal(await open(), { keepHeights: 10 });
      await wal.append(input(1n, 1));
      await wal.append({ kind: 'endHeight', height: 1n });
      await wal.append(input(2n, 2));
      await wal.append(input(3n, 3));
      assert.equal(wal.lastEndedHeight(), 1n);
      assert.deepEqual(tags(wal.replay(0n)), ['2:2', '3:3']);
      await wal.append({ kind: 'endHeight', height: 2n });
      assert.equal(wal.lastEndedHeight(), 2n);
      assert.deepEqual(tags(wal.replay(1n)), ['3:3']);
      assert.deepEqual(tags(wal.replay(3n)), ['3:3']);
      await wal.append({ kind: 'endHeight', height: 1n }); // an older marker never lowers it
      assert.equal(wal.lastEndedHeight(), 2n);
    }));

  test(`behavior (${kind}): prune deletes lower heights, their guard records, and refuses signing there`, () =>
    run(async (open) => {
      const kv = await open();
      const wal = new ConsensusWal(kv, { keepHeights: 10 });
      for (const h of [1n, 2n, 3n]) {
        await wal.append(input(h, Number(h)));
        await wal.recordOwnVote(vote({ height: h }));
      }
      await wal.prune(3n);
      assert.deepEqual(tags(wal.replay(0n)), ['3:3', '3:V0prevote']);
      assert.equal(kv.get('wal', ownKey(2n, 0, 'prevote')), undefined);
      assert.ok(kv.get('wal', ownKey(3n, 0, 'prevote')) !== undefined);
      await assert.rejects(
        wal.recordOwnVote(vote({ height: 2n })),
        isWalError('HEIGHT_PRUNED', (e) => e.data.code === 'HEIGHT_PRUNED' && e.data.height === 2n && e.data.prunedBelow === 3n),
      );
      // A lower prune later does not lower the floor.
      await wal.prune(1n);
      await assert.rejects(wal.recordOwnProposal({ height: 2n, round: 0, blockHash: hash(1), signed: sig(1) }), isWalError('HEIGHT_PRUNED'));
      assert.deepEqual(tags(wal.replay(0n)), ['3:3', '3:V0prevote']);
    }));

  test(`behavior (${kind}): endHeight(h) prunes heights below h + 1 - keepHeights in the same write`, () =>
    run(async (open) => {
      const kv = await open();
      const wal = new ConsensusWal(kv); // keepHeights 2
      for (const h of [0n, 1n, 2n, 3n, 4n]) await wal.append(input(h, Number(h)));
      await wal.append({ kind: 'endHeight', height: 0n }); // current height 1: floor -1, nothing pruned
      assert.equal(kv.get('wal', metaKey('prunedBelow')), undefined);
      await wal.recordOwnVote(vote({ height: 0n }));
      await wal.append({ kind: 'endHeight', height: 3n }); // current height 4: keeps 2, 3, 4
      await wal.append({ kind: 'endHeight', height: 1n }); // a late marker lowers nothing
      assert.equal(wal.lastEndedHeight(), 3n);
      assert.deepEqual(tags(wal.replay(0n)), ['4:4']);
      assert.deepEqual(
        [...kv.iterate('wal', { prefix: Uint8Array.of(1) })].map(([k]) => toHex(k.subarray(1, 9))),
        // heights 0 and 1 are gone; the late endHeight(1) was written after that prune, under its own height
        ['0000000000000001', '0000000000000002', '0000000000000003', '0000000000000003', '0000000000000004'],
      );
      await assert.rejects(wal.recordOwnVote(vote({ height: 1n })), isWalError('HEIGHT_PRUNED'));
      await wal.recordOwnVote(vote({ height: 2n }));
    }));

  test(`behavior (${kind}): a reopened WAL continues sequence numbers and keeps lastEnded and the prune floor`, () =>
    run(async (open) => {
      const first = new ConsensusWal(await open(), { keepHeights: 1 });
      await first.append(input(4n, 1));
      await first.append({ kind: 'endHeight', height: 4n }); // prunes below 4
      await first.append(input(5n, 2));
      await first.append(input(5n, 3));
      const second = new ConsensusWal(await open(), { keepHeights: 1 });
      assert.equal(second.lastEndedHeight(), 4n);
      await second.append(input(5n, 4));
      await second.append(input(5n, 5));
      assert.deepEqual(tags(second.replay(0n)), ['5:2', '5:3', '5:4', '5:5']);
      await assert.rejects(second.recordOwnVote(vote({ height: 3n })), isWalError('HEIGHT_PRUNED'));
    }));

  test(`behavior (${kind}): recordOwnVote of the identical vote twice returns the first signed bytes, also after reopening`, () =>
    run(async (open) => {
      const before = new ConsensusWal(await open());
      assert.deepEqual(await before.recordOwnVote(vote({ signed: sig(7) })), sig(7));
      // Re-signing (e.g. a non-deterministic signature scheme) must not produce a second signature.
      assert.deepEqual(await before.recordOwnVote(vote({ signed: sig(8) })), sig(7));
      const wal = new ConsensusWal(await open());
      assert.deepEqual(await wal.recordOwnVote(vote({ signed: sig(9) })), sig(7));
      const nil = { height: 10n, round: 3, step: 'precommit', blockHash: null } as const;
      assert.deepEqual(await wal.recordOwnVote({ ...nil, signed: sig(1) }), sig(1));
      assert.deepEqual(await wal.recordOwnVote({ ...nil, signed: sig(2) }), sig(1));
      const proposal = { height: 10n, round: 0, blockHash: hash(5) };
      assert.deepEqual(await wal.recordOwnProposal({ ...proposal, signed: sig(3) }), sig(3));
      assert.deepEqual(await wal.recordOwnProposal({ ...proposal, signed: sig(4) }), sig(3));
      // Only the first of each was written to the log.
      assert.deepEqual(tags(wal.replay(0n)), ['10:V0prevote', '10:V3precommit', '10:P0']);
    }));

  test(`behavior (${kind}): a different vote for the same (height, round, step) is refused with DOUBLE_SIGN and nothing is recorded`, () =>
    run(async (open) => {
      const wal = new ConsensusWal(await open());
      await wal.recordOwnVote(vote({ blockHash: hash(1), signed: sig(1) }));
      await wal.recordOwnVote(vote({ step: 'precommit', blockHash: null, signed: sig(2) }));
      await wal.recordOwnProposal({ height: 10n, round: 0, blockHash: hash(1), signed: sig(3) });
      const conflicts: ReadonlyArray<[string, () => Promise<Uint8Array>, unknown]> = [
        ['prevote for another block', () => wal.recordOwnVote(vote({ blockHash: hash(2), signed: sig(9) })), hash(1)],
        ['prevote for nil after a block', () => wal.recordOwnVote(vote({ blockHash: null, signed: sig(9) })), hash(1)],
        ['precommit for a block after nil', () => wal.recordOwnVote(vote({ step: 'precommit', blockHash: hash(1), signed: sig(9) })), null],
        ['second proposal', () => wal.recordOwnProposal({ height: 10n, round: 0, blockHash: hash(2), signed: sig(9) }), hash(1)],
        ['append of a conflicting vote entry', () => wal.append({ kind: 'ownVote', ...vote({ blockHash: hash(3) }) }).then(() => new Uint8Array()), hash(1)],
      ];
      for (const [desc, attempt, existingHash] of conflicts) {
        await assert.rejects(
          attempt(),
          isWalError('DOUBLE_SIGN', (e) => e.data.code === 'DOUBLE_SIGN' && e.data.existing.height === 10n && assertEq(e.data.existing.blockHash, existingHash)),
          desc,
        );
      }
      assert.deepEqual(tags(wal.replay(0n)), ['10:V0prevote', '10:V0precommit', '10:P0']);
      // Other rounds, steps and heights are free.
      assert.deepEqual(await wal.recordOwnVote(vote({ round: 1, blockHash: hash(2), signed: sig(4) })), sig(4));
      assert.deepEqual(await wal.recordOwnVote(vote({ height: 11n, blockHash: hash(2), signed: sig(5) })), sig(5));
      assert.deepEqual(await wal.recordOwnProposal({ height: 10n, round: 1, blockHash: hash(2), signed: sig(6) }), sig(6));
    }));

  test(`behavior (${kind}): concurrent calls for one (height, round, step) are decided in call order`, () =>
    run(async (open) => {
      const wal = new ConsensusWal(await open());
      const [first, identical, conflicting] = await Promise.allSettled([
        wal.recordOwnVote(vote({ signed: sig(1) })),
        wal.recordOwnVote(vote({ signed: sig(2) })),
        wal.recordOwnVote(vote({ blockHash: hash(2), signed: sig(3) })),
      ]);
      assert.deepEqual(first, { status: 'fulfilled', value: sig(1) });
      assert.deepEqual(identical, { status: 'fulfilled', value: sig(1) });
      assert.equal(conflicting.status, 'rejected');
      assert.ok(conflicting.status === 'rejected' && isWalError('DOUBLE_SIGN')(conflicting.reason));
      assert.deepEqual(tags(new ConsensusWal(await open()).replay(0n)), ['10:V0prevote']);
    }));

  test(`error (${kind}): a corrupt log entry makes replay throw CORRUPT with its key`, () =>
    run(async (open) => {
      const kv = await open();
      const wal = new ConsensusWal(kv);
      await wal.append(input(3n, 1));
      const [key, value] = [...kv.iterate('wal', { prefix: logKey(3n, 0n).subarray(0, 9) })][0] ?? assert.fail('entry stored');
      const damaged = value.slice();
      damaged[damaged.length - 6] = (damaged[damaged.length - 6] as number) ^ 1;
      await kv.write([{ column: 'wal', key, value: damaged }]);
      assert.throws(() => wal.replay(0n), isWalError('CORRUPT', (e) => e.data.code === 'CORRUPT' && e.data.key === toHex(key)));
      // A valid record filed under another height is corrupt too.
      await kv.write([{ column: 'wal', key, value: encodeWalEntry(input(4n, 1)) }]);
      assert.throws(() => wal.replay(0n), isWalError('CORRUPT', (e) => e.data.code === 'CORRUPT' && /differs from its key/.test(e.data.reason)));
    }));

  test(`error (${kind}): a corrupt own-signature record, meta value or key is CORRUPT`, () =>
    run(async (open) => {
      const kv = await open();
      const wal = new ConsensusWal(kv);
      const guardKey = ownKey(10n, 0, 'prevote');
      await kv.write([{ column: 'wal', key: guardKey, value: Uint8Array.of(1, 2, 3) }]);
      await assert.rejects(wal.recordOwnVote(vote()), isWalError('CORRUPT', (e) => e.data.code === 'CORRUPT' && e.data.key === toHex(guardKey)));
      await kv.write([{ column: 'wal', key: guardKey, value: encodeWalEntry({ kind: 'ownVote', ...vote({ round: 5 }) }) }]);
      await assert.rejects(wal.recordOwnVote(vote()), isWalError('CORRUPT', (e) => e.data.code === 'CORRUPT' && /does not match its key/.test(e.data.reason)));
      await kv.write([{ column: 'wal', key: metaKey('lastEnded'), value: Uint8Array.of(1) }]);
      assert.throws(() => new ConsensusWal(kv), isWalError('CORRUPT', (e) => e.data.code === 'CORRUPT' && e.data.key === toHex(metaKey('lastEnded'))));
      await kv.write([
        { column: 'wal', key: metaKey('lastEnded'), value: null },
        { column: 'wal', key: Uint8Array.of(1, 0xff), value: Uint8Array.of(0) },
      ]);
      assert.throws(() => new ConsensusWal(kv), isWalError('CORRUPT', (e) => e.data.code === 'CORRUPT' && e.data.key === '01ff'));
    }));
}

test('args: impossible heights, rounds and options are refused with INVALID_ARGUMENT before anything is written', async () => {
  const kv = new MemoryKeyValueStore();
  const wal = new ConsensusWal(kv);
  assert.throws(() => new ConsensusWal(kv, { keepHeights: -1 }), isWalError('INVALID_ARGUMENT'));
  assert.throws(() => new ConsensusWal(kv, { keepHeights: 1.5 }), isWalError('INVALID_ARGUMENT'));
  assert.throws(() => wal.replay(-1n), isWalError('INVALID_ARGUMENT'));
  await assert.rejects(wal.prune(-1n), isWalError('INVALID_ARGUMENT'));
  await assert.rejects(wal.recordOwnVote(vote({ round: -1 })), isWalError('INVALID_ARGUMENT'));
  await assert.rejects(wal.append({ kind: 'input', height: -5n, data: new Uint8Array() }), isWalError('INVALID_ARGUMENT'));
  assert.deepEqual([...kv.iterate('wal')], []);
  // A refused call consumed no guard slot: the same vote with a valid round goes through.
  assert.deepEqual(await wal.recordOwnVote(vote({ round: 0, signed: sig(3) })), sig(3));
});

/** deepEqual as a predicate, for use inside assert.rejects validators. */
function assertEq(actual: unknown, expected: unknown): boolean {
  assert.deepEqual(actual, expected);
  return true;
}
