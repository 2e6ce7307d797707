import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connectApi } from '../../testing/connectApi.ts';
import { devPairs } from '../../testing/devAccounts.ts';
import { createTempDir } from '../../store/tempStoreDir.ts';
import type { AppChainConnector, ConnectorStatus } from './AppChainConnector.ts';
import { ConnectorError } from './ConnectorError.ts';
import { PolkadotApiConnector } from './PolkadotApiConnector.ts';
import { toHex } from './parseHexList.ts';
import { freePort, spawnNodeOnPort } from './spawnNodeOnPort.fixture.ts';

function nextStatus(connector: AppChainConnector, wanted: ConnectorStatus): Promise<void> {
  return new Promise((resolve) => {
    const off = connector.onStatus(({ status }) => {
      if (status === wanted) {
        off();
        resolve();
      }
    });
  });
}

/** A transfer signed with a nonce 5 ahead of Alice's: it waits in the pool's future queue. */
async function submitFutureTransfer(wsUrl: string): Promise<Uint8Array> {
  await cryptoWaitReady();
  const { Alice, Bob } = devPairs();
  const api = await connectApi(wsUrl);
  try {
    const nonce = (await api.rpc.system.accountNextIndex(Alice.address)).toNumber() + 5;
    const tx = await api.tx.balances.transferKeepAlive(Bob.address, 1_000_000_000_000n).signAsync(Alice, { nonce });
    await api.rpc.author.submitExtrinsic(tx);
    return tx.toU8a();
  } finally {
    await api.disconnect();
  }
}

test('behavior: PolkadotApiConnector reads chain info and the pool of a real node, and reconnects after the node restarts', async () => {
  const dir = await createTempDir('spindle-connector-');
  const port = await freePort();
  let node = await spawnNodeOnPort({ port, basePath: dir.path });
  const connector = new PolkadotApiConnector({ url: node.wsUrl, reconnectDelayMs: 200 });
  const statuses: ConnectorStatus[] = [];
  connector.onStatus(({ status }) => statuses.push(status));
  try {
    await connector.connect();
    assert.equal(connector.status, 'connected');

    const info = await connector.chainInfo();
    assert.match(info.genesisHash, /^0x[0-9a-f]{64}$/);
    assert.equal(info.chainName, 'Spindle Development');
    assert.equal(info.properties['tokenSymbol'], 'SPDL');

    const pendingTx = await submitFutureTransfer(node.wsUrl);
    const pending = await connector.pendingExtrinsics();
    assert.deepEqual(pending.map(toHex), [toHex(pendingTx)]);

    const heads: unknown[] = [];
    let onHead: () => void = () => {};
    const unsubscribe = await connector.subscribe(
      { subscribe: 'chain_subscribeFinalizedHeads', unsubscribe: 'chain_unsubscribeFinalizedHeads', notification: 'chain_finalizedHead' },
      [],
      (head) => {
        heads.push(head);
        onHead();
      },
    );

    // Connection loss: reported, and calls fail with a typed error instead of hanging.
    const lost = nextStatus(connector, 'disconnected');
    await node.kill9();
    await lost;
    await assert.rejects(connector.pendingExtrinsics(), (e: unknown) => e instanceof ConnectorError && e.code === 'NOT_CONNECTED');

    // Same port, same database: the provider reconnects by itself.
    const back = nextStatus(connector, 'connected');
    node = await spawnNodeOnPort({ port, basePath: dir.path });
    await back;
    assert.deepEqual(statuses, ['connecting', 'connected', 'disconnected', 'connected']);
    assert.equal((await connector.chainInfo()).genesisHash, info.genesisHash);
    assert.deepEqual(await connector.pendingExtrinsics(), []); // the pool is not persisted

    // The subscription was made again on the new connection.
    const seen = heads.length;
    await new Promise<void>((resolve) => {
      onHead = () => {
        if (heads.length > seen) resolve();
      };
    });
    await unsubscribe();
    await unsubscribe();
  } finally {
    await connector.close();
    await node.stop();
    await dir.remove();
  }
  assert.equal(connector.status, 'closed');
  await assert.rejects(connector.pendingExtrinsics(), (e: unknown) => e instanceof ConnectorError && e.code === 'CLOSED');
  await assert.rejects(connector.connect(), (e: unknown) => e instanceof ConnectorError && e.code === 'CLOSED');
});

test('error: PolkadotApiConnector maps node errors, refuses calls before connect, and gives up connecting when told', async () => {
  assert.throws(() => new PolkadotApiConnector({ url: 'http://127.0.0.1:1' }), (e: unknown) => e instanceof ConnectorError && e.code === 'CONNECT_FAILED');

  const nobody = await freePort();
  const timedOut = new PolkadotApiConnector({ url: `ws://127.0.0.1:${nobody}`, reconnectDelayMs: 50, connectTimeoutMs: 300 });
  await assert.rejects(timedOut.pendingExtrinsics(), (e: unknown) => e instanceof ConnectorError && e.code === 'NOT_CONNECTED');
  await assert.rejects(timedOut.connect(), (e: unknown) => e instanceof ConnectorError && e.code === 'CONNECT_FAILED' && /within 300 ms/.test(e.message));
  await timedOut.close();

  const aborted = new PolkadotApiConnector({ url: `ws://127.0.0.1:${nobody}`, reconnectDelayMs: 50 });
  const controller = new AbortController();
  const connecting = aborted.connect(controller.signal);
  controller.abort();
  await assert.rejects(connecting, (e: unknown) => e instanceof ConnectorError && e.code === 'CONNECT_FAILED' && /aborted/.test(e.message));
  await aborted.close();

  const dir = await createTempDir('spindle-connector-');
  const node = await spawnNodeOnPort({ port: await freePort(), basePath: dir.path });
  const connector = new PolkadotApiConnector({ url: node.wsUrl });
  try {
    await connector.connect();
    await assert.rejects(connector.request('no_suchMethod', []), (e: unknown) => e instanceof ConnectorError && e.code === 'RPC_ERROR' && e.rpcCode === -32601);
    await assert.rejects(connector.submitExtrinsic(Uint8Array.of(1, 2, 3)), (e: unknown) => e instanceof ConnectorError && e.code === 'RPC_ERROR' && e.rpcCode === 1001);
  } finally {
    await connector.close();
    await node.stop();
    await dir.remove();
  }
});
