import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { PoolError, poolErrorToRpc } from './PoolError.ts';
import { ToyChain, toyTx, type ToyTxFields } from './toyChain.ts';
import { TxPool, type TxPoolOptions } from './TxPool.ts';
import type { TxStatus, Validator } from './types.ts';

const hash = (x: Uint8Array): Uint8Array => blake2AsU8a(x, 256);
const hex = (x: Uint8Array): string => Buffer.from(x).toString('hex');

function setup(over: Partial<TxPoolOptions> = {}) {
  const chain = new ToyChain();
  let time = 1_000;
  const pool = new TxPool(chain.validator, {
    maxReady: 1_000,
    maxFuture: 1_000,
    maxBytes: 1_000_000,
    maxPerSender: 100,
    banTimeMs: 60_000,
    now: () => time,
    hash,
    ...over,
  });
  let number = 0n;
  const head = () => ({ hash: new Uint8Array(32), number });
  return {
    chain,
    pool,
    advance(ms: number) {
      time += ms;
    },
    submit(f: ToyTxFields) {
      return pool.submit(toyTx(f), 'external', head());
    },
    watch(f: ToyTxFields) {
      return pool.submitAndWatch(toyTx(f), 'external', head());
    },
    /** Builds the next block from `txs`, applies it to the toy chain and to the pool. */
    async importBlock(txs: readonly Uint8Array[], fork = 0) {
      number += 1n;
      const block = chain.block(number, txs, fork);
      await pool.onBlockImported(block);
      return block;
    },
    setNumber(n: bigint) {
      number = n;
    },
  };
}

/** The toy fields of each ready transaction, in `ready()` order, as "sender:nonce". */
function readyOrder(pool: TxPool): string[] {
  return [...pool.ready()].map(({ tx }) => `${tx[0]}:${tx[1]}`);
}

async function rejects(p: Promise<unknown>, code: string): Promise<PoolError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof PoolError, `expected PoolError, got ${String(e)}`);
    assert.equal(e.code, code);
    return e;
  }
  assert.fail(`expected ${code}`);
}

function kinds(history: readonly TxStatus[]): string[] {
  return history.map((s) => s.kind);
}

describe('TxPool', () => {
  it('behavior: nonce gap waits in future until filled, then ready in nonce order', async () => {
    const t = setup();
    await t.submit({ sender: 1, nonce: 0, tip: 1 });
    await t.submit({ sender: 1, nonce: 2, tip: 9 });
    assert.deepEqual(t.pool.status, { ready: 1, future: 1, bytes: 10 });
    assert.deepEqual(readyOrder(t.pool), ['1:0']);
    await t.submit({ sender: 1, nonce: 1, tip: 5 });
    assert.deepEqual(t.pool.status, { ready: 3, future: 0, bytes: 15 });
    assert.deepEqual(readyOrder(t.pool), ['1:0', '1:1', '1:2']);
  });

  it('behavior: priority orders independent transactions; equal priority goes oldest first', async () => {
    const t = setup();
    await t.submit({ sender: 1, nonce: 0, tip: 1 });
    await t.submit({ sender: 2, nonce: 0, tip: 50 });
    await t.submit({ sender: 3, nonce: 0, tip: 10 });
    await t.submit({ sender: 1, nonce: 1, tip: 100 });
    await t.submit({ sender: 4, nonce: 0, tip: 10 });
    assert.deepEqual(readyOrder(t.pool), ['2:0', '3:0', '4:0', '1:0', '1:1']);
  });

  it('behavior: a higher tip replaces the transaction providing the same tag; its watcher gets usurped', async () => {
    const t = setup();
    const old = await t.watch({ sender: 1, nonce: 0, tip: 5 });
    await t.submit({ sender: 1, nonce: 1, tip: 5 });
    const newer = await t.submit({ sender: 1, nonce: 0, tip: 9, variant: 1 });
    assert.deepEqual(kinds(old.watcher.history), ['ready', 'usurped']);
    assert.deepEqual(old.watcher.history[1], { kind: 'usurped', by: newer });
    assert.equal(old.watcher.done, true);
    assert.equal(t.pool.has(old.hash), false);
    assert.deepEqual(readyOrder(t.pool), ['1:0', '1:1']);
    assert.equal(hex([...t.pool.ready()][0]!.hash), hex(newer));
  });

  it('behavior: a block prunes included transactions and promotes what they unlocked', async () => {
    const t = setup();
    const a0 = toyTx({ sender: 1, nonce: 0 });
    const a1 = toyTx({ sender: 1, nonce: 1 });
    await t.pool.submit(a0, 'external', { hash: new Uint8Array(32), number: 0n });
    await t.pool.submit(a1, 'external', { hash: new Uint8Array(32), number: 0n });
    await t.submit({ sender: 1, nonce: 2 });
    await t.submit({ sender: 2, nonce: 1 }); // waits for 2:0, which is not in the pool
    assert.deepEqual(t.pool.status, { ready: 3, future: 1, bytes: 20 });
    await t.importBlock([a0, a1, toyTx({ sender: 2, nonce: 0, variant: 7 })]);
    assert.equal(t.pool.has(hash(a0)), false);
    assert.equal(t.pool.has(hash(a1)), false);
    assert.deepEqual(t.pool.status, { ready: 2, future: 0, bytes: 10 });
    assert.deepEqual(readyOrder(t.pool).sort(), ['1:2', '2:1']);
  });

  it('behavior: revalidation at the new head drops transactions made invalid by the block', async () => {
    const t = setup();
    const { watcher } = await t.watch({ sender: 1, nonce: 0 });
    await t.importBlock([toyTx({ sender: 1, nonce: 0, variant: 3 })]); // a different tx takes nonce 0
    assert.deepEqual(kinds(watcher.history), ['ready', 'invalid']);
    assert.deepEqual(t.pool.status, { ready: 0, future: 0, bytes: 0 });
  });

  it('behavior: longevity ends a transaction (dropped, banned) at its last block', async () => {
    const t = setup();
    const { hash: h, watcher } = await t.watch({ sender: 1, nonce: 0, death: 3 });
    await t.importBlock([]);
    await t.importBlock([]);
    assert.equal(t.pool.has(h), true);
    const calls = t.chain.calls.length;
    await t.importBlock([]);
    assert.equal(t.pool.has(h), false);
    assert.deepEqual(kinds(watcher.history), ['ready', 'dropped']);
    assert.equal(t.chain.calls.length, calls, 'a stale transaction is not revalidated');
  });

  it('behavior: removed transactions are banned for banTimeMs by the injected clock', async () => {
    const t = setup({ banTimeMs: 500 });
    const { hash: h, watcher } = await t.watch({ sender: 1, nonce: 0 });
    await t.submit({ sender: 1, nonce: 1 });
    t.pool.remove([h]);
    assert.deepEqual(kinds(watcher.history), ['ready', 'dropped']);
    assert.deepEqual(t.pool.status, { ready: 0, future: 1, bytes: 5 }, 'its dependant goes back to future');
    await rejects(t.submit({ sender: 1, nonce: 0 }), 'TEMPORARILY_BANNED');
    t.advance(499);
    await rejects(t.submit({ sender: 1, nonce: 0 }), 'TEMPORARILY_BANNED');
    t.advance(1);
    await t.submit({ sender: 1, nonce: 0 });
    assert.deepEqual(readyOrder(t.pool), ['1:0', '1:1']);
  });

  it('behavior: markInvalid bans and notifies; during ready() it skips what depended on the invalid one', async () => {
    const t = setup();
    await t.submit({ sender: 1, nonce: 0, tip: 9 });
    await t.submit({ sender: 1, nonce: 1, tip: 9 });
    await t.submit({ sender: 2, nonce: 0, tip: 1 });
    const w = await t.watch({ sender: 1, nonce: 2, tip: 9 });
    const taken: string[] = [];
    for (const r of t.pool.ready()) {
      taken.push(`${r.tx[0]}:${r.tx[1]}`);
      if (r.tx[0] === 1 && r.tx[1] === 0) t.pool.markInvalid(r.hash);
    }
    assert.deepEqual(taken, ['1:0', '2:0']);
    assert.deepEqual(t.pool.status, { ready: 1, future: 2, bytes: 15 });
    assert.deepEqual(kinds(w.watcher.history), ['ready', 'future']);
    await rejects(t.submit({ sender: 1, nonce: 0, tip: 9 }), 'TEMPORARILY_BANNED');
  });

  it('behavior: watcher goes ready → inBlock → finalized, replays to late listeners, and iterates', async () => {
    const t = setup();
    const tx = toyTx({ sender: 1, nonce: 0 });
    const { watcher } = await t.pool.submitAndWatch(tx, 'local', { hash: new Uint8Array(32), number: 0n });
    const seen: string[] = [];
    const iterated = (async () => {
      const out: string[] = [];
      for await (const s of watcher) out.push(s.kind);
      return out;
    })();
    watcher.on((s) => seen.push(s.kind));
    const block = await t.importBlock([tx]);
    assert.equal(watcher.done, false);
    t.pool.onBlockFinalized(block.hash);
    assert.equal(watcher.done, true);
    assert.deepEqual(seen, ['ready', 'inBlock', 'finalized']);
    assert.deepEqual(await iterated, ['ready', 'inBlock', 'finalized']);
    assert.deepEqual(watcher.history[1], { kind: 'inBlock', blockHash: block.hash });
  });

  it('behavior: finalizing a block finalizes transactions of its ancestors; other blocks leave them waiting', async () => {
    const t = setup();
    const a = await t.watch({ sender: 1, nonce: 0 });
    const b = await t.watch({ sender: 2, nonce: 0 });
    await t.importBlock([toyTx({ sender: 1, nonce: 0 })]);
    const b2 = await t.importBlock([toyTx({ sender: 2, nonce: 0 })]);
    t.pool.onBlockFinalized(new Uint8Array(32).fill(9)); // unknown block: nothing
    assert.equal(a.watcher.done, false);
    t.pool.onBlockFinalized(b2.hash);
    assert.deepEqual(kinds(a.watcher.history), ['ready', 'inBlock', 'finalized']);
    assert.deepEqual(kinds(b.watcher.history), ['ready', 'inBlock', 'finalized']);
  });

  it('behavior: a retracted block sends its transactions back to the pool', async () => {
    const t = setup();
    const tx = toyTx({ sender: 1, nonce: 0 });
    const { watcher } = await t.pool.submitAndWatch(tx, 'external', { hash: new Uint8Array(32), number: 0n });
    const b1 = await t.importBlock([tx]);
    t.chain.nonces.clear(); // the fork at height 1 does not contain tx
    t.setNumber(0n);
    await t.importBlock([], 1);
    assert.deepEqual(kinds(watcher.history), ['ready', 'inBlock', 'retracted', 'ready']);
    assert.deepEqual(watcher.history[2], { kind: 'retracted', blockHash: b1.hash });
    assert.equal(t.pool.has(hash(tx)), true);
    const b2 = await t.importBlock([tx]);
    t.pool.onBlockFinalized(b2.hash);
    assert.deepEqual(kinds(watcher.history), ['ready', 'inBlock', 'retracted', 'ready', 'inBlock', 'finalized']);
  });

  it('behavior: a full ready queue evicts the lowest-priority, newest transaction (dropped, banned)', async () => {
    const t = setup({ maxReady: 3 });
    await t.submit({ sender: 1, nonce: 0, tip: 5 });
    const low = await t.watch({ sender: 2, nonce: 0, tip: 3 });
    await t.submit({ sender: 3, nonce: 0, tip: 7 });
    await t.submit({ sender: 4, nonce: 0, tip: 4 });
    assert.deepEqual(kinds(low.watcher.history), ['ready', 'dropped']);
    assert.deepEqual(readyOrder(t.pool), ['3:0', '1:0', '4:0']);
    await rejects(t.submit({ sender: 2, nonce: 0, tip: 3 }), 'TEMPORARILY_BANNED');
    // an equal-priority newcomer is the newest, so it is the one dropped (and not banned)
    await rejects(t.submit({ sender: 5, nonce: 0, tip: 4 }), 'IMMEDIATELY_DROPPED');
    assert.deepEqual(t.pool.status.ready, 3);
    t.pool.remove([hash(toyTx({ sender: 1, nonce: 0, tip: 5 }))]);
    await t.submit({ sender: 5, nonce: 0, tip: 4 });
  });

  it('behavior: the bytes limit evicts futures first; evicting a ready parent sends its children to future', async () => {
    const t = setup({ maxBytes: 30 });
    await t.submit({ sender: 1, nonce: 0, tip: 1 });
    await t.submit({ sender: 1, nonce: 1, tip: 9 });
    const fut = await t.watch({ sender: 2, nonce: 5, tip: 50 });
    assert.deepEqual(t.pool.status, { ready: 2, future: 1, bytes: 15 });
    await t.submit({ sender: 3, nonce: 0, tip: 2, pad: 10 }); // 15 bytes: total 30, fits
    await t.submit({ sender: 4, nonce: 0, tip: 3 }); // 35 bytes: the future goes first
    assert.deepEqual(kinds(fut.watcher.history), ['future', 'dropped']);
    assert.deepEqual(t.pool.status, { ready: 4, future: 0, bytes: 30 });
    await t.submit({ sender: 5, nonce: 0, tip: 4 }); // 35 again: the lowest ready (1:0) goes, 1:1 waits
    assert.deepEqual(t.pool.status, { ready: 3, future: 1, bytes: 30 });
    assert.deepEqual(readyOrder(t.pool), ['5:0', '4:0', '3:0']);
  });

  it('behavior: the future limit drops the lowest-priority future newcomer before touching the pool', async () => {
    const t = setup({ maxFuture: 2 });
    await t.submit({ sender: 1, nonce: 3, tip: 5 });
    await t.submit({ sender: 2, nonce: 3, tip: 5 });
    const e = await rejects(t.submit({ sender: 3, nonce: 3, tip: 5 }), 'IMMEDIATELY_DROPPED');
    assert.deepEqual(e.type, { code: 'IMMEDIATELY_DROPPED', limit: 'future' });
    await t.submit({ sender: 3, nonce: 3, tip: 6 });
    assert.deepEqual(t.pool.status, { ready: 0, future: 2, bytes: 10 });
  });

  it('behavior: per-sender cap answers 1016; replacing one of the sender\'s own transactions is allowed', async () => {
    const t = setup({ maxPerSender: 2 });
    await t.submit({ sender: 1, nonce: 0, tip: 1 });
    await t.submit({ sender: 1, nonce: 1, tip: 1 });
    const e = await rejects(t.submit({ sender: 1, nonce: 2, tip: 1 }), 'IMMEDIATELY_DROPPED');
    assert.deepEqual(e.type, { code: 'IMMEDIATELY_DROPPED', limit: 'sender' });
    await t.submit({ sender: 1, nonce: 1, tip: 2 });
    await t.submit({ sender: 2, nonce: 0, tip: 1 });
    assert.deepEqual(t.pool.status.ready, 3);
  });

  it('behavior: submits and removals during a block\'s revalidation are kept consistent', async () => {
    const chain = new ToyChain();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const validator: Validator = async (tx, source, at) => {
      if (at.number === 1n && source === 'external' && tx[0] === 1) await gate;
      return chain.validator(tx, source, at);
    };
    const pool = new TxPool(validator, {
      maxReady: 100, maxFuture: 100, maxBytes: 10_000, maxPerSender: 10, banTimeMs: 1_000, now: () => 0, hash,
    });
    const at0 = { hash: new Uint8Array(32), number: 0n };
    const a0 = toyTx({ sender: 1, nonce: 0 });
    await pool.submit(a0, 'external', at0);
    const a1 = await pool.submit(toyTx({ sender: 1, nonce: 1 }), 'external', at0);
    const a2 = await pool.submitAndWatch(toyTx({ sender: 1, nonce: 2 }), 'external', at0);
    const imported = pool.onBlockImported(chain.block(1n, [a0]));
    const second = pool.onBlockImported(chain.block(2n, []));
    await new Promise<void>((r) => setImmediate(r));
    // block 1 is waiting on revalidation; its included tx is already out and 1:1 is ready on chain's tag
    assert.equal(pool.has(hash(a0)), false);
    assert.deepEqual(readyOrder(pool), ['1:1', '1:2']);
    pool.markInvalid(a1);
    await pool.submit(toyTx({ sender: 2, nonce: 0 }), 'external', { hash: new Uint8Array(32), number: 1n });
    release();
    await imported;
    await second;
    assert.deepEqual(readyOrder(pool), ['2:0']);
    assert.deepEqual(pool.status, { ready: 1, future: 1, bytes: 10 });
    assert.deepEqual(kinds(a2.watcher.history), ['ready', 'future']);
  });

  it('behavior: ready() is lazy and ordered over 10k transactions', async () => {
    const t = setup({ maxReady: 20_000, maxFuture: 20_000, maxPerSender: 1_000 });
    let seed = 7;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const all: ToyTxFields[] = [];
    for (let s = 0; s < 100; s++) for (let n = 0; n < 100; n++) all.push({ sender: s, nonce: n, tip: Math.floor(rand() * 256) });
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    for (const f of all) await t.submit(f);
    assert.deepEqual(t.pool.status, { ready: 10_000, future: 0, bytes: 50_000 });
    const next = new Map<number, number>();
    let count = 0;
    for (const { tx } of t.pool.ready()) {
      assert.equal(tx[1], next.get(tx[0]!) ?? 0);
      next.set(tx[0]!, tx[1]! + 1);
      count++;
    }
    assert.equal(count, 10_000);
    const first = t.pool.ready().next();
    assert.equal(first.done, false);
  });
});

describe('TxPool errors', () => {
  const invalidTable = [
    { reason: 'BadProof', data: 'Transaction has a bad signature' },
    { reason: 'Payment', data: 'Inability to pay some fees (e.g. account balance too low)' },
    { reason: 'Stale', data: 'Transaction is outdated' },
    { reason: 'AncientBirthBlock', data: 'Transaction has an ancient birth block' },
    { reason: 'Custom', detail: '42', data: 'Custom error: 42' },
    { reason: 'UnknownPara', detail: 'para 7', data: 'Unknown para id: para 7' },
  ] as const;
  for (const row of invalidTable) {
    it(`error: 1010 for invalid ${row.reason} carries "${row.data}"`, async () => {
      const t = setup();
      const tx = toyTx({ sender: 1, nonce: 0 });
      t.chain.override(tx, { kind: 'invalid', reason: row.reason, ...('detail' in row ? { detail: row.detail } : {}) });
      const e = await rejects(t.pool.submit(tx, 'external', { hash: new Uint8Array(32), number: 0n }), 'INVALID');
      assert.deepEqual(poolErrorToRpc(e), { code: 1010, message: 'Invalid Transaction', data: row.data });
      t.chain.overrides.clear();
      await rejects(t.pool.submit(tx, 'external', { hash: new Uint8Array(32), number: 0n }), 'TEMPORARILY_BANNED');
    });
  }

  it('error: 1011 for unknown validity, not banned', async () => {
    const t = setup();
    const tx = toyTx({ sender: 1, nonce: 0 });
    t.chain.override(tx, { kind: 'unknown', reason: 'CannotLookup' });
    const e = await rejects(t.pool.submit(tx, 'external', { hash: new Uint8Array(32), number: 0n }), 'UNKNOWN');
    assert.deepEqual(poolErrorToRpc(e), { code: 1011, message: 'Unknown Transaction Validity', data: 'CannotLookup' });
    t.chain.overrides.clear();
    await t.pool.submit(tx, 'external', { hash: new Uint8Array(32), number: 0n });
  });

  it('error: 1012 for a banned hash, checked before validation', async () => {
    const t = setup();
    const h = await t.submit({ sender: 1, nonce: 0 });
    t.pool.markInvalid(h);
    const calls = t.chain.calls.length;
    const e = await rejects(t.submit({ sender: 1, nonce: 0 }), 'TEMPORARILY_BANNED');
    assert.equal(t.chain.calls.length, calls);
    assert.deepEqual(poolErrorToRpc(e), { code: 1012, message: 'Transaction is temporarily banned' });
  });

  it('error: 1013 for a hash already in the pool', async () => {
    const t = setup();
    const h = await t.submit({ sender: 1, nonce: 0 });
    const e = await rejects(t.submit({ sender: 1, nonce: 0 }), 'ALREADY_IMPORTED');
    assert.deepEqual(poolErrorToRpc(e), { code: 1013, message: 'Transaction Already Imported', data: `0x${hex(h)}` });
  });

  it('error: 1014 when a replacement does not pay strictly more', async () => {
    const t = setup();
    await t.submit({ sender: 1, nonce: 0, tip: 5 });
    const e = await rejects(t.submit({ sender: 1, nonce: 0, tip: 5, variant: 1 }), 'TOO_LOW_PRIORITY');
    assert.deepEqual(poolErrorToRpc(e), {
      code: 1014,
      message: 'Priority is too low: (5 vs 5)',
      data: 'The transaction has too low priority to replace another transaction already in the pool.',
    });
    await rejects(t.submit({ sender: 1, nonce: 0, tip: 4, variant: 2 }), 'TOO_LOW_PRIORITY');
    assert.deepEqual(t.pool.status.ready, 1);
  });

  it('error: 1015 for a transaction requiring what it provides, or what depends on what it replaces', async () => {
    const t = setup();
    const self = toyTx({ sender: 9, nonce: 0 });
    const tag = Uint8Array.of(1, 2, 3);
    t.chain.override(self, { kind: 'valid', value: { priority: 1n, requires: [tag], provides: [tag], longevity: 10n, propagate: true } });
    const e = await rejects(t.pool.submit(self, 'external', { hash: new Uint8Array(32), number: 0n }), 'CYCLE_DETECTED');
    assert.deepEqual(poolErrorToRpc(e), { code: 1015, message: 'Cycle Detected' });
    await t.submit({ sender: 1, nonce: 0, tip: 1 });
    await t.submit({ sender: 1, nonce: 1, tip: 1 });
    const loop = toyTx({ sender: 9, nonce: 1 });
    t.chain.override(loop, {
      kind: 'valid',
      value: { priority: 5n, requires: [Uint8Array.of(1, 1)], provides: [Uint8Array.of(1, 0)], longevity: 10n, propagate: true },
    });
    await rejects(t.pool.submit(loop, 'external', { hash: new Uint8Array(32), number: 0n }), 'CYCLE_DETECTED');
    assert.deepEqual(t.pool.status.ready, 2);
  });

  it('error: 1016 when the pool is full and the newcomer would be the one evicted', async () => {
    const t = setup({ maxReady: 1 });
    await t.submit({ sender: 1, nonce: 0, tip: 5 });
    const e = await rejects(t.submit({ sender: 2, nonce: 0, tip: 5 }), 'IMMEDIATELY_DROPPED');
    assert.deepEqual(poolErrorToRpc(e), {
      code: 1016,
      message: 'Immediately Dropped',
      data: "The transaction couldn't enter the pool because of the limit",
    });
  });

  it('error: 1019 for a valid transaction providing no tag', async () => {
    const t = setup();
    const tx = toyTx({ sender: 1, nonce: 0 });
    t.chain.override(tx, { kind: 'valid', value: { priority: 1n, requires: [], provides: [], longevity: 10n, propagate: true } });
    const e = await rejects(t.pool.submit(tx, 'external', { hash: new Uint8Array(32), number: 0n }), 'NO_TAGS');
    assert.equal(poolErrorToRpc(e).code, 1019);
  });

  it('error: a throwing validator rejects submit with its own error', async () => {
    const pool = new TxPool(
      () => {
        throw new RangeError('runtime trapped');
      },
      { maxReady: 1, maxFuture: 1, maxBytes: 100, maxPerSender: 1, banTimeMs: 1, now: () => 0, hash },
    );
    await assert.rejects(pool.submit(Uint8Array.of(1), 'external', { hash: new Uint8Array(32), number: 0n }), RangeError);
    assert.deepEqual(pool.status, { ready: 0, future: 0, bytes: 0 });
  });
});
