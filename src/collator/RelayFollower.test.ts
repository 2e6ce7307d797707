import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { createTempDir, type TempDir } from '../store/index.ts';
import { connectApi } from '../testing/connectApi.ts';
import { devPairs } from '../testing/devAccounts.ts';
import { spawnNode, type SpawnedNode } from '../testing/spawnNode.ts';
import { submitAndFinalize } from '../testing/submitAndFinalize.ts';
import type { CollatorLogger } from './CollatorLogger.ts';
import type { OrderedSlice } from './ParaTransaction.ts';
import { RelayFollower, type RelayFollowerOptions } from './RelayFollower.ts';
import { RelayFollowerError } from './RelayFollowerError.ts';
import { startTcpForwarder, type TcpForwarder } from './tcpForwarder.fixture.ts';

interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>> | undefined;
}
function recordingLogger(): CollatorLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) => void lines.push({ level, message, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Takes `n` slices from the follower, checking that each is the next relay block. */
async function take(follower: RelayFollower, n: number, from: bigint): Promise<OrderedSlice[]> {
  const out: OrderedSlice[] = [];
  for (let i = 0; i < n; i++) {
    const s = await follower.next();
    assert.ok(s !== undefined, 'follower ended early');
    assert.equal(s.relayBlockNumber, from + BigInt(i), 'next relay block, no gap and no repeat');
    out.push(s);
  }
  return out;
}

const hex = (b: Uint8Array): string => u8aToHex(b);

describe('RelayFollower against a spawned --dev relay node', { timeout: 300_000 }, () => {
  let base: TempDir;
  let node: SpawnedNode;
  let forwarder: TcpForwarder;
  let api: ApiPromise;
  let alice: KeyringPair;
  const followers: RelayFollower[] = [];
  let dirs = 0;

  const follower = (opts: Partial<RelayFollowerOptions> = {}): RelayFollower => {
    const f = new RelayFollower({ relayUrl: forwarder.url, paraId: 100, cursorDir: `${base.path}/cursor-${dirs++}`, reconnectDelayMs: 20, maxReconnectDelayMs: 200, ...opts });
    followers.push(f);
    return f;
  };
  const blockHash = async (n: bigint): Promise<string> => (await api.rpc.chain.getBlockHash(n)).toHex();

  before(async () => {
    await cryptoWaitReady();
    base = await createTempDir('spindle-follower-');
    node = await spawnNode(['--dev', '--base-path', `${base.path}/relay`, '--block-time', '150', '--no-prometheus']);
    forwarder = await startTcpForwarder(() => node.rpcPort);
    api = await connectApi(node.wsUrl);
    alice = devPairs().Alice;
  });

  after(async () => {
    for (const f of followers) await f.stop();
    await api?.disconnect().catch(() => undefined);
    await forwarder?.close();
    await node?.stop();
    await base?.remove();
  });

  test('behavior: streams a verified slice of every relay block in order, with the para transactions in relay order', async () => {
    const relayParent = (await api.rpc.chain.getFinalizedHead()).toHex();
    await submitAndFinalize(api, api.tx.sequencer.submit(100, '0x01'), alice);
    await submitAndFinalize(api, api.tx.sequencer.submitCandidate(100, relayParent, ['0x02', '0x0303']), alice);
    const bundle = await submitAndFinalize(api, api.tx.sequencer.submitBundle([[200, '0x04'], [100, '0x05']]), alice);
    const last = (await api.rpc.chain.getHeader(bundle.blockHash)).number.toBigInt();

    const f = follower();
    await f.start();
    const slices = await take(f, Number(last), 1n);
    assert.deepEqual(slices.flatMap((s) => s.payloads.map(hex)), ['0x01', '0x02', '0x0303', '0x05']);
    for (const s of [slices[0]!, slices.at(-1)!]) assert.equal(hex(s.relayBlockHash), await blockHash(s.relayBlockNumber));
    assert.equal(hex(slices.at(-1)!.relayBlockHash), bundle.blockHash);
    assert.ok(slices.every((s) => s.paraId === 100));
  });

  test('behavior: transactions() gives each payload with its relay position; for-await over the follower gives slices', async () => {
    const f = follower();
    await f.start();
    const seen: [bigint, number, string][] = [];
    for await (const tx of f.transactions()) {
      seen.push([tx.relayBlockNumber, tx.index, hex(tx.payload)]);
      if (seen.length === 4) break;
    }
    assert.deepEqual(seen.map(([, i, p]) => [i, p]), [[0, '0x01'], [0, '0x02'], [1, '0x0303'], [0, '0x05']]);
    assert.equal(seen[1]![0], seen[2]![0], 'a candidate is one relay block');
    for await (const slice of f) {
      assert.equal(slice.relayBlockNumber, seen[3]![0] + 1n, 'continues after the last block taken');
      break;
    }
  });

  test('behavior: a restarted follower resumes right after the committed block', async () => {
    const dir = `${base.path}/cursor-restart`;
    const first = follower({ cursorDir: dir });
    await first.start();
    await take(first, 6, 1n);
    await first.commit(2n);
    await first.commit(4n);
    await first.commit(4n);
    await first.stop();
    assert.equal(await first.next(), undefined, 'a stopped follower yields nothing');

    const second = follower({ cursorDir: dir });
    await second.start();
    assert.equal(second.committed?.relayBlockNumber, 4n);
    const [resumed] = await take(second, 3, 5n);
    assert.equal(hex(resumed!.relayBlockHash), await blockHash(5n));
  });

  test('error: commit of a block not delivered, or below the cursor, is BAD_COMMIT', async () => {
    const f = follower();
    await f.start();
    await take(f, 3, 1n);
    await f.commit(3n);
    for (const n of [2n, 4n, 1000n]) {
      await assert.rejects(f.commit(n), (e: unknown) => e instanceof RelayFollowerError && e.code === 'BAD_COMMIT', String(n));
    }
  });

  test('behavior: a consumer lagging behind pauses the subscription and resumes it without gaps', async () => {
    const logger = recordingLogger();
    const f = follower({ maxBufferedSlices: 4, logger });
    await f.start();
    const slices = await take(f, 20, 1n);
    assert.equal(slices.length, 20);
    assert.ok(logger.lines.some((l) => l.message === 'paused the relay subscription'), 'paused at least once');
    assert.ok(logger.lines.filter((l) => l.message === 'subscribed to relay slices').length >= 2, 'resubscribed after pausing');
  });

  test('error: a para the relay does not know ends the stream with SUBSCRIBE_REJECTED', async () => {
    const logger = recordingLogger();
    const f = follower({ paraId: 999, logger });
    await f.start();
    await assert.rejects(f.next(), (e: unknown) => e instanceof RelayFollowerError && e.code === 'SUBSCRIBE_REJECTED' && e.data.rpcCode === 7001);
    await assert.rejects(f.next(), (e: unknown) => e instanceof RelayFollowerError, 'every later call too');
    assert.ok(logger.lines.some((l) => l.level === 'error'));
  });

  test('behavior: the relay node is killed and restarted on its base path; the follower reconnects and continues without gap or repeat', async () => {
    const logger = recordingLogger();
    const f = follower({ logger });
    await f.start();
    const before = await take(f, 3, 1n);
    await f.commit(3n);
    const headAtKill = (await api.rpc.chain.getFinalizedHead()).toHex();
    await api.disconnect();
    await node.kill9();
    // Drain what was already received, then the follower must wait for the relay to come back.
    const restarted = spawnNode(['--dev', '--base-path', `${base.path}/relay`, '--block-time', '150', '--no-prometheus']);
    node = await restarted;
    api = await connectApi(node.wsUrl);
    const killedAt = (await api.rpc.chain.getHeader(headAtKill)).number.toBigInt();
    const after = await take(f, Number(killedAt) + 5, 4n);
    assert.ok(after.at(-1)!.relayBlockNumber > killedAt, 'continued past the blocks finalized before the kill');
    for (const s of [...before, ...after].filter((_, i) => i % 5 === 0)) assert.equal(hex(s.relayBlockHash), await blockHash(s.relayBlockNumber));
    assert.ok(logger.lines.some((l) => l.message === 'relay connection lost; reconnecting'), 'the connection was lost');
    assert.ok(logger.lines.filter((l) => l.message === 'subscribed to relay slices').length >= 2, 'resubscribed');
  });
});
