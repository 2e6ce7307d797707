import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Starts the real anvil binary shipped in `@foundry-rs/anvil-<os>-<arch>` on a free
 * 127.0.0.1 port (`--port 0`; the port is read from anvil's "Listening on" line) and
 * resolves once `eth_chainId` answers.
 *
 * @example
 * const anvil = await startAnvil();
 * try { … viem clients on anvil.rpcUrl … } finally { await anvil.stop(); }
 */
export interface StartAnvilOptions {
  readonly chainId?: number;
  /** `--port P` on 127.0.0.1; default 0 (a free port). Restarting on a known port keeps clients' URLs valid. */
  readonly port?: number;
  /** `--state PATH`: load the state from PATH if it exists and dump it there on exit. */
  readonly statePath?: string;
  /** `--block-time SECONDS`; default: mine on every transaction. */
  readonly blockTime?: number;
  /** Append anvil's stdout and stderr to this file; default: discarded. */
  readonly logFile?: string;
  /** Extra anvil flags. */
  readonly args?: readonly string[];
  /** Rejects when anvil has not answered by then; default 60 s. */
  readonly startTimeoutMs?: number;
}

export interface RunningAnvil {
  readonly rpcUrl: string;
  readonly port: number;
  readonly pid: number;
  /** `evm_snapshot`: returns the snapshot id. */
  snapshot(): Promise<string>;
  /** `evm_revert` to a snapshot id; true if anvil reverted. */
  revert(snapshotId: string): Promise<boolean>;
  /** SIGTERM by pid, SIGKILL after `graceMs` (default 5 s); idempotent. */
  stop(graceMs?: number): Promise<void>;
}

export type AnvilErrorCode = 'ANVIL_NOT_FOUND' | 'ANVIL_EXITED' | 'ANVIL_START_TIMEOUT' | 'ANVIL_RPC_ERROR';

export class AnvilError extends Error {
  constructor(
    readonly code: AnvilErrorCode,
    message: string,
    readonly output: string = '',
  ) {
    super(output === '' ? message : `${message}\n${output}`);
    this.name = 'AnvilError';
  }
}

/** Path of the anvil binary inside the installed npm package for this platform. */
export function anvilBinaryPath(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}`;
  try {
    const manifest = createRequire(import.meta.url).resolve(`${pkg}/package.json`);
    return join(dirname(manifest), 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil');
  } catch (cause) {
    throw new AnvilError('ANVIL_NOT_FOUND', `${pkg} is not installed (${String(cause)})`);
  }
}

export async function startAnvil(options: StartAnvilOptions = {}): Promise<RunningAnvil> {
  const args = ['--host', '127.0.0.1', '--port', String(options.port ?? 0)];
  if (options.chainId !== undefined) args.push('--chain-id', String(options.chainId));
  if (options.statePath !== undefined) args.push('--state', options.statePath);
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));
  args.push(...(options.args ?? []));

  const child = spawn(anvilBinaryPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new AnvilError('ANVIL_EXITED', 'anvil did not start');
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

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new AnvilError('ANVIL_START_TIMEOUT', 'anvil printed no "Listening on" line', output));
    }, options.startTimeoutMs ?? 60_000);
    const onData = (chunk: Buffer): void => {
      log?.write(chunk);
      if (output.length < 64_000) output += chunk.toString('utf8');
      const match = /Listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new AnvilError('ANVIL_EXITED', `anvil failed to run: ${error.message}`, output));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new AnvilError('ANVIL_EXITED', `anvil exited (code ${code}, signal ${signal})`, output));
    });
  }).catch(async (error: unknown) => {
    if (!exited) {
      process.kill(pid, 'SIGKILL');
      await exit;
    }
    throw error;
  });

  const rpcUrl = `http://127.0.0.1:${port}`;
  const rpc = async (method: string, params: readonly unknown[] = []): Promise<unknown> => {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const body = (await response.json()) as { result?: unknown; error?: { message: string } };
    if (body.error !== undefined) throw new AnvilError('ANVIL_RPC_ERROR', `${method}: ${body.error.message}`);
    return body.result;
  };

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 5_000): Promise<void> => {
    stopping ??= (async () => {
      if (exited) return;
      process.kill(pid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const killed = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          if (!exited) process.kill(pid, 'SIGKILL');
          resolve();
        }, graceMs);
      });
      await Promise.race([exit, killed]);
      clearTimeout(timer);
      await exit;
    })();
    return stopping;
  };

  try {
    await rpc('eth_chainId');
  } catch (error) {
    await stop();
    throw error;
  }
  // Keep draining the pipes so anvil never blocks on a full stdout.
  return {
    rpcUrl,
    port,
    pid,
    snapshot: async () => String(await rpc('evm_snapshot')),
    revert: async (snapshotId) => (await rpc('evm_revert', [snapshotId])) === true,
    stop,
  };
}
