/**
 * `npm run bench`: prints ratios measured in one run, never verdicts.
 *
 *   1. raw sr25519 verify rate of this machine (@polkadot/wasm-crypto, one core);
 *   2. signed `sequencer.submit` transactions finalized per second by a spawned
 *      `spindle node --dev`, submitted over JSON-RPC from several accounts;
 *   3. the ratio of the two, and submit→finalized latency p50/p99.
 */
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { sr25519Verify } from '@polkadot/wasm-crypto';
import WebSocket from 'ws';
import { connectApi } from '../src/testing/connectApi.ts';
import { spawnNode } from '../src/testing/spawnNode.ts';

const TX_COUNT = Number(process.env['BENCH_TXS'] ?? 3000);
const SENDERS = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'];
const CONNECTIONS = 6;
const PACED_RATE = 100;
const PACED_COUNT = 500;

interface LoadResult {
  readonly finalized: number;
  readonly failed: number;
  readonly secs: number;
  /** Sorted submit→finalized latencies in ms. */
  readonly latencies: number[];
}

/** Submits `txs` with author_submitAndWatchExtrinsic over the sockets (all at once, or `perSecond`), until each is final. */
async function load(sockets: WebSocket[], txs: readonly string[], perSecond: number | undefined): Promise<LoadResult> {
  const submittedAt = new Map<number, number>();
  const latencies: number[] = [];
  const subToId = new Map<string, number>();
  let finalized = 0;
  let failed = 0;
  let lastFinal = 0;
  const base = Math.floor(Math.random() * 1e9);
  const listeners: [WebSocket, (data: WebSocket.RawData) => void][] = [];
  const done = new Promise<void>((resolve) => {
    const check = (): void => {
      if (finalized + failed >= txs.length) resolve();
    };
    for (const ws of sockets) {
      const listener = (data: WebSocket.RawData): void => {
        const msg = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: unknown; params?: { subscription: string; result: unknown } };
        if (msg.id !== undefined) {
          if (msg.error !== undefined) failed++;
          else subToId.set(String(msg.result), msg.id - base);
        } else if (msg.params !== undefined) {
          const r = msg.params.result;
          const id = subToId.get(msg.params.subscription);
          if (id === undefined) return;
          if (typeof r === 'object' && r !== null && 'finalized' in r) {
            latencies.push(performance.now() - submittedAt.get(id)!);
            finalized++;
            lastFinal = performance.now();
          } else if (r === 'invalid' || r === 'dropped' || (typeof r === 'object' && r !== null && 'usurped' in r)) {
            failed++;
          }
        }
        check();
      };
      ws.on('message', listener);
      listeners.push([ws, listener]);
    }
  });
  const start = performance.now();
  for (let i = 0; i < txs.length; i++) {
    if (perSecond !== undefined) {
      const due = start + (i * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    submittedAt.set(i, performance.now());
    sockets[i % sockets.length]!.send(JSON.stringify({ jsonrpc: '2.0', id: base + i, method: 'author_submitAndWatchExtrinsic', params: [txs[i]] }));
  }
  await done;
  for (const [ws, l] of listeners) ws.off('message', l);
  latencies.sort((a, b) => a - b);
  return { finalized, failed, secs: (lastFinal - start) / 1000, latencies };
}

function verifyRate(): number {
  const pair = new Keyring({ type: 'sr25519' }).addFromUri('//Bench');
  const msgs = Array.from({ length: 2000 }, (_, i) => new TextEncoder().encode(`message ${i} of the sr25519 baseline`));
  const sigs = msgs.map((m) => pair.sign(m));
  const start = performance.now();
  let ok = 0;
  for (let i = 0; i < msgs.length; i++) if (sr25519Verify(sigs[i]!, msgs[i]!, pair.publicKey)) ok++;
  const secs = (performance.now() - start) / 1000;
  if (ok !== msgs.length) throw new Error('baseline verification failed');
  return msgs.length / secs;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  await cryptoWaitReady();
  const rawRate = verifyRate();
  console.log(`raw sr25519 verify (wasm, 1 core): ${rawRate.toFixed(0)} /s`);

  const node = await spawnNode(['--dev', '--block-time', '500']);
  try {
    const api = await connectApi(node.wsUrl);
    const keyring = new Keyring({ type: 'sr25519' });
    const senders: KeyringPair[] = SENDERS.map((s) => keyring.addFromUri(s));
    const nonces = await Promise.all(senders.map(async (s) => (await api.rpc.system.accountNextIndex(s.address)).toNumber()));
    process.stdout.write(`signing ${TX_COUNT + PACED_COUNT} transactions… `);
    const txs: string[] = [];
    for (let i = 0; i < TX_COUNT + PACED_COUNT; i++) {
      const s = i % senders.length;
      const payload = u8aToHex(new TextEncoder().encode(`app-chain tx ${i}`));
      const signed = await api.tx.sequencer.submit(100, payload).signAsync(senders[s]!, { nonce: nonces[s]!++, era: 0 });
      txs.push(signed.toHex());
    }
    console.log('done');
    await api.disconnect();

    const sockets = await Promise.all(
      Array.from({ length: CONNECTIONS }, () => new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(node.wsUrl, { maxPayload: 64 * 1024 * 1024 });
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      })),
    );
    const burst = await load(sockets, txs.slice(0, TX_COUNT), undefined);
    const tps = burst.finalized / burst.secs;
    console.log(`burst: finalized ${burst.finalized}/${TX_COUNT} signed sequencer.submit (${burst.failed} failed) in ${burst.secs.toFixed(2)} s`);
    console.log(`throughput: ${tps.toFixed(0)} tx/s finalized`);
    console.log(`ratio to raw sr25519 verify rate: ${(tps / rawRate).toFixed(3)}  (1.0 = the node finalizes as fast as one core can only verify signatures)`);
    console.log(`burst submit→finalized latency: p50 ${percentile(burst.latencies, 50).toFixed(0)} ms, p99 ${percentile(burst.latencies, 99).toFixed(0)} ms (queueing included)`);
    const paced = await load(sockets, txs.slice(TX_COUNT), PACED_RATE);
    console.log(`paced at ${PACED_RATE} tx/s: finalized ${paced.finalized}/${PACED_COUNT}; submit→finalized latency p50 ${percentile(paced.latencies, 50).toFixed(0)} ms, p99 ${percentile(paced.latencies, 99).toFixed(0)} ms (block time 500 ms)`);
    for (const ws of sockets) ws.close();
    if (process.env['BENCH_VERBOSE'] !== undefined) console.log(node.logs().split('\n').filter((l) => l.includes('Imported')).slice(-40).join('\n'));
  } finally {
    await node.stop();
  }
}

await main();
