import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../cli/spindle.mjs', import.meta.url));

/** A `spindle node` child on a fixed RPC port, so a test can kill it and start it again at the same address. */
export interface NodeOnPort {
  readonly pid: number;
  readonly wsUrl: string;
  logs(): string;
  /** SIGKILL, resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (SIGKILL after 10 s), resolves once the process is gone. Safe to call twice. */
  stop(): Promise<void>;
}

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it; the listener is closed again). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/**
 * Spawns `spindle node --dev --base-path DIR --rpc-port PORT --no-prometheus ...extra` and waits
 * until its RPC server listens. (`spawnNode` always passes `--rpc-port 0`.)
 */
export async function spawnNodeOnPort(opts: { port: number; basePath: string; extraArgs?: readonly string[] }): Promise<NodeOnPort> {
  const args = [BIN, 'node', '--dev', '--base-path', opts.basePath, '--rpc-port', String(opts.port), '--no-prometheus', ...(opts.extraArgs ?? [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/Running JSON-RPC server/.test(output)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => reject(new Error(`node exited before listening; log:\n${output.slice(-3000)}`)));
  });
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const stop = async (): Promise<void> => {
    if (!gone()) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await listening;
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    pid: child.pid!,
    wsUrl: `ws://127.0.0.1:${opts.port}`,
    logs: () => output,
    kill9: async () => {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    stop,
  };
}
