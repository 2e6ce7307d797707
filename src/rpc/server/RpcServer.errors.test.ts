import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { RpcServer, type RpcServerOptions } from './RpcServer.ts';
import { RpcError } from './RpcError.ts';
import { u32Param } from './params.ts';
import type { RpcMethods, SubscriptionDef } from './types.ts';
import { WsTestClient, type WireMessage } from './testing/WsTestClient.ts';
import { recordingLogger } from './testing/recordingLogger.ts';

const teardowns: string[] = [];
const sub = (name: string, extra: Partial<SubscriptionDef> = {}): SubscriptionDef => ({
  subscribe: `${name}_subscribe`,
  unsubscribe: `${name}_unsubscribe`,
  notification: `${name}_event`,
  handler: (_ctx, _params, sink) => () => teardowns.push(sink.id),
  ...extra,
});

const table: RpcMethods = {
  methods: {
    echo: { handler: (_ctx, params) => params },
    block: { handler: (_ctx, params) => u32Param(params, 0, { name: 'blockNumber' }) },
    boom: { handler: () => { throw new TypeError('secret detail'); } },
    boomAsync: { handler: async () => Promise.reject('a bare string') },
    bigint: { handler: () => 1n },
    custom: { handler: () => { throw new RpcError('CUSTOM', 'Invalid Transaction', 'Transaction is outdated', 1010); } },
    huge: { handler: () => 'x'.repeat(4096) },
    kilo: { handler: () => 'k'.repeat(1000) },
    rotateKeys: { handler: () => '0x00', unsafe: true },
  },
  subscriptions: [
    sub('feed'),
    sub('keys', { unsafe: true }),
    sub('strict', {
      handler: (_ctx, params, sink) => {
        u32Param(params, 0, { name: 'from' });
        return () => teardowns.push(sink.id);
      },
    }),
    sub('asyncStrict', {
      handler: async (_ctx, params, sink) => {
        if (params.length === 0) throw new RpcError('INVALID_PARAMS', 'Invalid params: param 0 (from) is missing');
        await Promise.resolve();
        return () => teardowns.push(sink.id);
      },
    }),
    sub('failsLater', {
      handler: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('backend gone');
      },
    }),
  ],
};

async function started(opts: Partial<RpcServerOptions> = {}) {
  const logger = recordingLogger();
  const server = new RpcServer(table, {
    host: '127.0.0.1',
    port: 0,
    methods: 'safe',
    cors: null,
    logger,
    maxRequestBytes: 1024,
    maxResponseBytes: 2048,
    maxSubscriptionsPerConnection: 2,
    maxBatchLength: 3,
    ...opts,
  });
  const { port } = await server.start();
  return { server, logger, ws: `ws://127.0.0.1:${port}`, http: `http://127.0.0.1:${port}`, port };
}

function post(url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return fetch(url, { method: 'POST', headers, body });
}

/** Sends `raw`, checks the error answer, then checks the same connection still answers a normal call. */
async function expectError(client: WsTestClient, raw: string, expected: { code: number; id?: unknown; message?: RegExp }) {
  client.send(raw);
  const answer = await client.next();
  assert.equal(answer.jsonrpc, '2.0', raw);
  assert.equal(answer.error?.code, expected.code, `${raw} → ${JSON.stringify(answer)}`);
  assert.equal(answer.id, expected.id ?? null, raw);
  if (expected.message !== undefined) assert.match(answer.error?.message ?? '', expected.message, raw);
  assert.equal('result' in answer, false);
  const ok = await client.call('echo', ['still alive']);
  assert.deepEqual(ok.result, ['still alive'], `after ${raw}`);
  return answer;
}

test('error: malformed and invalid requests get -32700 / -32600 and the connection keeps working', async () => {
  const { server, ws, http } = await started();
  try {
    const client = await WsTestClient.connect(ws);
    const cases: [string, { code: number; id?: unknown; message?: RegExp }][] = [
      ['{bad json', { code: -32700, message: /Parse error/ }],
      ['', { code: -32700 }],
      ['{"jsonrpc":"1.0"}', { code: -32600, message: /Invalid request/ }],
      ['{"jsonrpc":"1.0","id":5,"method":"echo"}', { code: -32600, id: 5 }],
      ['{"jsonrpc":"2.0","id":6}', { code: -32600, id: 6 }],
      ['{"jsonrpc":"2.0","id":7,"method":42}', { code: -32600, id: 7 }],
      ['{"jsonrpc":"2.0","id":{},"method":"echo"}', { code: -32600 }],
      ['42', { code: -32600 }],
      ['[]', { code: -32600 }],
      ['{"jsonrpc":"2.0","id":8,"method":"echo","params":{"a":1}}', { code: -32602, id: 8 }],
      ['{"jsonrpc":"2.0","id":9,"method":"echo","params":"x"}', { code: -32602, id: 9 }],
    ];
    for (const [raw, expected] of cases) await expectError(client, raw, expected);

    // The same over HTTP: JSON-RPC errors come back with status 200.
    for (const [raw, expected] of cases) {
      const res = await post(http, raw);
      assert.equal(res.status, 200, raw);
      const answer = (await res.json()) as WireMessage;
      assert.equal(answer.error?.code, expected.code, raw);
    }
    await client.close();
  } finally {
    await server.stop();
  }
});

test('error: a batch with invalid entries answers each entry; a batch over maxBatchLength gets -32010', async () => {
  const { server, ws } = await started();
  try {
    const client = await WsTestClient.connect(ws);
    client.send('[1, {"jsonrpc":"2.0","id":1,"method":"echo","params":[1]}, {"jsonrpc":"2.0","id":2,"method":"nope"}]');
    assert.deepEqual(await client.next(), [
      { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid request' } },
      { jsonrpc: '2.0', id: 1, result: [1] },
      { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'Method not found' } },
    ]);
    const four = JSON.stringify([1, 2, 3, 4].map((id) => ({ jsonrpc: '2.0', id, method: 'echo' })));
    const answer = await expectError(client, four, { code: -32010 });
    assert.equal(answer.error?.data, 'Exceeded max limit of 3');
    await client.close();
  } finally {
    await server.stop();
  }
});

test('error: unknown method -32601, param helper -32602, throwing handler -32603 (cause logged, not sent)', async () => {
  const { server, ws, logger } = await started();
  try {
    const client = await WsTestClient.connect(ws);
    await expectError(client, '{"jsonrpc":"2.0","id":1,"method":"nope"}', { code: -32601, id: 1, message: /^Method not found$/ });
    const bad = await expectError(client, '{"jsonrpc":"2.0","id":2,"method":"block","params":["ten"]}', { code: -32602, id: 2 });
    assert.match(bad.error?.message ?? '', /param 0 \(blockNumber\)/);
    await expectError(client, '{"jsonrpc":"2.0","id":3,"method":"block","params":["0x100000000"]}', { code: -32602, id: 3 });
    assert.equal((await client.call('block', ['0x10'])).result, 16);

    const boom = await expectError(client, '{"jsonrpc":"2.0","id":4,"method":"boom"}', { code: -32603, id: 4 });
    assert.equal(boom.error?.message, 'Internal error');
    assert.equal(JSON.stringify(boom).includes('secret'), false);
    const logged = logger.records.find((r) => r.level === 'error' && r.fields?.['method'] === 'boom');
    assert.ok(logged?.fields?.['cause'] instanceof TypeError);
    await expectError(client, '{"jsonrpc":"2.0","id":5,"method":"boomAsync"}', { code: -32603, id: 5 });
    await expectError(client, '{"jsonrpc":"2.0","id":6,"method":"bigint"}', { code: -32603, id: 6 });
    const custom = await expectError(client, '{"jsonrpc":"2.0","id":7,"method":"custom"}', { code: 1010, id: 7 });
    assert.deepEqual(custom.error, { code: 1010, message: 'Invalid Transaction', data: 'Transaction is outdated' });
    await client.close();
  } finally {
    await server.stop();
  }
});

test('error: oversized request -32007 (ws keeps the connection, http answers 413), oversized response -32008', async () => {
  const { server, ws, http } = await started();
  try {
    const client = await WsTestClient.connect(ws);
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo', params: ['y'.repeat(1100)] });
    const answer = await expectError(client, big, { code: -32007, message: /Request is too big/ });
    assert.equal(answer.error?.data, 'Exceeded max limit of 1024');
    await expectError(client, '{"jsonrpc":"2.0","id":2,"method":"huge"}', { code: -32008, id: 2, message: /Response is too big/ });
    // A batch whose answers add up past the bound.
    const batch = JSON.stringify([1, 2, 3].map((id) => ({ jsonrpc: '2.0', id, method: 'kilo' })));
    await expectError(client, batch, { code: -32011 });

    const res = await post(http, big);
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as WireMessage).error?.code, -32007);
    assert.equal((await post(http, '{"jsonrpc":"2.0","id":1,"method":"echo"}')).status, 200);
    await client.close();
  } finally {
    await server.stop();
  }
});

test('error: too many subscriptions -32006; unsubscribing frees a slot', async () => {
  const { server, ws } = await started();
  try {
    const client = await WsTestClient.connect(ws);
    const first = (await client.call('feed_subscribe')).result;
    await client.call('feed_subscribe');
    const answer = await expectError(client, '{"jsonrpc":"2.0","id":"third","method":"feed_subscribe"}', { code: -32006, id: 'third' });
    assert.equal(answer.error?.message, 'Too many subscriptions on the connection');
    assert.equal((await client.call('feed_unsubscribe', [first])).result, true);
    assert.equal(typeof (await client.call('feed_subscribe')).result, 'string');
    // Another connection has its own budget.
    const other = await WsTestClient.connect(ws);
    assert.equal(typeof (await other.call('feed_subscribe')).result, 'string');
    await Promise.all([client.close(), other.close()]);
  } finally {
    await server.stop();
  }
});

test('error: unsafe methods and subscriptions under --rpc-methods safe answer -32601 "unsafe"', async () => {
  const { server, ws, http } = await started();
  try {
    const client = await WsTestClient.connect(ws);
    const answer = await expectError(client, '{"jsonrpc":"2.0","id":1,"method":"rotateKeys"}', { code: -32601, id: 1 });
    assert.equal(answer.error?.message, 'RPC call is unsafe to be called externally');
    await expectError(client, '{"jsonrpc":"2.0","id":2,"method":"keys_subscribe"}', { code: -32601, id: 2, message: /unsafe/ });
    await expectError(client, '{"jsonrpc":"2.0","id":3,"method":"keys_unsubscribe","params":["x"]}', { code: -32601, id: 3 });
    const res = await post(http, '{"jsonrpc":"2.0","id":4,"method":"rotateKeys"}');
    assert.equal(((await res.json()) as WireMessage).error?.code, -32601);
    assert.equal(server.methodNames.includes('rotateKeys'), false);
    await client.close();
  } finally {
    await server.stop();
  }
});

test('error: a subscribe handler that throws before its first await rejects the call and leaves no subscription', async () => {
  const { server, ws, logger } = await started();
  try {
    const client = await WsTestClient.connect(ws);
    const before = teardowns.length;
    const sync = await expectError(client, '{"jsonrpc":"2.0","id":1,"method":"strict_subscribe","params":[true]}', { code: -32602, id: 1 });
    assert.match(sync.error?.message ?? '', /param 0 \(from\)/);
    await expectError(client, '{"jsonrpc":"2.0","id":2,"method":"asyncStrict_subscribe","params":[]}', { code: -32602, id: 2 });
    // Neither counts against the limit of 2.
    assert.equal(typeof (await client.call('strict_subscribe', [1])).result, 'string');
    assert.equal(typeof (await client.call('asyncStrict_subscribe', [1])).result, 'string');
    assert.equal(teardowns.length, before);
    await client.close();
    assert.equal(logger.records.some((r) => r.level === 'error' && r.message.includes('subscription')), false);
  } finally {
    await server.stop();
  }
});

test('error: an async subscription handler that rejects fails the subscribe call, frees its slot and logs', async () => {
  const { server, ws, logger } = await started({ maxSubscriptionsPerConnection: 1 });
  try {
    const client = await WsTestClient.connect(ws);
    const answer = await client.call('failsLater_subscribe');
    assert.equal(answer.result, undefined);
    assert.equal(answer.error?.code, -32603);
    // No slot is held by the failed subscription: a new one is accepted at once.
    const next = await client.call('feed_subscribe');
    assert.equal(typeof next.result, 'string');
    assert.ok(logger.records.some((r) => r.level === 'error' && r.fields?.['method'] === 'failsLater_subscribe'));
    await client.close();
  } finally {
    await server.stop();
  }
});

test('error: subscriptions over HTTP answer -32603', async () => {
  const { server, http } = await started();
  try {
    for (const method of ['feed_subscribe', 'feed_unsubscribe']) {
      const res = await post(http, JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: ['x'] }));
      const answer = (await res.json()) as WireMessage;
      assert.equal(answer.error?.code, -32603, method);
      assert.match(answer.error?.message ?? '', /not supported over HTTP/);
    }
  } finally {
    await server.stop();
  }
});

test('error: HTTP without a JSON content type gets 415; the server refuses WebSockets past maxConnections with 429', async () => {
  const { server, http, ws } = await started({ maxConnections: 1 });
  try {
    assert.equal((await post(http, '{}', { 'content-type': 'text/plain' })).status, 415);
    const first = await WsTestClient.connect(ws);
    await assert.rejects(WsTestClient.connect(ws), /HTTP 429/);
    assert.equal(server.connectionCount, 1);
    await first.close();
    // The closed connection's slot is free again (close is seen by the server before a new upgrade is made).
    let again: WsTestClient | null = null;
    for (let attempt = 0; attempt < 100 && again === null; attempt++) again = await WsTestClient.connect(ws).catch(() => null);
    assert.ok(again !== null);
    await again.close();
  } finally {
    await server.stop();
  }
});

test('error: clients vanishing mid-request do not disturb the server', async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const { server, ws, http, port } = await started();
  try {
    // HTTP: a body cut short.
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"jsonrpc":');
    socket.destroy();
    // Malformed HTTP.
    const garbage = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => garbage.once('connect', resolve));
    garbage.end('NOT HTTP AT ALL\r\n\r\n');
    await new Promise<void>((resolve) => garbage.once('close', () => resolve()).resume());

    // WebSocket: the client leaves while its call is still running.
    const slowTable: RpcMethods = { methods: { slow: { handler: async () => gate.then(() => 'done') } }, subscriptions: [] };
    const slowServer = new RpcServer(slowTable, { host: '127.0.0.1', port: 0, methods: 'safe', cors: null, logger: recordingLogger() });
    const { port: slowPort } = await slowServer.start();
    const client = await WsTestClient.connect(`ws://127.0.0.1:${slowPort}`);
    client.send({ jsonrpc: '2.0', id: 1, method: 'slow' });
    client.ws.terminate();
    await client.closed;
    release();
    await gate;
    await slowServer.stop();

    const res = await post(http, '{"jsonrpc":"2.0","id":1,"method":"echo","params":[1]}');
    assert.deepEqual(((await res.json()) as WireMessage).result, [1]);
    const fresh = await WsTestClient.connect(ws);
    assert.deepEqual((await fresh.call('echo', [2])).result, [2]);
    await fresh.close();
  } finally {
    await server.stop();
  }
});

test('error: RpcError maps every code through one table', () => {
  const cases: [ConstructorParameters<typeof RpcError>, number, string][] = [
    [['PARSE_ERROR'], -32700, 'Parse error'],
    [['INVALID_REQUEST'], -32600, 'Invalid request'],
    [['METHOD_NOT_FOUND'], -32601, 'Method not found'],
    [['INVALID_PARAMS', 'Invalid params: param 0 (x) is missing'], -32602, 'Invalid params: param 0 (x) is missing'],
    [['INTERNAL'], -32603, 'Internal error'],
    [['UNSAFE_METHOD'], -32601, 'RPC call is unsafe to be called externally'],
    [['TOO_MANY_SUBSCRIPTIONS'], -32006, 'Too many subscriptions on the connection'],
    [['OVERSIZED_REQUEST'], -32007, 'Request is too big'],
    [['OVERSIZED_RESPONSE'], -32008, 'Response is too big'],
    [['SERVER_BUSY'], -32009, 'Server is busy, try again later'],
    [['BATCH_TOO_LARGE'], -32010, 'The batch request was too large'],
    [['BATCH_RESPONSE_TOO_LARGE'], -32011, 'The batch response was too large'],
    [['CUSTOM', 'Invalid Transaction', 'Stale', 1010], 1010, 'Invalid Transaction'],
    [['CUSTOM', 'failed'], -32000, 'failed'],
    [['INTERNAL', 'x', undefined, 1234], -32603, 'x'],
  ];
  for (const [args, code, message] of cases) {
    const error = new RpcError(...args);
    assert.equal(error.jsonRpcCode, code, args[0]);
    assert.equal(error.toJson().message, message, args[0]);
    assert.equal(error.code, args[0]);
    assert.equal('data' in error.toJson(), args[2] !== undefined, args[0]);
  }
});
