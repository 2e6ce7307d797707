import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsServer } from './MetricsServer.ts';
import { MetricsRegistry } from './MetricsRegistry.ts';
import { isMetricsError } from './MetricsError.ts';

async function withServer(
  registry: MetricsRegistry,
  run: (base: string, server: MetricsServer) => Promise<void>,
  onError?: (e: unknown) => void,
): Promise<void> {
  const server = new MetricsServer(registry, { port: 0, ...(onError === undefined ? {} : { onError }) });
  const { port } = await server.start();
  try {
    await run(`http://127.0.0.1:${port}`, server);
  } finally {
    await server.stop();
  }
}

test('behavior: GET /metrics answers 200 text/plain; version=0.0.4 with the current values', async () => {
  const registry = new MetricsRegistry();
  const height = registry.gauge('substrate_block_height', 'Block height info of the chain', ['status']);
  let ready = 3;
  registry.gauge('substrate_ready_transactions_number', 'Number of transactions in the ready queue').collect((g) => g.set(ready));
  await withServer(registry, async (base) => {
    height.set({ status: 'best' }, 5n);
    const first = await fetch(`${base}/metrics`);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('content-type'), 'text/plain; version=0.0.4');
    const body = await first.text();
    assert.equal(body, registry.render());
    assert.match(body, /^substrate_block_height\{status="best"\} 5$/m);
    assert.match(body, /^substrate_ready_transactions_number 3$/m);

    height.set({ status: 'best' }, 6n);
    ready = 0;
    const second = await (await fetch(`${base}/metrics?x=1`)).text();
    assert.match(second, /^substrate_block_height\{status="best"\} 6$/m);
    assert.match(second, /^substrate_ready_transactions_number 0$/m);
  });
});

const NOT_FOUND: readonly { method: string; path: string }[] = [
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/metrics/' },
  { method: 'GET', path: '/metricsx' },
  { method: 'GET', path: '/health' },
  { method: 'POST', path: '/metrics' },
  { method: 'PUT', path: '/metrics' },
];
test('behavior: any other method or path answers 404', async () => {
  await withServer(new MetricsRegistry(), async (base) => {
    for (const { method, path } of NOT_FOUND) {
      const res = await fetch(`${base}${path}`, { method, ...(method === 'GET' ? {} : { body: 'x' }) });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(await res.text(), 'Not found.\n');
    }
  });
});

test('behavior: a failing collect callback answers 500 and reaches onError; the next scrape works again', async () => {
  const registry = new MetricsRegistry();
  let fail = true;
  registry.gauge('g', 'G').collect((g) => {
    if (fail) throw new Error('source unavailable');
    g.set(1);
  });
  const errors: unknown[] = [];
  await withServer(
    registry,
    async (base) => {
      const res = await fetch(`${base}/metrics`);
      assert.equal(res.status, 500);
      assert.match(await res.text(), /collect callback failed/);
      assert.equal(errors.length, 1);
      assert.ok(isMetricsError(errors[0], 'COLLECT_FAILED'));
      fail = false;
      const ok = await fetch(`${base}/metrics`);
      assert.equal(ok.status, 200);
      assert.match(await ok.text(), /^g 1$/m);
    },
    (e) => errors.push(e),
  );
});

test('behavior: start twice returns the same port; stop is idempotent; a stopped server refuses connections', async () => {
  const server = new MetricsServer(new MetricsRegistry(), { port: 0 });
  const a = await server.start();
  const b = await server.start();
  assert.equal(a.port, b.port);
  assert.ok(a.port > 0);
  const keepAlive = await fetch(`http://127.0.0.1:${a.port}/metrics`);
  await keepAlive.text();
  await Promise.all([server.stop(), server.stop()]);
  await server.stop();
  await assert.rejects(fetch(`http://127.0.0.1:${a.port}/metrics`));
});

test('behavior: stop before start resolves, and the server can start afterwards', async () => {
  const server = new MetricsServer(new MetricsRegistry(), { port: 0 });
  assert.equal(await server.stop(), undefined);
  const { port } = await server.start();
  try {
    assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`)).status, 200);
  } finally {
    await server.stop();
  }
});

test('behavior: a stopped server can be started again', async () => {
  const server = new MetricsServer(new MetricsRegistry(), { port: 0 });
  await server.start();
  await server.stop();
  const { port } = await server.start();
  try {
    assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`)).status, 200);
  } finally {
    await server.stop();
  }
});

test('behavior: aborting the start signal stops the server', async () => {
  const server = new MetricsServer(new MetricsRegistry(), { port: 0 });
  const controller = new AbortController();
  const { port } = await server.start(controller.signal);
  assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`)).status, 200);
  controller.abort();
  await server.stop(); // joins the stop the abort began
  await assert.rejects(fetch(`http://127.0.0.1:${port}/metrics`));
});

test('error: start with an already aborted signal rejects ABORTED', async () => {
  const server = new MetricsServer(new MetricsRegistry(), { port: 0 });
  await assert.rejects(server.start(AbortSignal.abort()), (e: unknown) => isMetricsError(e, 'ABORTED'));
  await server.stop();
});

test('error: a port already in use rejects LISTEN_FAILED with the cause; stop after it is safe', async () => {
  const first = new MetricsServer(new MetricsRegistry(), { port: 0 });
  const { port } = await first.start();
  try {
    const second = new MetricsServer(new MetricsRegistry(), { port });
    await assert.rejects(second.start(), (e: unknown) => isMetricsError(e, 'LISTEN_FAILED') && e.cause instanceof Error);
    await second.stop();
  } finally {
    await first.stop();
  }
});

test('args: host is 127.0.0.1 unless external (0.0.0.0) or given', () => {
  const r = new MetricsRegistry();
  assert.equal(new MetricsServer(r).host, '127.0.0.1');
  assert.equal(new MetricsServer(r, { external: false }).host, '127.0.0.1');
  assert.equal(new MetricsServer(r, { external: true }).host, '0.0.0.0');
  assert.equal(new MetricsServer(r, { external: true, host: '::1' }).host, '::1');
});

for (const port of [-1, 65536, 1.5, NaN]) {
  test(`error: port ${port} is rejected as INVALID_OPTION`, () => {
    assert.throws(() => new MetricsServer(new MetricsRegistry(), { port }), (e: unknown) => isMetricsError(e, 'INVALID_OPTION'));
  });
}
