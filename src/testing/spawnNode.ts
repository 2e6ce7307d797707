import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../cli/spindle.mjs', import.meta.url));

/** A `spindle node` child process for tests: started on a free RPC port, stopped by its pid. */
export interface SpawnedNode {
  readonly process: ChildProcess;
  readonly pid: number;
  readonly rpcPort: number;
  readonly wsUrl: string;
  readonly httpUrl: string;
  /** `http://127.0.0.1:PORT/metrics`, unless started with --no-prometheus. */
  readonly metricsUrl: string | undefined;
  /** Everything the node logged so far. */
  logs(): string;
  /** Resolves with the first log line matching `re` (waits for it). */
  waitForLog(re: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. Resolves with the exit code/signal. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill9(): Promise<void>;
}

/**
 * Spawns `spindle node ARGS --rpc-port 0` and waits until its RPC server listens.
 * Extra args are passed as given (e.g. `['--dev']`, `['--chain', 'dev', '--base-path', dir]`).
 */
export async function spawnNode(args: readonly string[], opts: { startTimeoutMs?: number } = {}): Promise<SpawnedNode> {
  const nodeFlags = process.env['SPINDLE_NODE_FLAGS']?.split(' ').filter((f) => f !== '') ?? [];
  const child = spawn(process.execPath, [...nodeFlags, BIN, 'node', ...args, '--rpc-port', '0', ...(args.includes('--no-prometheus') ? [] : ['--prometheus-port', '0'])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const waiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const w of [...waiters]) {
      const m = output.match(w.re);
      if (m !== null) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m[0]);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  const waitForLog = (re: RegExp, timeoutMs = 60_000): Promise<string> => {
    const m = output.match(re);
    if (m !== null) return Promise.resolve(m[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`node did not log ${re} within ${timeoutMs} ms; log:\n${output.slice(-4000)}`)), timeoutMs);
      const w = { re, resolve: (line: string) => (clearTimeout(timer), resolve(line)) };
      waiters.push(w);
      void exited.then(({ code, signal }) => {
        if (waiters.includes(w)) {
          clearTimeout(timer);
          reject(new Error(`node exited (${code ?? signal}) before logging ${re}; log:\n${output.slice(-4000)}`));
        }
      });
    });
  };

  const stop = async (graceMs = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    }
    return exited;
  };

  const line = await waitForLog(/Running JSON-RPC server: addr=[^\s]+:(\d+)/, opts.startTimeoutMs ?? 60_000).catch(async (e: unknown) => {
    await stop(1000);
    throw e;
  });
  const rpcPort = Number(/:(\d+)$/.exec(line)![1]);
  const metricsPort = /Prometheus exporter started at [^\s:]+:(\d+)/.exec(output)?.[1];
  return {
    process: child,
    pid: child.pid!,
    rpcPort,
    wsUrl: `ws://127.0.0.1:${rpcPort}`,
    httpUrl: `http://127.0.0.1:${rpcPort}`,
    metricsUrl: metricsPort === undefined ? undefined : `http://127.0.0.1:${metricsPort}/metrics`,
    logs: () => output,
    waitForLog,
    stop,
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
