import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import WebSocket from 'ws';
import { createTempDir, type TempDir } from '../store/index.ts';
import { connectApi } from '../testing/connectApi.ts';
import { spawnNode, type SpawnedNode } from '../testing/spawnNode.ts';

/**
 * A validator is SIGKILLed while it imports blocks full of transactions; restarted on
 * the same base path (as a non-authoring node, so nothing moves), it must hold every block
 * it had reported finalized, with the same hashes and state roots.
 */
describe('crash recovery', { timeout: 300_000 }, () => {
  let dir: TempDir | undefined;
  const nodes: SpawnedNode[] = [];
  const apis: ApiPromise[] = [];

  after(async () => {
    for (const a of apis) await a.disconnect().catch(() => undefined);
    for (const n of nodes) await n.stop(2000);
    await dir?.remove();
  });

  it('behavior: kill -9 under load, restart with the same --base-path: same finalized head and state root, no block lost', async () => {
    await cryptoWaitReady();
    dir = await createTempDir('spindle-crash-');
    const first = await spawnNode(['--chain', 'dev', '--alice', '--base-path', dir.path, '--block-time', '100']);
    nodes.push(first);
    const api = await connectApi(first.wsUrl);
    apis.push(api);
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');

    const seen = new Map<number, { hash: string; stateRoot: string }>();
    let sentEnough = (): boolean => false;
    let resolveEnough: () => void;
    const enough = new Promise<void>((r) => (resolveEnough = r));
    const unsub = await api.rpc.chain.subscribeFinalizedHeads((h) => {
      seen.set(h.number.toNumber(), { hash: h.hash.toHex(), stateRoot: h.stateRoot.toHex() });
      if (h.number.toNumber() >= 12 && sentEnough()) resolveEnough();
    });
    // Load: transactions signed up front (signing needs the live chain), then streamed over a
    // raw socket while blocks are imported, and still streaming when the node is killed.
    let nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
    const signed: string[] = [];
    for (let i = 0; i < 1500; i++) {
      signed.push((await api.tx.sequencer.submit(100, `0x${i.toString(16).padStart(8, '0')}`).signAsync(alice, { nonce: nonce++, era: 0 })).toHex());
    }
    const ws = new WebSocket(first.wsUrl);
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    ws.on('error', () => undefined);
    let next = 0;
    sentEnough = () => next >= 300;
    const pump = setInterval(() => {
      for (let i = 0; i < 25 && next < signed.length && ws.readyState === WebSocket.OPEN; i++) {
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: next, method: 'author_submitExtrinsic', params: [signed[next++]] }));
      }
    }, 10);
    await enough;
    unsub();
    await api.disconnect();
    await first.kill9();
    clearInterval(pump);
    ws.terminate();
    assert.ok(next > 0, 'load was running at the kill');

    const last = Math.max(...seen.keys());
    const second = await spawnNode(['--chain', 'dev', '--base-path', dir.path]);
    nodes.push(second);
    const api2 = await connectApi(second.wsUrl);
    apis.push(api2);
    const finalized = await api2.rpc.chain.getHeader(await api2.rpc.chain.getFinalizedHead());
    assert.ok(finalized.number.toNumber() >= last, `finalized #${finalized.number.toNumber()} should be at least the last seen #${last}`);
    for (const [n, { hash, stateRoot }] of seen) {
      const stored = await api2.rpc.chain.getBlockHash(n);
      assert.equal(stored.toHex(), hash, `block #${n} kept`);
      assert.equal((await api2.rpc.chain.getHeader(stored)).stateRoot.toHex(), stateRoot);
    }
    // The state is readable at the head: the account nonce reflects the imported transactions.
    const account = (await api2.query.system.account(alice.address)) as unknown as { nonce: { toNumber(): number } };
    assert.ok(account.nonce.toNumber() > 0, 'transactions were imported before the crash');
    assert.match(second.logs(), /Resuming at #\d+/);
  });
});
