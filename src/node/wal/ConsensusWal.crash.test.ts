import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTempDir, LmdbKeyValueStore } from '../../store/index.ts';
import { ConsensusWal } from './ConsensusWal.ts';
import type { OwnVote, OwnVoteEntry } from './WalEntry.ts';
import { WalError } from './WalError.ts';

const WRITER = fileURLToPath(new URL('./walWriter.fixture.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Failure guard only (a hung child); the test waits for the child's output, never for time. */
const GUARD = { timeout: 120_000 };
const WANT_PRINTED = 20;

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
}

function parseLine(line: string): OwnVote {
  const [height, round, step, blockHash, signed] = line.trim().split(' ');
  assert.ok(height !== undefined && round !== undefined && blockHash !== undefined && signed !== undefined, `line ${line}`);
  assert.ok(step === 'prevote' || step === 'precommit', `step in ${line}`);
  return { height: BigInt(height), round: Number(round), step, blockHash: blockHash === 'nil' ? null : fromHex(blockHash), signed: fromHex(signed) };
}

function killByPid(child: ChildProcess): void {
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
}

/** Starts the writer; `printed` resolves with the votes it reported once there are at least `n`, and rejects if it exits first. */
function startWriter(dir: string, n: number): { child: ChildProcess; printed: Promise<OwnVote[]>; votes: OwnVote[]; finished: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const votes: OwnVote[] = [];
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout! });
  const finished = Promise.all([once(child, 'exit'), once(lines, 'close')]).then(() => undefined);
  const printed = new Promise<OwnVote[]>((resolve, reject) => {
    lines.on('line', (line) => {
      votes.push(parseLine(line));
      if (votes.length >= n) resolve(votes);
    });
    void finished.then(() => reject(new Error(`writer exited (${child.exitCode ?? child.signalCode}) after ${votes.length} votes; stderr:\n${stderr}`)));
  });
  return { child, printed, votes, finished };
}

test('behavior: after SIGKILL mid-stream, every printed own vote is in the reopened WAL and no conflicting vote can be recorded for it', GUARD, async () => {
  const tmp = await createTempDir('spindle-wal-crash-');
  try {
    const writer = startWriter(tmp.path, WANT_PRINTED);
    try {
      await writer.printed;
      killByPid(writer.child);
      await writer.finished;
    } finally {
      killByPid(writer.child);
    }
    assert.equal(writer.child.signalCode, 'SIGKILL');
    const printed = writer.votes; // every line read before the child died, possibly more than WANT_PRINTED
    assert.ok(printed.length >= WANT_PRINTED);

    const kv = LmdbKeyValueStore.open(tmp.path);
    try {
      const wal = new ConsensusWal(kv);
      const replayed = wal.replay(1n); // decodes every entry: nothing half-written
      const stored = replayed.filter((e): e is OwnVoteEntry => e.kind === 'ownVote');
      // The log holds the writer's votes in order, with no gap: all printed ones, plus at most the one in flight.
      assert.ok(stored.length === printed.length || stored.length === printed.length + 1, `${stored.length} stored, ${printed.length} printed`);
      printed.forEach((v, i) => assert.deepEqual(stored[i], { kind: 'ownVote', ...v }, `printed vote ${i}`));
      // The writer awaited each write, so the durable log is a prefix of input, prevote, precommit, input, …
      assert.deepEqual(
        replayed.map((e) => e.kind),
        replayed.map((_, i) => (i % 3 === 0 ? 'input' : 'ownVote')),
      );

      for (const v of printed) {
        const at = `height ${v.height} round ${v.round} ${v.step}`;
        // The same vote re-recorded after the restart returns the signature sent before the crash.
        assert.deepEqual(await wal.recordOwnVote({ ...v, signed: new Uint8Array(64) }), v.signed, `${at}: same signature`);
        const other = v.blockHash === null ? new Uint8Array(32).fill(0xee) : null;
        await assert.rejects(
          wal.recordOwnVote({ ...v, blockHash: other, signed: new Uint8Array(64).fill(1) }),
          (e: unknown) => e instanceof WalError && e.data.code === 'DOUBLE_SIGN' && e.data.existing.round === v.round,
          `${at}: conflicting vote refused`,
        );
      }
      // The sequence continues after the crash: a new input sorts after everything stored.
      await wal.append({ kind: 'input', height: 1n, data: Uint8Array.of(0x42) });
      assert.deepEqual(wal.replay(1n).at(-1), { kind: 'input', height: 1n, data: Uint8Array.of(0x42) });
      assert.equal(wal.replay(1n).length, replayed.length + 1);
    } finally {
      await kv.close();
    }
  } finally {
    await tmp.remove();
  }
});
