import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { RpcServer, isLoopback, type RpcServerOptions } from './RpcServer.ts';
import type { RpcMethods, SubscriptionDef, SubscriptionSink } from './types.ts';
import { WsTestClient } from './testing/WsTestClient.ts';
import { recordingLogger } from './testing/recordingLogger.ts';

async function started(table: RpcMethods, opts: Partial<RpcServerOptions> = {}) {
  const logger = recordingLogger();
  const server = new RpcServer(table, { host: '127.0.0.1', port: 0, methods: 'unsafe', cors: null, logger, ...opts });
  const { port } = await server.start();
  return { server, logger, port, ws: `ws://127.0.0.1:${port}`, http: `http://127.0.0.1:${port}` };
}

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A subscription family whose sinks and teardowns the test can see. */
function observedSubscription(name: string, extra: Partial<SubscriptionDef> = {}) {
  const sinks: SubscriptionSink[] = [];
  const teardowns: string[] = [];
  const waiting: ((sink: SubscriptionSink) => void)[] = [];
  const tornDown: ((id: string) => void)[] = [];
  const def: SubscriptionDef = {
    subscribe: `${name}_subscribe`,
    unsubscribe: [`${name}_unsubscribe`, `${name}_unsubscribeLegacy`],
    notification: `${name}_event`,
    handler: (_ctx, params, sink) => {
      sinks.push(sink);
      if (params[0] === 'greet') sink.next({ hello: 'first' });
      waiting.shift()?.(sink);
      return () => {
        teardowns.push(sink.id);
        tornDown.shift()?.(sink.id);
      };
    },
    ...extra,
  };
  return {
    def,
    sinks,
    teardowns,
    nextSink: () => new Promise<SubscriptionSink>((resolve) => waiting.push(resolve)),
    nextTeardown: () => new Promise<string>((resolve) => tornDown.push(resolve)),
  };
}

const echoTable: RpcMethods = {
  methods: {
    echo: { handler: (_ctx, params) => params },
    whoami: { handler: (ctx) => ctx.transport },
    nothing: { handler: () => undefined },
    later: { handler: async (_ctx, params) => ({ later: params[0] }) },
  },
  subscriptions: [],
};

test('behavior: ws and http calls are served on the same port', async () => {
  const { server, port, ws, http } = await started(echoTable);
  try {
    const client = await WsTestClient.connect(ws);
    assert.deepEqual(await client.call('echo', [1, 'a', null]), { jsonrpc: '2.0', id: 1, result: [1, 'a', null] });
    assert.equal((await client.call('whoami')).result, 'ws');
    assert.equal((await client.call('nothing')).result, null);
    assert.deepEqual((await client.call('later', ['x'])).result, { later: 'x' });

    const res = await post(http, { jsonrpc: '2.0', id: 'a', method: 'whoami', params: [] });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(await res.json(), { jsonrpc: '2.0', id: 'a', result: 'http' });
    const url = await post(`http://127.0.0.1:${port}/any/path`, { jsonrpc: '2.0', id: null, method: 'echo' });
    assert.deepEqual(await url.json(), { jsonrpc: '2.0', id: null, result: [] });
    assert.equal(server.connectionCount, 1);
    await client.close();
  } finally {
    await server.stop();
  }
});

test('behavior: a batch is answered in order in one array, notifications get no answer', async () => {
  const { server, ws, http } = await started(echoTable);
  try {
    const batch = [
      { jsonrpc: '2.0', id: 1, method: 'later', params: ['one'] },
      { jsonrpc: '2.0', method: 'echo', params: ['notification'] },
      { jsonrpc: '2.0', id: 2, method: 'echo', params: ['two'] },
    ];
    const expected = [
      { jsonrpc: '2.0', id: 1, result: { later: 'one' } },
      { jsonrpc: '2.0', id: 2, result: ['two'] },
    ];
    const client = await WsTestClient.connect(ws);
    client.send(batch);
    assert.deepEqual(await client.next(), expected);
    assert.deepEqual(await (await post(http, batch)).json(), expected);

    // Only notifications: nothing at all comes back; the next call is the next message.
    client.send([{ jsonrpc: '2.0', method: 'echo' }]);
    client.send({ jsonrpc: '2.0', method: 'echo' });
    assert.deepEqual(await client.call('echo', ['after']), { jsonrpc: '2.0', id: 1, result: ['after'] });
    assert.deepEqual(client.unread, []);
    const http204ish = await post(http, { jsonrpc: '2.0', method: 'echo' });
    assert.equal(http204ish.status, 200);
    assert.equal(await http204ish.text(), '');
    await client.close();
  } finally {
    await server.stop();
  }
});

test('behavior: subscribe answers an id before any notification; unsubscribe ends it and runs the teardown once', async () => {
  const feed = observedSubscription('feed');
  const { server, ws } = await started({ methods: {}, subscriptions: [feed.def] });
  try {
    const client = await WsTestClient.connect(ws);
    // The handler notifies synchronously, before the server could have answered: it must still come second.
    client.send({ jsonrpc: '2.0', id: 7, method: 'feed_subscribe', params: ['greet'] });
    const answer = await client.next();
    assert.equal(answer.id, 7);
    assert.equal(typeof answer.result, 'string');
    const subId = answer.result as string;
    assert.match(subId, /^[A-Za-z0-9]{16}$/);
    assert.deepEqual(await client.next(), {
      jsonrpc: '2.0',
      method: 'feed_event',
      params: { subscription: subId, result: { hello: 'first' } },
    });

    const sink = feed.sinks[0];
    assert.ok(sink);
    assert.equal(sink.id, subId);
    sink.next({ n: 1 });
    sink.next(undefined);
    assert.deepEqual((await client.next()).params, { subscription: subId, result: { n: 1 } });
    assert.deepEqual((await client.next()).params, { subscription: subId, result: null });

    assert.equal((await client.call('feed_unsubscribe', [subId])).result, true);
    assert.equal(sink.closed, true);
    assert.deepEqual(feed.teardowns, [subId]);
    assert.equal((await client.call('feed_unsubscribe', [subId])).result, false);
    assert.equal((await client.call('feed_unsubscribeLegacy', ['unknown'])).result, false);
    sink.next({ n: 2 }); // closed: a no-op
    assert.equal((await client.call('feed_unsubscribe', [subId])).result, false);
    assert.deepEqual(client.unread, []);
    assert.deepEqual(feed.teardowns, [subId]);
    await client.close();
  } finally {
    await server.stop();
  }
});

test('behavior: an id from one subscription family cannot unsubscribe another family', async () => {
  const a = observedSubscription('a');
  const b = observedSubscription('b');
  const { server, ws } = await started({ methods: {}, subscriptions: [a.def, b.def] });
  try {
    const client = await WsTestClient.connect(ws);
    const subId = (await client.call('a_subscribe')).result as string;
    assert.equal((await client.call('b_unsubscribe', [subId])).result, false);
    assert.equal((await client.call('a_unsubscribeLegacy', [subId])).result, true);
    assert.deepEqual(a.teardowns, [subId]);
    await client.close();
  } finally {
    await server.stop();
  }
});

test('behavior: closing the connection runs every teardown of its subscriptions exactly once', async () => {
  const feed = observedSubscription('feed');
  const { server, ws } = await started({ methods: {}, subscriptions: [feed.def] });
  try {
    const other = await WsTestClient.connect(ws);
    const kept = (await other.call('feed_subscribe')).result as string;
    const client = await WsTestClient.connect(ws);
    const ids = [(await client.call('feed_subscribe')).result, (await client.call('feed_subscribe')).result];
    const first = feed.nextTeardown();
    const second = feed.nextTeardown();
    client.ws.terminate();
    assert.deepEqual(new Set([await first, await second]), new Set(ids));
    assert.equal(server.connectionCount, 1);
    // The other connection's subscription is untouched and still notifies.
    feed.sinks[0]?.next('still here');
    assert.deepEqual((await other.next()).params, { subscription: kept, result: 'still here' });
    for (const sink of feed.sinks) sink.close(); // after the end: no second teardown
    assert.equal(feed.teardowns.length, 3);
    assert.equal(feed.teardowns.filter((id) => ids.includes(id)).length, 2);
    await other.close();
  } finally {
    await server.stop();
  }
});

test('behavior: sink.close ends a subscription from the server side, notifications queued before it are still sent', async () => {
  const once: SubscriptionDef = {
    subscribe: 'once_subscribe',
    unsubscribe: 'once_unsubscribe',
    notification: 'once_event',
    handler: (_ctx, _params, sink) => {
      sink.next({ event: 'stop' });
      sink.close();
      sink.next({ event: 'never' });
      return () => teardowns.push(sink.id);
    },
  };
  const teardowns: string[] = [];
  const { server, ws } = await started({ methods: {}, subscriptions: [once] });
  try {
    const client = await WsTestClient.connect(ws);
    const subId = (await client.call('once_subscribe')).result as string;
    assert.deepEqual((await client.next()).params, { subscription: subId, result: { event: 'stop' } });
    assert.deepEqual(teardowns, [subId]);
    assert.equal((await client.call('once_unsubscribe', [subId])).result, false);
    assert.deepEqual(client.unread, []);
    await client.close();
  } finally {
    await server.stop();
  }
});

test('behavior: an async subscription handler gets its teardown called once, even when it resolves after the client left', async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const teardowns: string[] = [];
  let tornDown: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    tornDown = resolve;
  });
  const slow: SubscriptionDef = {
    subscribe: 'slow_subscribe',
    unsubscribe: 'slow_unsubscribe',
    notification: 'slow_event',
    handler: async (_ctx, _params, sink) => {
      await gate;
      sink.next('too late');
      return () => {
        teardowns.push(sink.id);
        tornDown();
      };
    },
  };
  const { server, ws } = await started({ methods: {}, subscriptions: [slow] });
  try {
    const client = await WsTestClient.connect(ws);
    // The id is only answered once the handler has set up; the client leaves before that.
    void client.call('slow_subscribe').catch(() => undefined);
    await client.close();
    release();
    await done;
    assert.equal(teardowns.length, 1);
  } finally {
    await server.stop();
  }
});

test('behavior: a subscription in a batch is answered in the batch array before its first notification', async () => {
  const feed = observedSubscription('feed');
  const { server, ws } = await started({ methods: { echo: { handler: (_c, p) => p } }, subscriptions: [feed.def] });
  try {
    const client = await WsTestClient.connect(ws);
    client.send([
      { jsonrpc: '2.0', id: 1, method: 'feed_subscribe', params: ['greet'] },
      { jsonrpc: '2.0', id: 2, method: 'echo', params: [] },
    ]);
    const batch = await client.next<{ id: number; result: unknown }[]>();
    assert.equal(Array.isArray(batch), true);
    const subId = batch[0]?.result;
    assert.deepEqual(batch[1], { jsonrpc: '2.0', id: 2, result: [] });
    assert.deepEqual((await client.next()).params, { subscription: subId, result: { hello: 'first' } });
    await client.close();
  } finally {
    await server.stop();
  }
});

test('behavior: stop ends every connection and subscription, and is idempotent', async () => {
  const feed = observedSubscription('feed');
  const { server, ws, http } = await started({ methods: {}, subscriptions: [feed.def] });
  const client = await WsTestClient.connect(ws);
  const subId = (await client.call('feed_subscribe')).result;
  await Promise.all([server.stop(), server.stop()]);
  await server.stop();
  assert.deepEqual(feed.teardowns, [subId]);
  assert.equal(await client.closed, 1001);
  assert.equal(server.connectionCount, 0);
  await assert.rejects(post(http, { jsonrpc: '2.0', id: 1, method: 'x' }));
});

test('behavior: start after stop listens again; an aborted signal stops the server', async () => {
  const logger = recordingLogger();
  const server = new RpcServer(echoTable, { host: '127.0.0.1', port: 0, methods: 'safe', cors: null, logger });
  const first = await server.start();
  assert.deepEqual(await server.start(), first);
  await server.stop();
  const controller = new AbortController();
  const { port } = await server.start(controller.signal);
  const answer = (await (await post(`http://127.0.0.1:${port}`, { jsonrpc: '2.0', id: 1, method: 'echo' })).json()) as { id: unknown };
  assert.equal(answer.id, 1);
  controller.abort();
  await server.stop();
  await assert.rejects(post(`http://127.0.0.1:${port}`, { jsonrpc: '2.0', id: 1, method: 'echo' }));
});

test('behavior: methodNames lists methods, subscribe and unsubscribe names allowed by the safe/unsafe setting', () => {
  const table: RpcMethods = {
    methods: { safe_call: { handler: () => 1 }, author_rotateKeys: { handler: () => '0x', unsafe: true } },
    subscriptions: [
      { subscribe: 'chain_subscribeNewHeads', unsubscribe: ['chain_unsubscribeNewHeads', 'chain_unsubscribeNewHead'], notification: 'chain_newHead', handler: () => () => {} },
      { subscribe: 'unsafe_sub', unsubscribe: 'unsafe_unsub', notification: 'unsafe_event', handler: () => () => {}, unsafe: true },
    ],
  };
  const names = (methods: RpcServerOptions['methods'], host = '127.0.0.1') =>
    new RpcServer(table, { host, port: 0, methods, cors: null, logger: recordingLogger() }).methodNames;
  const safe = ['chain_subscribeNewHeads', 'chain_unsubscribeNewHead', 'chain_unsubscribeNewHeads', 'safe_call'];
  const all = [...safe, 'author_rotateKeys', 'unsafe_sub', 'unsafe_unsub'].sort();
  assert.deepEqual(names('safe'), safe);
  assert.deepEqual(names('unsafe', '0.0.0.0'), all);
  assert.deepEqual(names('auto', '127.0.0.1'), all);
  assert.deepEqual(names('auto', '0.0.0.0'), safe);
});

test('args: isLoopback decides --rpc-methods auto', () => {
  const cases: [string, boolean][] = [
    ['127.0.0.1', true], ['127.1.2.3', true], ['localhost', true], ['::1', true], ['[::1]', true],
    ['::ffff:127.0.0.1', true], ['0.0.0.0', false], ['::', false], ['192.168.1.4', false], ['example.org', false],
  ];
  for (const [host, expected] of cases) assert.equal(isLoopback(host), expected, host);
});

test('behavior: GET /health and /health/readiness answer like Substrate; other verbs get 405', async () => {
  let health: unknown = { isSyncing: false, peers: 0, shouldHavePeers: false };
  const { server, http } = await started(echoTable, { health: () => health });
  try {
    const res = await fetch(`${http}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { isSyncing: false, peers: 0, shouldHavePeers: false });
    assert.equal((await fetch(`${http}/health/readiness`)).status, 200);
    health = { isSyncing: true, peers: 3, shouldHavePeers: true };
    assert.equal((await fetch(`${http}/health/readiness`)).status, 500);
    assert.equal((await fetch(`${http}/`)).status, 405);
    assert.equal((await fetch(`${http}/`, { method: 'PUT', body: '{}' })).status, 405);
    assert.equal((await post(http, { jsonrpc: '2.0', id: 1, method: 'echo' })).status, 200);
  } finally {
    await server.stop();
  }
});

test('behavior: CORS allow-list applies to HTTP and to WebSocket upgrades; clients without Origin are served', async () => {
  const { server, http, ws } = await started(echoTable, { cors: ['https://polkadot.js.org', 'http://localhost:*'] });
  try {
    const call = { jsonrpc: '2.0', id: 1, method: 'echo' };
    const allowed = await post(http, call, { origin: 'http://localhost:3000' });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    const preflight = await fetch(http, { method: 'OPTIONS', headers: { origin: 'https://polkadot.js.org', 'access-control-request-headers': 'content-type' } });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://polkadot.js.org');
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.equal((await post(http, call, { origin: 'https://evil.example' })).status, 403);
    assert.equal((await post(http, call)).status, 200);
    await assert.rejects(WsTestClient.connect(ws, { origin: 'https://evil.example' }), /HTTP 403/);
    const fromApps = await WsTestClient.connect(ws, { origin: 'https://polkadot.js.org' });
    assert.equal((await fromApps.call('echo', [1])).id, 1);
    await fromApps.close();
  } finally {
    await server.stop();
  }
});

/** A WebSocket client made by hand so that it can stop reading entirely. */
async function rawWsClient(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(
    `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  await new Promise<void>((resolve) => {
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        socket.off('data', onData);
        socket.pause();
        resolve();
      }
    };
    socket.on('data', onData);
  });
  return socket;
}

/** One masked text frame, as a client must send it (payload < 64 KiB). */
function clientTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([header, mask, payload.map((b, i) => b ^ (mask[i % 4] ?? 0))]);
}

test('behavior: a client that stops reading is disconnected once its unsent backlog exceeds maxBufferedBytes', async () => {
  const chunk = 'x'.repeat(256 * 1024);
  let sent = 0;
  let tornDown: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    tornDown = resolve;
  });
  const flood: SubscriptionDef = {
    subscribe: 'flood_subscribe',
    unsubscribe: 'flood_unsubscribe',
    notification: 'flood_event',
    handler: (_ctx, _params, sink) => {
      // Pushed once the id has gone out; at most 64 MiB, far beyond any socket buffer.
      setImmediate(() => {
        while (!sink.closed && sent < 256) {
          sink.next(chunk);
          sent += 1;
        }
      });
      return tornDown;
    },
  };
  const { server, port, logger } = await started({ methods: {}, subscriptions: [flood] }, { maxBufferedBytes: 1024 * 1024 });
  try {
    const socket = await rawWsClient(port);
    socket.write(clientTextFrame(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'flood_subscribe', params: [] })));
    await done;
    assert.ok(sent < 256, `disconnected after ${sent} notifications`);
    assert.equal(server.connectionCount, 0);
    assert.ok(logger.records.some((r) => r.level === 'warn' && /not reading/.test(r.message)));
    socket.destroy();
  } finally {
    await server.stop();
  }
});
