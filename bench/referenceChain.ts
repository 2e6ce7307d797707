/**
 * `node --import tsx bench/referenceChain.ts`: the reference app chain's execution speed, as
 * ratios measured in this one run (never verdicts):
 *
 *   1. raw ed25519 verify rate of this machine (node:crypto, parsed keys, one core);
 *   2. KvAppChain.applyTransaction rate (decode + para/nonce checks + verify + state writes),
 *      with and without sealing a block every BLOCK transactions, and its ratio to (1);
 *   3. state-root cost per block with STATE_KEYS keys: value updates vs inserted keys;
 *   4. CHAINS reference feeds fed in turn (in memory, then with LMDB journals): total txs/s.
 */
import { verify } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initHashing } from '../src/primitives/hashing.ts';
import { KvAppChain } from '../src/collator/execution/reference/KvAppChain.ts';
import { ed25519PublicKeyObject, kvKeyPairFromSeed } from '../src/collator/execution/reference/kvKeyPair.ts';
import type { KvKeyPair } from '../src/collator/execution/reference/kvKeyPair.ts';
import { kvSigningMessage } from '../src/collator/execution/reference/kvSigningMessage.ts';
import { ReferenceFeed } from '../src/collator/execution/reference/ReferenceFeed.ts';
import { signKvTransaction } from '../src/collator/execution/reference/signKvTransaction.ts';

const TXS = Number(process.env['BENCH_KV_TXS'] ?? 3000);
const SIGNERS = 50;
const BLOCK = 200;
const STATE_KEYS = 10_000;
const CHAINS = 24;
const PARA = 100;

await initHashing();
const encoder = new TextEncoder();
const signers: KvKeyPair[] = Array.from({ length: SIGNERS }, (_, i) => kvKeyPairFromSeed(new Uint8Array(32).fill(i + 1)));

/** `count` signed transactions for `paraId`, round-robin over the signers, each setting one fresh key. */
function workload(paraId: number, count: number, tag = ''): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => {
    const signer = signers[i % SIGNERS]!;
    const key = encoder.encode(`${tag}account/${(i * 2654435761) >>> 0}`);
    const value = encoder.encode(`balance ${i}`);
    return signKvTransaction(signer.privateKey, { paraId, nonce: BigInt(Math.floor(i / SIGNERS)), operations: [{ type: 'set', key, value }], signer: signer.publicKey });
  });
}

function perSecond(count: number, ms: number): number {
  return Math.round((count * 1000) / ms);
}

let t = performance.now();
const txs = workload(PARA, TXS);
console.log(`signed ${TXS} transactions in ${((performance.now() - t) / 1000).toFixed(1)} s`);

// 1. raw verify: the same messages, signatures and (pre-parsed) keys the chain will check.
const keys = signers.map((s) => ed25519PublicKeyObject(s.publicKey));
const messages = txs.map((p) => kvSigningMessage(p.subarray(0, p.length - 64)));
const signatures = txs.map((p) => p.subarray(p.length - 64));
function rawVerify(): number {
  const start = performance.now();
  for (let i = 0; i < TXS; i++) if (!verify(null, messages[i]!, keys[i % SIGNERS]!, signatures[i]!)) throw new Error('bench setup: bad signature');
  return perSecond(TXS, performance.now() - start);
}

// 2. applyTransaction, optionally sealing every BLOCK transactions.
async function apply(seal: boolean): Promise<number> {
  const chain = await KvAppChain.open({ paraId: PARA });
  const start = performance.now();
  for (let i = 0; i < TXS; i++) {
    if (!chain.applyTransaction(txs[i]!).applied) throw new Error('bench setup: transaction refused');
    if (seal && (i + 1) % BLOCK === 0) chain.sealBlock();
  }
  if (seal) chain.sealBlock();
  const rate = perSecond(TXS, performance.now() - start);
  await chain.close();
  return rate;
}

// Rounds alternate the baseline and the measured code so that load from other processes hits
// both alike; each line prints the median of the per-round ratios.
rawVerify(); // warm-up
const ROUNDS = 3;
const rounds: { verify: number; apply: number; sealed: number }[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const before = rawVerify();
  const applyRate = await apply(false);
  const sealedRate = await apply(true);
  const after = rawVerify();
  rounds.push({ verify: (before + after) / 2, apply: applyRate, sealed: sealedRate });
}
const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]!;
const baseline = Math.round(median(rounds.map((r) => r.verify)));
console.log(`raw ed25519 verify (node:crypto):          ${baseline} /s  (median of ${ROUNDS} rounds)`);
console.log(
  `applyTransaction, no sealing:              ${median(rounds.map((r) => r.apply))} tx/s  ratio to verify ${median(rounds.map((r) => r.apply / r.verify)).toFixed(2)}`,
);
console.log(
  `applyTransaction + seal every ${BLOCK} txs:    ${median(rounds.map((r) => r.sealed))} tx/s  ratio to verify ${median(rounds.map((r) => r.sealed / r.verify)).toFixed(2)}`,
);

// 3. state-root cost with STATE_KEYS keys: updates vs inserts (positions shift on insert).
{
  const big = await KvAppChain.open({ paraId: PARA });
  const owner = signers[0]!;
  let nonce = 0n;
  const setMany = (keysToSet: string[]): void => {
    for (let i = 0; i < keysToSet.length; i += 64) {
      const operations = keysToSet.slice(i, i + 64).map((k) => ({ type: 'set' as const, key: encoder.encode(k), value: encoder.encode('v' + nonce) }));
      if (!big.applyTransaction(signKvTransaction(owner.privateKey, { paraId: PARA, nonce: nonce++, operations, signer: owner.publicKey })).applied) throw new Error('refused');
    }
  };
  const keyName = (i: number): string => `k/${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}`;
  setMany(Array.from({ length: STATE_KEYS }, (_, i) => keyName(i)));
  t = performance.now();
  big.sealBlock();
  console.log(`state root of ${STATE_KEYS} fresh keys:         ${(performance.now() - t).toFixed(1)} ms (full build)`);
  const measure = (label: string, keysPerBlock: (round: number) => string[]): void => {
    const rounds = 10;
    let ms = 0;
    for (let r = 0; r < rounds; r++) {
      setMany(keysPerBlock(r));
      const start = performance.now();
      big.sealBlock();
      ms += performance.now() - start;
    }
    console.log(`seal at ~${STATE_KEYS} keys, ${label}: ${(ms / rounds).toFixed(2)} ms/block`);
  };
  measure('100 updated keys      ', (r) => Array.from({ length: 100 }, (_, i) => keyName((r * 100 + i) * 7 % STATE_KEYS)));
  measure('1 inserted key        ', (r) => [keyName(STATE_KEYS + r)]);
  measure('100 inserted keys     ', (r) => Array.from({ length: 100 }, (_, i) => keyName(STATE_KEYS + 100 + r * 100 + i)));
  await big.close();
}

// 4. CHAINS feeds, relay block by relay block, each slice holding TXS / CHAINS / 5 transactions per chain.
async function manyChains(journal: boolean): Promise<number> {
  const perChain = Math.floor(TXS / CHAINS);
  const perSlice = Math.max(1, Math.floor(perChain / 5));
  const dir = journal ? await mkdtemp(join(tmpdir(), 'spindle-kv-bench-')) : undefined;
  const feeds = await Promise.all(
    Array.from({ length: CHAINS }, (_, c) => ReferenceFeed.open({ paraId: 1000 + c, ...(dir === undefined ? {} : { directory: join(dir, String(c)) }) })),
  );
  const work = feeds.map((_, c) => workload(1000 + c, perChain, `c${c}/`));
  try {
    const start = performance.now();
    let applied = 0;
    for (let relay = 0n, offset = 0; offset < perChain; relay++, offset += perSlice) {
      for (let c = 0; c < CHAINS; c++) {
        const payloads = work[c]!.slice(offset, offset + perSlice);
        const report = await feeds[c]!.execute({ paraId: 1000 + c, relayBlockNumber: relay, relayBlockHash: new Uint8Array(32), payloads });
        applied += payloads.length - report.skipped.length;
      }
    }
    return perSecond(applied, performance.now() - start);
  } finally {
    await Promise.all(feeds.map((f) => f.close()));
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }
}
const verifyNow = rawVerify();
const memoryRate = await manyChains(false);
const journalRate = await manyChains(true);
const verifyAfter = (verifyNow + rawVerify()) / 2;
console.log(`${CHAINS} feeds in memory, ~${Math.floor(TXS / CHAINS / 5)} txs per slice:   ${memoryRate} tx/s  ratio to verify ${(memoryRate / verifyAfter).toFixed(2)}`);
console.log(`${CHAINS} feeds with LMDB journals (fsync per slice): ${journalRate} tx/s  ratio to verify ${(journalRate / verifyAfter).toFixed(2)}`);
