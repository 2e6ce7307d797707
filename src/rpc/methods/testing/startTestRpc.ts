import { createRpcMethods } from '../../createRpcMethods.ts';
import { RpcServer } from '../../server/index.ts';
import { recordingLogger } from '../../server/testing/recordingLogger.ts';
import { WsTestClient, type WireMessage } from '../../server/testing/WsTestClient.ts';
import { createTestBackend, type TestBackend } from '../../../testing/createTestBackend.ts';

export interface TestRpc {
  readonly t: TestBackend;
  readonly server: RpcServer;
  readonly url: string;
  readonly client: WsTestClient;
  readonly logger: ReturnType<typeof recordingLogger>;
  /** The `result` of a call, or throws with the error member's code and message. */
  result(method: string, params?: unknown[]): Promise<unknown>;
  /** The `error` member of a call that must fail. */
  error(method: string, params?: unknown[]): Promise<NonNullable<WireMessage['error']>>;
  /** Subscribes and returns the subscription id; notifications arrive through `notification`. */
  subscribe(method: string, params?: unknown[]): Promise<string>;
  /** The next notification of subscription `id`. */
  notification(id: string): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Test support: a {@link createTestBackend} chain served by a real RpcServer on 127.0.0.1:0
 * with the full method table, and a connected ws client.
 *
 * @example
 * const rpc = await startTestRpc();
 * try { assert.equal(await rpc.result('system_name'), 'Spindle'); } finally { await rpc.close(); }
 */
export async function startTestRpc(opts: { methods?: 'safe' | 'unsafe' } = {}): Promise<TestRpc> {
  const t = await createTestBackend();
  const logger = recordingLogger();
  let server: RpcServer | undefined;
  const table = createRpcMethods(t.backend, { methodNames: () => server?.methodNames ?? [], logger });
  server = new RpcServer(table, { host: '127.0.0.1', port: 0, methods: opts.methods ?? 'safe', cors: null, logger, pingIntervalMs: 0 });
  const { port } = await server.start();
  const url = `ws://127.0.0.1:${port}`;
  const client = await WsTestClient.connect(url);
  const running = server;
  return {
    t,
    server: running,
    url,
    client,
    logger,
    async result(method, params = []) {
      const m = await client.call(method, params);
      if (m.error !== undefined) throw new Error(`${method} failed: ${m.error.code} ${m.error.message}`);
      return m.result;
    },
    async error(method, params = []) {
      const m = await client.call(method, params);
      if (m.error === undefined) throw new Error(`${method} succeeded with ${JSON.stringify(m.result)}`);
      return m.error;
    },
    async subscribe(method, params = []) {
      const m = await client.call(method, params);
      if (m.error !== undefined || typeof m.result !== 'string') throw new Error(`${method} failed: ${JSON.stringify(m.error)}`);
      return m.result;
    },
    async notification(id) {
      const m = await client.next((x) => x.params?.subscription === id);
      return m.params?.result;
    },
    async close() {
      await client.close();
      await running.stop();
    },
  };
}
