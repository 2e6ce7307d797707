import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freePort } from '../launcher/freePort.ts';
import { noopLogger, RpcError, RpcServer, type RpcMethods } from '../rpc/server/index.ts';
import { RelayRpcClient } from './RelayRpcClient.ts';
import { RelayRpcError } from './RelayRpcError.ts';

/** A real RpcServer with a few methods: an echo, a failing one, one that never answers, and a burst subscription. */
function table(): RpcMethods {
  return {
    methods: {
      echo: { handler: (_ctx, params) => params[0] },
      fail: { handler: () => { throw new RpcError('CUSTOM', 'Unknown para 9', { paraId: 9 }, 7001); } },
      hang: { handler: () => new Promise(() => undefined) },
    },
    subscriptions: [
      {
        subscribe: 'burst_subscribe',
        unsubscribe: 'burst_unsubscribe',
        notification: 'burst_item',
        // Sent before the subscribe response is written: the server queues them right behind it.
        handler: (_ctx, params, sink) => {
          for (let i = 0; i < (params[0] as number); i++) sink.next(i);
          return () => undefined;
        },
      },
    ],
  };
}

describe('RelayRpcClient against a real RpcServer', () => {
  let server: RpcServer;
  let url: string;
  before(async () => {
    server = new RpcServer(table(), { host: '127.0.0.1', port: 0, methods: 'safe', cors: null, logger: noopLogger(), pingIntervalMs: 0 });
    url = `ws://127.0.0.1:${(await server.start()).port}`;
  });
  after(() => server.stop());

  test('behavior: calls resolve with their result; relay errors keep their JSON-RPC code and data', async () => {
    const client = await RelayRpcClient.connect(url);
    try {
      assert.deepEqual(await client.call('echo', [{ a: [1, '0x02'] }]), { a: [1, '0x02'] });
      await assert.rejects(client.call('fail'), (e: unknown) => e instanceof RelayRpcError && e.code === 'RPC_ERROR' && e.rpc?.code === 7001 && (e.rpc.data as { paraId: number }).paraId === 9);
      await assert.rejects(client.call('nope'), (e: unknown) => e instanceof RelayRpcError && e.rpc?.code === -32601);
    } finally {
      client.close();
    }
  });

  test('behavior: notifications sent right behind the subscribe response all reach the handler, in order', async () => {
    const client = await RelayRpcClient.connect(url);
    try {
      const got: unknown[] = [];
      const ids = new Set<string>();
      const id = await client.subscribe('burst_subscribe', [50], (r, sid) => {
        got.push(r);
        ids.add(sid);
      });
      await client.call('echo', [0]); // every notification precedes this answer
      assert.deepEqual(got, Array.from({ length: 50 }, (_, i) => i));
      assert.deepEqual([...ids], [id]);
      assert.equal(await client.unsubscribe('burst_unsubscribe', id), true);
    } finally {
      client.close();
    }
  });

  test('error: a call without an answer times out and closes the connection; pending calls then fail CONNECTION_CLOSED', async () => {
    const client = await RelayRpcClient.connect(url, { requestTimeoutMs: 100 });
    const first = client.call('hang');
    const second = client.call('hang');
    await assert.rejects(first, (e: unknown) => e instanceof RelayRpcError && e.code === 'TIMEOUT');
    await assert.rejects(second, (e: unknown) => e instanceof RelayRpcError && (e.code === 'TIMEOUT' || e.code === 'CONNECTION_CLOSED'));
    await client.closed;
    assert.equal(client.isClosed, true);
    await assert.rejects(client.call('echo', [1]), (e: unknown) => e instanceof RelayRpcError && e.code === 'CONNECTION_CLOSED');
  });

  test('error: nothing listening, or an aborted attempt, is CONNECT_FAILED', async () => {
    const port = await freePort();
    await assert.rejects(RelayRpcClient.connect(`ws://127.0.0.1:${port}`), (e: unknown) => e instanceof RelayRpcError && e.code === 'CONNECT_FAILED');
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(RelayRpcClient.connect(url, { signal: abort.signal }), (e: unknown) => e instanceof RelayRpcError && e.code === 'CONNECT_FAILED');
  });
});
