import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { initHashing } from '../primitives/hashing.ts';
import { createTempDir, type TempDir } from '../store/index.ts';
import { spawnNode, type SpawnedNode } from '../testing/spawnNode.ts';
import { KvAppChain, kvKeyPairFromSeed, signKvTransaction } from './execution/reference/index.ts';

const BIN = fileURLToPath(new URL('../cli/spindle.mjs', import.meta.url));
const PARA = 100;
const TOTAL = 60;

interface Collator {
  readonly child: ChildProcess;
  readonly rpcUrl: Promise<string>;
  readonly exited: Promise<void>;
}

function startCollator(relayWs: string, dir: string): Collator {
  const child = spawn(process.execPath, [BIN, 'collator', '--para-id', String(PARA), '--relay', relayWs, '--execute', 'reference', '--key', '//Alice', '-d', dir, '--rpc-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const rpcUrl = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /Collator RPC endpoint: ws:\/\/(127\.0\.0\.1:\d+)/.exec(output);
      if (m !== null) resolve(`http://${m[1]}`);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`collator exited (${code}) before serving RPC:\n${output.slice(-3000)}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, rpcUrl, exited };
}

async function rpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Acceptance: a collator (the real `spindle collator` process, reference app chain) is
 * SIGKILLed while transactions stream through it and restarted on the same directory; every
 * transaction is executed exactly once, in the relay's order.
 */
describe('spindle collator: killed and restarted mid-stream', { timeout: 300_000 }, () => {
  let relay: SpawnedNode;
  let dir: TempDir;
  const running: Collator[] = [];
  const user = kvKeyPairFromSeed(new Uint8Array(32).fill(7));
  const tx = (i: number): string =>
    `0x${Buffer.from(signKvTransaction(user.privateKey, { paraId: PARA, nonce: BigInt(i), operations: [{ type: 'set', key: Buffer.from(`k${i}`), value: Buffer.from(String(i)) }] })).toString('hex')}`;

  before(async () => {
    await initHashing();
    relay = await spawnNode(['--dev', '--block-time', '300']);
    dir = await createTempDir('spindle-collator-restart-');
  });

  after(async () => {
    for (const c of running) {
      if (c.child.exitCode === null && c.child.signalCode === null) process.kill(c.child.pid!, 'SIGKILL');
      await c.exited;
    }
    await relay?.stop();
    await dir?.remove();
  });

  it('behavior: no transaction is executed twice or skipped', async () => {
    const first = startCollator(relay.wsUrl, dir.path);
    running.push(first);
    const url1 = await first.rpcUrl;
    for (let i = 0; i < TOTAL / 2; i++) await rpc(url1, 'author_submitExtrinsic', [tx(i)]);
    // Kill it while the first half is being sequenced and executed.
    await until('some transactions are executed', async () => ((await rpc<{ executedRelayBlock: number | null }>(url1, 'collator_status')).executedRelayBlock ?? 0) > 0);
    process.kill(first.child.pid!, 'SIGKILL');
    await first.exited;

    const second = startCollator(relay.wsUrl, dir.path);
    running.push(second);
    const url2 = await second.rpcUrl;
    for (let i = TOTAL / 2; i < TOTAL; i++) await rpc(url2, 'author_submitExtrinsic', [tx(i)]);
    await until('the collator queue is empty and the relay order executed', async () => {
      const s = await rpc<{ queued: number; inFlight: unknown; executedRelayBlock: number | null }>(url2, 'collator_status');
      const finalized = Number((await rpc<{ number: string }>(relay.httpUrl, 'chain_getHeader', [await rpc(relay.httpUrl, 'chain_getFinalizedHead')])).number);
      return s.queued === 0 && s.inFlight === null && (s.executedRelayBlock ?? 0) >= finalized - 1;
    });
    process.kill(second.child.pid!, 'SIGTERM');
    await second.exited;

    // Every position in the mapping journal appears once; nothing was refused (a replay would be a stale nonce).
    const journal = (await readFile(join(dir.path, `mapping-${PARA}.jsonl`), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { appBlocks: { positions: string[] }[]; skipped: unknown[] });
    const positions = journal.flatMap((r) => r.appBlocks.flatMap((b) => b.positions));
    assert.equal(new Set(positions).size, positions.length, 'no relay position executed twice');
    assert.equal(positions.length, TOTAL, 'every transaction executed');
    assert.deepEqual(journal.flatMap((r) => r.skipped), []);
    const chain = await KvAppChain.open({ paraId: PARA, directory: join(dir.path, 'app-chain') });
    try {
      assert.equal(chain.nonceOf(user.publicKey), BigInt(TOTAL));
      for (let i = 0; i < TOTAL; i++) assert.equal(Buffer.from(chain.get(Buffer.from(`k${i}`))!).toString(), String(i));
    } finally {
      await chain.close();
    }
  });
});
