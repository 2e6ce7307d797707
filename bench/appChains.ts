/**
 * `node --import tsx bench/appChains.ts [CHAINS] [TXS_PER_CHAIN]`: many reference app chains on one
 * relay node, each with its collator (candidates → relay → follower → executor), end to end.
 * Prints, from this one run:
 *   - aggregate app-chain transactions ordered and executed per second (first submission to last execution);
 *   - per-chain latency from submission to the collator to execution on the app chain (p50, p99, max);
 *   - the relay's block time, the floor under that latency (a transaction waits for a candidate,
 *     a finalized relay block and the follower), as a ratio.
 */
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { initHashing } from '../src/primitives/hashing.ts';
import { AppChainFleet } from '../src/testing/appChainFleet.ts';

const CHAINS = Number(process.argv[2] ?? 24);
const TXS = Number(process.argv[3] ?? 40);
const BLOCK_TIME_MS = 500;

await cryptoWaitReady();
await initHashing();
const fleet = await AppChainFleet.start(CHAINS, { blockTimeMs: BLOCK_TIME_MS });
try {
  const started = Date.now();
  // Each chain's user sends its transactions in bursts of 5, as fast as the collator accepts them.
  for (let sent = 0; sent < TXS; sent += 5) {
    await Promise.all(fleet.chains.map(async (c) => {
      for (let k = 0; k < 5 && sent + k < TXS; k++) await fleet.submit(c);
    }));
  }
  const deadline = Date.now() + 600_000;
  while (fleet.chains.some((c) => c.executedAt.size < TXS) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const executed = fleet.chains.reduce((n, c) => n + c.executedAt.size, 0);
  const lastExecution = Math.max(...fleet.chains.flatMap((c) => [...c.executedAt.values()]));
  const seconds = (lastExecution - started) / 1000;
  const latencies = fleet.chains.flatMap((c) => [...c.executedAt].map(([nonce, at]) => at - c.submittedAt.get(nonce)!)).sort((a, b) => a - b);
  const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  const perChainP50 = fleet.chains.map((c) => {
    const l = [...c.executedAt].map(([n, at]) => at - c.submittedAt.get(n)!).sort((a, b) => a - b);
    return l[Math.floor(l.length / 2)] ?? NaN;
  });
  console.log(`app chains: ${CHAINS} reference chains × ${TXS} transactions on one relay node (${BLOCK_TIME_MS} ms blocks)`);
  console.log(`  executed ${executed}/${CHAINS * TXS} in ${seconds.toFixed(1)} s: ${(executed / seconds).toFixed(1)} app-chain tx/s ordered and executed (aggregate)`);
  console.log(`  latency submission → execution: p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${latencies.at(-1)} ms (${(pct(0.5) / BLOCK_TIME_MS).toFixed(1)} relay block times at p50)`);
  console.log(`  per-chain p50 latency: min ${Math.min(...perChainP50)} ms, max ${Math.max(...perChainP50)} ms (spread ${(Math.max(...perChainP50) / Math.min(...perChainP50)).toFixed(2)}×)`);
} finally {
  await fleet.stop();
}
