import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./collatorProcess.fixture.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** A collator child process (see collatorProcess.fixture.ts), stopped or killed by its pid. */
export interface CollatorChild {
  readonly pid: number;
  /** Resolves with the RPC port once the collator runs; rejects if the process exits first. */
  readonly ready: Promise<number>;
  /** Resolves with the exit signal (e.g. SIGKILL) or code once the process is gone. */
  readonly exited: Promise<string>;
  /** The `{"sequenced":…}` lines printed so far. */
  sequenced(): { sequenced: number; block: number; txHash: string }[];
  output(): string;
  kill9(): Promise<void>;
  /** SIGTERM (a clean stop), SIGKILL after 15 s. Safe when already gone. */
  stop(): Promise<void>;
}

export function startCollatorChild(config: { relayUrl: string; dataDir: string; paraId: number; suri: string; crashAt?: 'record' | 'send' }): CollatorChild {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, JSON.stringify(config)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
  const ready = new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const m = /\{"rpcPort":(\d+)\}/.exec(stdout);
      if (m !== null) resolve(Number(m[1]));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    void exited.then((how) => reject(new Error(`collator exited (${how}) before running; stderr:\n${stderr.slice(-3000)}`)));
  });
  ready.catch(() => undefined);
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;
  return {
    pid: child.pid!,
    ready,
    exited,
    sequenced: () =>
      stdout
        .split('\n')
        .filter((l) => l.startsWith('{"sequenced"'))
        .map((l) => JSON.parse(l) as { sequenced: number; block: number; txHash: string }),
    output: () => `${stdout}\n${stderr}`,
    kill9: async () => {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (!gone()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
