import { connect, createServer, type Socket } from 'node:net';

/** A loopback TCP port whose connections are forwarded to whatever port `target()` names at connect time. */
export interface TcpForwarder {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Test support: a stable address in front of a process that is restarted on another port (a
 * relay node spawned with `--rpc-port 0`). When the upstream side closes or cannot be reached,
 * the client side is closed too, as if the node itself had gone away.
 *
 * @example
 * let port = node.rpcPort;
 * const fwd = await startTcpForwarder(() => port);
 * // … restart the node, then: port = restarted.rpcPort;
 */
export function startTcpForwarder(target: () => number): Promise<TcpForwarder> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target(), '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        port,
        url: `ws://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
