import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRpcMethods } from './createRpcMethods.ts';
import type { RpcBackend } from './RpcBackend.ts';
import { RpcServer } from './server/index.ts';
import { recordingLogger } from './server/testing/recordingLogger.ts';
import { WsTestClient } from './server/testing/WsTestClient.ts';
import { createTestBackend, type TestBackend } from '../testing/createTestBackend.ts';
import { startTestRpc } from './methods/testing/startTestRpc.ts';
import { connectApi } from '../testing/connectApi.ts';

const METHODS = [
  'rpc_methods',
  'system_name', 'system_version', 'system_chain', 'system_chainType', 'system_properties', 'system_health', 'system_peers',
  'system_localPeerId', 'system_localListenAddresses', 'system_nodeRoles', 'system_syncState', 'system_accountNextIndex',
  'chain_getBlock', 'chain_getBlockHash', 'chain_getHead', 'chain_getHeader', 'chain_getFinalizedHead', 'chain_getFinalisedHead',
  'chain_getRuntimeVersion',
  'state_getMetadata', 'state_getRuntimeVersion', 'state_getStorage', 'state_getStorageAt', 'state_getStorageHash',
  'state_getStorageHashAt', 'state_getStorageSize', 'state_getStorageSizeAt', 'state_getKeys', 'state_getKeysPaged',
  'state_getKeysPagedAt', 'state_queryStorageAt', 'state_call', 'state_callAt', 'state_getReadProof',
  'author_submitExtrinsic', 'author_pendingExtrinsics',
  'payment_queryInfo', 'payment_queryFeeDetails',
];
const SUBSCRIPTIONS: [string, string, string[]][] = [
  ['chain_subscribeNewHeads', 'chain_newHead', ['chain_unsubscribeNewHeads', 'chain_unsubscribeNewHead']],
  ['chain_subscribeNewHead', 'chain_newHead', ['chain_unsubscribeNewHeads', 'chain_unsubscribeNewHead']],
  ['chain_subscribeFinalizedHeads', 'chain_finalizedHead', ['chain_unsubscribeFinalizedHeads', 'chain_unsubscribeFinalisedHeads']],
  ['chain_subscribeFinalisedHeads', 'chain_finalizedHead', ['chain_unsubscribeFinalizedHeads', 'chain_unsubscribeFinalisedHeads']],
  ['chain_subscribeAllHeads', 'chain_allHead', ['chain_unsubscribeAllHeads']],
  ['state_subscribeRuntimeVersion', 'state_runtimeVersion', ['state_unsubscribeRuntimeVersion', 'chain_unsubscribeRuntimeVersion']],
  ['chain_subscribeRuntimeVersion', 'state_runtimeVersion', ['state_unsubscribeRuntimeVersion', 'chain_unsubscribeRuntimeVersion']],
  ['state_subscribeStorage', 'state_storage', ['state_unsubscribeStorage']],
  ['author_submitAndWatchExtrinsic', 'author_extrinsicUpdate', ['author_unwatchExtrinsic']],
];

describe('createRpcMethods', () => {
  let t: TestBackend;
  before(async () => {
    t = await createTestBackend();
  });

  test('behavior: every legacy method and alias is in the table under its wire name', () => {
    const table = createRpcMethods(t.backend, { methodNames: () => [] });
    // The new JSON-RPC interface (`*_v1_*`) is checked in methods/archive_v1.test.ts, `spindle_*` in methods/spindle.test.ts.
    const legacy = (name: string): boolean => !name.includes('_v1_') && !name.startsWith('spindle_');
    assert.deepEqual(Object.keys(table.methods).filter(legacy).sort(), [...METHODS].sort());
    assert.deepEqual(Object.entries(table.methods).filter(([, d]) => d.unsafe === true).map(([n]) => n), ['system_peers']);
    const subs = table.subscriptions.filter((s) => legacy(s.subscribe)).map((s) => [s.subscribe, s.notification, typeof s.unsubscribe === 'string' ? [s.unsubscribe] : [...s.unsubscribe]]);
    assert.deepEqual(subs.sort(), [...SUBSCRIPTIONS].sort());
  });

  test('behavior: rpc_methods lists the server\'s callable names, sorted; unsafe ones only under unsafe', async () => {
    for (const methods of ['safe', 'unsafe'] as const) {
      const rpc = await startTestRpc({ methods });
      try {
        const { methods: names } = (await rpc.result('rpc_methods')) as { methods: string[] };
        assert.deepEqual(names, [...names].sort());
        assert.deepEqual(names, rpc.server.methodNames);
        for (const n of ['chain_getBlock', 'chain_unsubscribeNewHead', 'author_unwatchExtrinsic', 'rpc_methods']) assert.ok(names.includes(n), n);
        assert.equal(names.includes('system_peers'), methods === 'unsafe');
      } finally {
        await rpc.close();
      }
    }
  });

  test('error: an error the table does not know is -32603 "Internal error", logged, never sent', async () => {
    const failing: RpcBackend = { ...t.backend, info: { ...t.backend.info, localPeerId: () => { throw new Error('secret detail'); } } };
    const logger = recordingLogger();
    const server = new RpcServer(createRpcMethods(failing, { methodNames: () => [] }), { host: '127.0.0.1', port: 0, methods: 'safe', cors: null, logger, pingIntervalMs: 0 });
    const { port } = await server.start();
    const client = await WsTestClient.connect(`ws://127.0.0.1:${port}`);
    try {
      const answer = await client.call('system_localPeerId');
      assert.deepEqual(answer.error, { code: -32603, message: 'Internal error' });
      assert.ok(logger.records.some((r) => r.level === 'error' && (r.fields?.['cause'] as Error | undefined)?.message === 'secret detail'));
    } finally {
      await client.close();
      await server.stop();
    }
  });

  test('error: a subscription whose listener fails is closed and logged; block import goes on', async () => {
    let broken = false;
    const state = new Proxy(t.backend.state, {
      get(target, prop, receiver) {
        if (prop === 'runtimeVersion' && broken) return () => { throw new Error('state gone'); };
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const logger = recordingLogger();
    const server = new RpcServer(createRpcMethods({ ...t.backend, state }, { methodNames: () => [], logger }), { host: '127.0.0.1', port: 0, methods: 'safe', cors: null, logger, pingIntervalMs: 0 });
    const { port } = await server.start();
    const client = await WsTestClient.connect(`ws://127.0.0.1:${port}`);
    try {
      const { result: id } = await client.call('state_subscribeRuntimeVersion');
      await client.next((m) => m.params?.subscription === id);
      broken = true;
      await t.produceBlock();
      await t.produceBlock();
      assert.ok(logger.records.some((r) => r.message === 'rpc subscription failed; closing it' && r.fields?.['subscription'] === id));
      assert.equal((await client.call('state_unsubscribeRuntimeVersion', [id])).result, false);
    } finally {
      await client.close();
      await server.stop();
    }
  });
});

describe('@polkadot/api against the legacy methods', () => {
  test('behavior: ApiPromise connects, queries, pays and watches a transfer to finality', async () => {
    const rpc = await startTestRpc();
    const api = await connectApi(rpc.url).catch(async (e: unknown) => {
      await rpc.close();
      throw e;
    });
    try {
      const { Alice, Bob } = rpc.t.pairs;
      assert.equal(api.genesisHash.toHex(), `0x${Buffer.from(rpc.t.chain.genesisHash()).toString('hex')}`);
      assert.equal(api.runtimeVersion.specName.toString(), 'spindle');
      assert.equal((await api.rpc.system.chain()).toString(), 'Spindle Test');
      const before = (await api.query.system.account(Bob.address)) as unknown as { data: { free: { toBigInt(): bigint } } };

      const info = await api.tx.balances.transferKeepAlive(Bob.address, 10n ** 12n).paymentInfo(Alice);
      assert.ok(info.partialFee.toBigInt() > 0n);

      const statuses: string[] = [];
      const events = await new Promise<string[]>((resolve, reject) => {
        api.tx.balances
          .transferKeepAlive(Bob.address, 10n ** 12n)
          .signAndSend(Alice, (result) => {
            statuses.push(result.status.type);
            if (result.status.isReady) void rpc.t.produceBlock();
            if (result.status.isFinalized) resolve(result.events.map(({ event }) => `${event.section}.${event.method}`));
            if (result.isError) reject(new Error(result.status.type));
          })
          .catch(reject);
      });
      // polkadot-js drops InBlock when Finalized arrives while it still fetches InBlock's events.
      assert.equal(statuses[0], 'Ready');
      assert.equal(statuses.at(-1), 'Finalized');
      assert.ok(events.includes('balances.Transfer'), events.join());
      assert.ok(events.includes('system.ExtrinsicSuccess'), events.join());
      const after = (await api.query.system.account(Bob.address)) as unknown as { data: { free: { toBigInt(): bigint } } };
      assert.equal(after.data.free.toBigInt() - before.data.free.toBigInt(), 10n ** 12n);
      const header = await api.rpc.chain.getHeader();
      assert.equal(header.number.toNumber(), 1);
    } finally {
      await api.disconnect();
      await rpc.close();
    }
  });
});
