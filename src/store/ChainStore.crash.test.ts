import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { bytesEqual } from './bytes.ts';
import { ChainStore } from './ChainStore.ts';
import { crashBlock, crashBlockHash, crashBlockNumber } from './crashBlock.fixture.ts';
import { LmdbKeyValueStore } from './LmdbKeyValueStore.ts';
import { StoreError } from './StoreError.ts';
import { withTempDir } from './storeTestDirs.fixture.ts';

const WRITER = fileURLToPath(new URL('./crashWriter.fixture.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Failure guard only (a hung child); the test itself waits for the child's output, not for time. */
const GUARD = { timeout: 120_000 };

interface Writer {
  child: ChildProcess;
  /** Highest number the child reported durable so far. */
  lastReported(): bigint;
  /** Resolves once the child has reported at least n; rejects if it exits first. */
  reported(n: bigint): Promise<void>;
  /** Resolves when the child has exited and all of its output was read. */
  finished: Promise<void>;
}

function startWriter(dir: string): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let last = -1n;
  let stderr = '';
  const waiters: Array<{ n: bigint; resolve(): void; reject(e: Error): void }> = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    const n = BigInt(line.trim());
    if (n > last) last = n;
    for (const w of waiters.filter((w) => last >= w.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const finished = Promise.all([once(child, 'exit'), once(lines, 'close')]).then(() => {
    for (const w of waiters.splice(0)) {
      w.reject(new Error(`writer exited (${child.exitCode ?? child.signalCode}) after reporting ${last}; stderr:\n${stderr}`));
    }
  });
  return {
    child,
    lastReported: () => last,
    reported: (n) =>
      last >= n
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            if (child.exitCode !== null || child.signalCode !== null) reject(new Error(`writer already exited; stderr:\n${stderr}`));
            else waiters.push({ n, resolve, reject });
          }),
    finished,
  };
}

function killByPid(child: ChildProcess): void {
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
}

test('behavior: after SIGKILL mid-stream, the reopened store holds every block up to best, complete, and nothing half-written', GUARD, () =>
  withTempDir(async (dir) => {
    const writer = startWriter(dir);
    try {
      await writer.reported(30n);
      killByPid(writer.child);
      await writer.finished;
    } finally {
      killByPid(writer.child);
    }
    assert.equal(writer.child.signalCode, 'SIGKILL');
    const reported = writer.lastReported();

    const chain = new ChainStore(LmdbKeyValueStore.open(dir));
    try {
      const best = chain.bestHash();
      assert.ok(best !== undefined, 'best pointer exists');
      const bestHeader = chain.header(best);
      assert.ok(bestHeader !== undefined, 'best header exists');
      const bestNumber = crashBlockNumber(bestHeader);
      assert.ok(bestNumber >= reported, `best ${bestNumber} >= last reported durable ${reported}`);
      assert.ok(bytesEqual(best, crashBlockHash(bestNumber)));
      assert.deepEqual(chain.finalizedHash(), best);
      assert.deepEqual(chain.genesisHash(), crashBlockHash(0n));

      for (let n = 0n; n <= bestNumber; n++) {
        const b = crashBlock(n);
        const at = `block ${n}`;
        assert.deepEqual(chain.hashAt(n), b.hash, `${at}: canonical index`);
        assert.deepEqual(chain.header(b.hash), b.header, `${at}: header`);
        assert.deepEqual(chain.body(b.hash), b.body, `${at}: body`);
        assert.deepEqual(chain.justifications(b.hash), b.justifications, `${at}: justifications`);
        for (const [nodeHash, node] of b.stateNodes) assert.deepEqual(chain.stateNodes.getNode(nodeHash), node, `${at}: state node`);
        b.extrinsicHashes.forEach((xt, index) => assert.deepEqual(chain.txLocation(xt), { blockHash: b.hash, index }, `${at}: tx ${index}`));
      }
      // The commit that was cut off left nothing behind: not its header, index entry, nor any state node.
      const next = crashBlock(bestNumber + 1n);
      assert.equal(chain.hashAt(next.number), undefined);
      assert.equal(chain.header(next.hash), undefined);
      assert.ok(next.stateNodes.every(([nodeHash]) => chain.stateNodes.getNode(nodeHash) === undefined));
    } finally {
      await chain.close();
    }
  }));

test('error: a store held by another live process cannot be opened (OPEN_FAILED); it can once that process is gone', GUARD, () =>
  withTempDir(async (dir) => {
    const writer = startWriter(dir);
    try {
      await writer.reported(1n);
      assert.throws(
        () => LmdbKeyValueStore.open(dir),
        (e: unknown) => e instanceof StoreError && e.code === 'OPEN_FAILED' && e.message.includes(String(writer.child.pid)),
      );
      killByPid(writer.child);
      await writer.finished;
    } finally {
      killByPid(writer.child);
    }
    const kv = LmdbKeyValueStore.open(dir);
    await kv.close();
  }));
