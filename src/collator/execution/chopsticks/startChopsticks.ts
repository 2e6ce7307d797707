import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ChopsticksGenesis } from './buildChopsticksGenesis.ts';

export type ChopsticksLogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

export interface StartChopsticksOptions {
  /** The `--genesis` chain spec: a file path, or an object written to a temp file (removed on stop). */
  readonly genesis: ChopsticksGenesis | string;
  /** `--port P` on 127.0.0.1; default 0 (a free port, read from chopsticks' "RPC listening on" line). */
  readonly port?: number;
  /** `--db PATH` (sqlite): blocks and state survive a restart with `--resume`. Default: in memory. */
  readonly dbPath?: string;
  /** Append chopsticks' stdout and stderr to this file; default: discarded. */
  readonly logFile?: string;
  /** `LOG_LEVEL` of chopsticks' own logger; default `info`. */
  readonly logLevel?: ChopsticksLogLevel;
  /** `--runtime-log-level` (0 off … 5 trace). */
  readonly runtimeLogLevel?: number;
  /** Extra chopsticks flags. */
  readonly args?: readonly string[];
  /** Rejects when chopsticks has not answered by then; default 120 s (a 2-core machine compiles the runtime first). */
  readonly startTimeoutMs?: number;
  /** Aborting stops the process (during start too). */
  readonly signal?: AbortSignal;
}

/** A chopsticks child process serving one app chain. */
export interface RunningChopsticks {
  /** `ws://127.0.0.1:PORT` */
  readonly endpoint: string;
  /** `http://127.0.0.1:PORT` (the same server answers JSON-RPC over HTTP POST). */
  readonly httpUrl: string;
  readonly port: number;
  readonly pid: number;
  /** One JSON-RPC call over HTTP. */
  rpc(method: string, params?: readonly unknown[]): Promise<unknown>;
  /** SIGTERM by pid, SIGKILL after `graceMs` (default 5 s), then removes its temp dir; idempotent. */
  stop(graceMs?: number): Promise<void>;
}

export type ChopsticksErrorCode =
  /** The chopsticks CLI is not installed. */
  | 'CHOPSTICKS_NOT_FOUND'
  /** The process exited (or could not run) before it was ready. */
  | 'CHOPSTICKS_EXITED'
  /** No "RPC listening on" line within `startTimeoutMs`. */
  | 'CHOPSTICKS_START_TIMEOUT'
  /** It listens but could not build block #1 on the genesis (the runtime refused it: bad code, missing storage). */
  | 'CHOPSTICKS_GENESIS_FAILED'
  /** A JSON-RPC call answered with an error. */
  | 'CHOPSTICKS_RPC_ERROR'
  | 'ABORTED';

export class ChopsticksError extends Error {
  override readonly name = 'ChopsticksError';
  constructor(
    readonly code: ChopsticksErrorCode,
    message: string,
    /** The first 64 kB of chopsticks' output, when relevant. */
    readonly output: string = '',
    /** The child's pid when one was spawned (it is stopped before a start error is thrown). */
    readonly pid: number | undefined = undefined,
  ) {
    super(output === '' ? message : `${message}\n${output.length > 4_000 ? `…${output.slice(-4_000)}` : output}`);
  }
}

/** Path of the chopsticks CLI entry (`chopsticks.cjs`) inside the installed `@acala-network/chopsticks`. */
export function chopsticksCliPath(): string {
  try {
    const main = createRequire(import.meta.url).resolve('@acala-network/chopsticks');
    return join(dirname(main), '..', '..', 'chopsticks.cjs');
  } catch (cause) {
    throw new ChopsticksError('CHOPSTICKS_NOT_FOUND', `@acala-network/chopsticks is not installed (${String(cause)})`);
  }
}

const OUTPUT_LIMIT = 64_000;

/**
 * Starts the pinned chopsticks CLI (`node chopsticks.cjs`, no shell, no npx) as a child process,
 * fully offline: `--genesis FILE --build-block-mode Manual --host 127.0.0.1 --port 0`. Resolves
 * once it listens and its head is block #1 (chopsticks builds #1 itself when it starts from a
 * genesis). The child is not detached (a Ctrl-C of the parent's terminal reaches it too) and runs
 * in a temp working directory (chopsticks reads `.env` from its cwd); the `PORT` variable, which
 * would override `--port`, is removed from its environment.
 *
 * @example
 * const chopsticks = await startChopsticks({ genesis, logFile: '/tmp/app.log' });
 * try { await chopsticks.rpc('dev_newBlock', [{ transactions: [tx] }]); } finally { await chopsticks.stop(); }
 */
export async function startChopsticks(options: StartChopsticksOptions): Promise<RunningChopsticks> {
  const cli = chopsticksCliPath();
  if (options.signal?.aborted === true) throw new ChopsticksError('ABORTED', 'aborted before start');
  const workDir = mkdtempSync(join(tmpdir(), 'spindle-chopsticks-'));
  const removeWorkDir = (): void => rmSync(workDir, { recursive: true, force: true });
  let genesisPath: string;
  if (typeof options.genesis === 'string') {
    genesisPath = options.genesis;
  } else {
    genesisPath = join(workDir, 'genesis.json');
    writeFileSync(genesisPath, JSON.stringify(options.genesis));
  }
  const args = [cli, '--genesis', genesisPath, '--build-block-mode', 'Manual', '--host', '127.0.0.1', '--port', String(options.port ?? 0)];
  if (options.dbPath !== undefined) args.push('--db', options.dbPath);
  if (options.runtimeLogLevel !== undefined) args.push('--runtime-log-level', String(options.runtimeLogLevel));
  args.push(...(options.args ?? []));
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: options.logLevel ?? 'info' };
  delete env['PORT'];

  const child = spawn(process.execPath, args, { cwd: workDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) {
    removeWorkDir();
    throw new ChopsticksError('CHOPSTICKS_EXITED', 'chopsticks did not start');
  }
  const log = options.logFile === undefined ? undefined : createWriteStream(options.logFile, { flags: 'a' });
  let output = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      log?.end();
      resolve();
    });
  });
  // Keep draining both pipes for the whole life of the process: a full pipe would block chopsticks.
  const onData = (chunk: Buffer): void => {
    log?.write(chunk);
    if (output.length < OUTPUT_LIMIT) output += chunk.toString('utf8');
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 5_000): Promise<void> => {
    stopping ??= (async () => {
      options.signal?.removeEventListener('abort', onAbort);
      if (!exited) {
        signalPid(pid, 'SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const killed = new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            if (!exited) signalPid(pid, 'SIGKILL');
            resolve();
          }, graceMs);
        });
        await Promise.race([exit, killed]);
        clearTimeout(timer);
        await exit;
      }
      removeWorkDir();
    })();
    return stopping;
  };
  const onAbort = (): void => void stop();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new ChopsticksError('CHOPSTICKS_START_TIMEOUT', 'chopsticks printed no "RPC listening on" line'));
      }, options.startTimeoutMs ?? 120_000);
      const watch = (): void => {
        const match = /RPC listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (match !== null) {
          clearTimeout(timer);
          child.stdout.off('data', watch);
          resolve(Number(match[1]));
        }
      };
      child.stdout.on('data', watch);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new ChopsticksError('CHOPSTICKS_EXITED', `chopsticks failed to run: ${error.message}`));
      });
      void exit.then(() => {
        clearTimeout(timer);
        reject(new ChopsticksError('CHOPSTICKS_EXITED', `chopsticks exited (code ${child.exitCode}, signal ${child.signalCode})`));
      });
      options.signal?.addEventListener('abort', () => reject(new ChopsticksError('ABORTED', 'aborted while starting')), { once: true });
    });
    const httpUrl = `http://127.0.0.1:${port}`;
    const rpc = async (method: string, params: readonly unknown[] = []): Promise<unknown> => {
      const response = await fetch(httpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      });
      const body = (await response.json()) as { result?: unknown; error?: { message: string } };
      if (body.error !== undefined) throw new ChopsticksError('CHOPSTICKS_RPC_ERROR', `${method}: ${body.error.message}`);
      return body.result;
    };
    const header = (await rpc('chain_getHeader').catch((error: unknown) => {
      if (!(error instanceof ChopsticksError)) throw error;
      throw new ChopsticksError('CHOPSTICKS_GENESIS_FAILED', `chopsticks cannot serve the genesis chain (${error.message})`);
    })) as { number: string } | null;
    if (header === null || BigInt(header.number) < 1n) {
      throw new ChopsticksError('CHOPSTICKS_GENESIS_FAILED', `chopsticks could not build block #1 on the genesis (head ${header?.number})`);
    }
    return { endpoint: `ws://127.0.0.1:${port}`, httpUrl, port, pid, rpc, stop };
  } catch (error) {
    await stop(1_000);
    if (error instanceof ChopsticksError) throw new ChopsticksError(error.code, error.message, output, pid);
    throw new ChopsticksError('CHOPSTICKS_RPC_ERROR', `chopsticks did not answer: ${String(error)}`, output, pid);
  }
}

/** Signals chopsticks by pid (it runs its executor in worker threads, not in child processes). */
function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}
