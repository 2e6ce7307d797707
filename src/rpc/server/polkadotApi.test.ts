import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WsProvider } from '@polkadot/api';
import { RpcServer } from './RpcServer.ts';
import type { RpcMethods, SubscriptionSink } from './types.ts';
import { recordingLogger } from './testing/recordingLogger.ts';

test('behavior: @polkadot/api WsProvider calls, subscribes and unsubscribes against the server unmodified', async () => {
  const sinks: SubscriptionSink[] = [];
  const teardowns: string[] = [];
  let tornDown: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    tornDown = resolve;
  });
  const table: RpcMethods = {
    methods: {
      echo: { handler: (_ctx, params) => params },
      fail: { handler: () => { throw new Error('hidden'); } },
    },
    subscriptions: [
      {
        subscribe: 'test_subscribeTicks',
        unsubscribe: 'test_unsubscribeTicks',
        notification: 'test_tick',
        handler: (_ctx, params, sink) => {
          sinks.push(sink);
          sink.next({ tick: 0, from: params[0] });
          return () => {
            teardowns.push(sink.id);
            tornDown();
          };
        },
      },
    ],
  };
  const server = new RpcServer(table, { host: '127.0.0.1', port: 0, methods: 'safe', cors: null, logger: recordingLogger() });
  const { port } = await server.start();
  const provider = new WsProvider(`ws://127.0.0.1:${port}`, false);
  try {
    await provider.connect();
    await provider.isReady;
    assert.deepEqual(await provider.send('echo', [1, 'a', { b: true }]), [1, 'a', { b: true }]);
    await assert.rejects(provider.send('fail', []), /-32603: Internal error/);
    await assert.rejects(provider.send('nope', []), /-32601: Method not found/);

    const ticks: unknown[] = [];
    let third: () => void = () => {};
    const gotThree = new Promise<void>((resolve) => {
      third = resolve;
    });
    const subId = await provider.subscribe('test_tick', 'test_subscribeTicks', ['alice'], (error: Error | null, value: unknown) => {
      assert.equal(error, null);
      ticks.push(value);
      if (ticks.length === 3) third();
    });
    assert.equal(typeof subId, 'string');
    const sink = sinks[0];
    assert.ok(sink);
    assert.equal(sink.id, subId);
    sink.next({ tick: 1 });
    sink.next({ tick: 2 });
    await gotThree;
    assert.deepEqual(ticks, [{ tick: 0, from: 'alice' }, { tick: 1 }, { tick: 2 }]);

    assert.equal(await provider.unsubscribe('test_tick', 'test_unsubscribeTicks', subId), true);
    await done;
    assert.deepEqual(teardowns, [subId]);
  } finally {
    await provider.disconnect();
    await server.stop();
  }
});
