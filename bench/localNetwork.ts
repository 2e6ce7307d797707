/**
 * `node --import tsx bench/localNetwork.ts` (also run by `npm run bench`): four validator
 * processes from the `local` chain spec on loopback. Prints, measured in this run:
 *   - submit→finalized latency p50/p99 of signed `sequencer.submit` at a paced load,
 *   - catch-up sync: blocks per second imported by a fresh full node that verifies every
 *     commit certificate and re-executes every block, next to the rate the validators
 *     produced them.
 */
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connectApi } from '../src/testing/connectApi.ts';
import { LOCAL_VALIDATORS, LocalNetwork } from '../src/testing/localNetwork.ts';

const BLOCK_TIME_MS = 200;
const PACED_TXS = 300;
const PACED_RATE = 50;
const CATCH_UP_BLOCKS = 150;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

await cryptoWaitReady();
const net = await LocalNetwork.create(BLOCK_TIME_MS);
try {
  await Promise.all(LOCAL_VALIDATORS.map((n) => net.start(n)));
  const api = await connectApi(net.nodes.get('alice')!.wsUrl);
  const eve = new Keyring({ type: 'sr25519' }).addFromUri('//Eve');
  let nonce = (await api.rpc.system.accountNextIndex(eve.address)).toNumber();
  const signed: string[] = [];
  for (let i = 0; i < PACED_TXS; i++) {
    signed.push((await api.tx.sequencer.submit(100, u8aToHex(new TextEncoder().encode(`tx ${i}`))).signAsync(eve, { nonce: nonce++, era: 0 })).toHex());
  }
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    signed.map(async (tx, i) => {
      const due = start + (i * 1000) / PACED_RATE;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      const sent = performance.now();
      await new Promise<void>((resolve, reject) => {
        void api.rpc.author
          .submitAndWatchExtrinsic(tx as never, (status) => {
            if (status.isFinalized) {
              latencies.push(performance.now() - sent);
              resolve();
            } else if (status.isInvalid || status.isDropped || status.isUsurped) reject(new Error(status.type));
          })
          .catch(reject);
      });
    }),
  );
  latencies.sort((a, b) => a - b);
  console.log(`4 validators, block time ${BLOCK_TIME_MS} ms, ${PACED_RATE} tx/s paced: submit→finalized p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms over ${latencies.length} transactions`);

  // Let the chain grow, then time a fresh full node catching up.
  const grownFrom = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
  const growStart = performance.now();
  for (;;) {
    const n = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
    if (n >= CATCH_UP_BLOCKS) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const produced = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
  const produceRate = (produced - grownFrom) / ((performance.now() - growStart) / 1000);
  await api.disconnect();
  await Promise.all(LOCAL_VALIDATORS.map((n) => net.stop(n)));
  // Only one validator back (no new blocks: it alone has 1/4 of the power) to serve the chain.
  await net.start('alice');
  const syncStart = performance.now();
  const full = await net.start('full');
  const fullApi = await connectApi(full.wsUrl);
  for (;;) {
    const n = (await fullApi.rpc.chain.getHeader(await fullApi.rpc.chain.getFinalizedHead())).number.toNumber();
    if (n >= produced) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const syncRate = produced / ((performance.now() - syncStart) / 1000);
  console.log(`catch-up sync: ${produced} blocks in ${((performance.now() - syncStart) / 1000).toFixed(1)} s = ${syncRate.toFixed(0)} blocks/s verified and imported (process start included), ${(syncRate / produceRate).toFixed(1)}× the rate the validators produced them (${produceRate.toFixed(1)} blocks/s)`);
  await fullApi.disconnect();
} finally {
  await net.close();
}
