import assert from 'node:assert/strict';
import { it } from 'node:test';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { PoolError } from './PoolError.ts';
import { ToyChain, toyTx } from './toyChain.ts';
import { TxPool } from './TxPool.ts';
import type { TxWatcher } from './txWatcher.ts';

/** mulberry32: a small seeded PRNG, so every run replays the same operations. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hash = (x: Uint8Array): Uint8Array => blake2AsU8a(x, 256);
const hex = (x: Uint8Array): string => Buffer.from(x).toString('hex');

const LIMITS = { maxReady: 40, maxFuture: 15, maxBytes: 600, maxPerSender: 8 };
const SENDERS = 8;

for (const seed of [1, 2, 3]) {
  it(`behavior: seeded run ${seed} keeps the pool consistent (order, no duplicates, counts, limits, watchers)`, async () => {
    const rand = prng(seed);
    const int = (n: number): number => Math.floor(rand() * n);
    const chain = new ToyChain();
    let time = 0;
    const pool = new TxPool(chain.validator, { ...LIMITS, banTimeMs: 50, now: () => time, hash });
    let number = 0n;
    const head = () => ({ hash: new Uint8Array(32), number });
    const watchers = new Map<string, TxWatcher>();
    const sent: Uint8Array[] = [];
    const codes = new Map<string, number>();
    const nonce = (s: number): number => chain.nonces.get(s) ?? 0;
    /** Account nonces before each block, to roll the toy chain back on a fork. */
    const before = new Map<bigint, Map<number, number>>();
    let finalized = 0n;
    let reorgs = 0;

    const check = (step: number): void => {
      const at = `seed ${seed} step ${step}`;
      const ready = [...pool.ready()];
      const readyKeys = new Set(ready.map((r) => hex(r.hash)));
      assert.equal(readyKeys.size, ready.length, `${at}: duplicates in ready()`);
      const seen = new Set<string>();
      for (const { tx } of ready) {
        const [s, n] = [tx[0]!, tx[1]!];
        assert.ok(n === nonce(s) || seen.has(`${s}:${n - 1}`), `${at}: ${s}:${n} before what it requires`);
        seen.add(`${s}:${n}`);
      }
      const pending = pool.pending();
      const st = pool.status;
      assert.equal(st.ready, ready.length, `${at}: ready count`);
      assert.equal(st.ready + st.future, pending.length, `${at}: pending count`);
      assert.equal(st.bytes, pending.reduce((sum, tx) => sum + tx.length, 0), `${at}: bytes`);
      assert.ok(st.ready <= LIMITS.maxReady && st.future <= LIMITS.maxFuture && st.bytes <= LIMITS.maxBytes, `${at}: limits ${JSON.stringify(st)}`);
      // Exactly the transactions whose nonces run unbroken from the account's nonce are ready.
      const bySender = new Map<number, Map<number, Uint8Array>>();
      for (const tx of pending) {
        assert.ok(pool.has(hash(tx)), `${at}: has()`);
        let m = bySender.get(tx[0]!);
        if (m === undefined) bySender.set(tx[0]!, (m = new Map()));
        assert.equal(m.has(tx[1]!), false, `${at}: two transactions for one nonce`);
        m.set(tx[1]!, tx);
      }
      const expected = new Set<string>();
      for (const [s, m] of bySender) {
        assert.ok(m.size <= LIMITS.maxPerSender, `${at}: per-sender limit`);
        for (let n = nonce(s); m.has(n); n++) expected.add(hex(hash(m.get(n)!)));
      }
      assert.deepEqual([...readyKeys].sort(), [...expected].sort(), `${at}: ready set`);
      // Watchers: a final status only last; queue statuses match the queue; no repeats.
      for (const [key, w] of watchers) {
        const kinds = w.history.map((s) => s.kind).filter((k) => k !== 'broadcast');
        kinds.slice(0, -1).forEach((k) =>
          assert.ok(!['finalized', 'usurped', 'dropped', 'invalid'].includes(k), `${at}: status after final`),
        );
        for (let i = 1; i < kinds.length; i++) assert.notEqual(kinds[i], kinds[i - 1], `${at}: repeated ${kinds[i]}`);
        const last = kinds.at(-1);
        if (pool.has(Buffer.from(key, 'hex'))) {
          assert.equal(w.done, false, `${at}: pooled tx watcher ended`);
          assert.equal(last, readyKeys.has(key) ? 'ready' : 'future', `${at}: watcher state`);
        } else if (!w.done) {
          assert.equal(last, 'inBlock', `${at}: watcher left hanging`);
        }
      }
    };

    for (let step = 0; step < 1500; step++) {
      const op = rand();
      if (op < 0.55) {
        let tx: Uint8Array;
        if (sent.length > 0 && rand() < 0.1) {
          tx = sent[int(sent.length)]!;
        } else {
          const sender = int(SENDERS);
          const mortal = number < 250n && rand() < 0.2;
          tx = toyTx({
            sender,
            nonce: nonce(sender) + int(6),
            tip: int(20),
            variant: int(4),
            death: mortal ? Number(number) + 1 + int(4) : 0,
            pad: int(10),
          });
          sent.push(tx);
        }
        try {
          const { hash: h, watcher } = await pool.submitAndWatch(tx, 'external', head());
          watchers.set(hex(h), watcher);
        } catch (e) {
          assert.ok(e instanceof PoolError, `unexpected ${String(e)}`);
          codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
        }
      } else if (op < 0.75) {
        // A new block; sometimes (3 in 23) a fork replacing the last unfinalized one.
        const reorg = op >= 0.72 && number > finalized;
        if (reorg) {
          chain.nonces.clear();
          for (const [s, n] of before.get(number)!) chain.nonces.set(s, n);
          number -= 1n;
        }
        const foreign = rand() < 0.3 ? int(SENDERS) : -1;
        const block: Uint8Array[] = [];
        if (foreign >= 0) block.push(toyTx({ sender: foreign, nonce: nonce(foreign), variant: 200 }));
        const skipped = new Set<number>([foreign]); // like a builder: a skipped tx fails its sender's later ones
        for (const r of pool.ready()) {
          if (block.length >= 10) break;
          if (skipped.has(r.tx[0]!)) continue;
          if (rand() < 0.05) pool.markInvalid(r.hash);
          else if (rand() < 0.85) block.push(r.tx);
          else skipped.add(r.tx[0]!);
        }
        number += 1n;
        before.set(number, new Map(chain.nonces));
        const b = chain.block(number, block, reorg ? 1 + int(250) : 0);
        await pool.onBlockImported(b);
        if (reorg) reorgs++;
        if (rand() < 0.3) {
          pool.onBlockFinalized(b.hash);
          finalized = number;
        }
      } else if (op < 0.85) {
        const p = pool.pending();
        if (p.length > 0) pool.markInvalid(hash(p[int(p.length)]!));
      } else if (op < 0.9) {
        const p = pool.pending();
        if (p.length > 0) pool.remove([hash(p[int(p.length)]!)]);
      } else if (op < 0.97) {
        time += int(30);
      } else {
        const p = pool.pending();
        if (p.length > 0) pool.markBroadcast(hash(p[int(p.length)]!), ['peer']);
      }
      check(step);
    }
    for (const code of ['INVALID', 'TEMPORARILY_BANNED', 'ALREADY_IMPORTED', 'TOO_LOW_PRIORITY', 'IMMEDIATELY_DROPPED']) {
      assert.ok((codes.get(code) ?? 0) > 0, `the run never produced ${code}`);
    }
    assert.ok(number > 100n && reorgs > 5, `${number} blocks, ${reorgs} reorgs`);
  });
}
