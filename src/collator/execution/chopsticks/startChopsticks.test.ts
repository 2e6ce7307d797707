import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ChopsticksError, startChopsticks } from './startChopsticks.ts';

const dir = mkdtempSync(join(tmpdir(), 'spindle-chopsticks-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

test('error: a missing genesis file makes chopsticks exit (CHOPSTICKS_EXITED), no process left', async () => {
  await assert.rejects(startChopsticks({ genesis: join(dir, 'missing.json') }), (e: unknown) => {
    assert.ok(e instanceof ChopsticksError);
    assert.equal(e.code, 'CHOPSTICKS_EXITED');
    assert.match(e.output, /ENOENT/);
    assert.ok(e.pid !== undefined && isGone(e.pid));
    return true;
  });
});

test('error: a runtime that cannot build block #1 is CHOPSTICKS_GENESIS_FAILED, the process is stopped, the log kept', async () => {
  const logFile = join(dir, 'bad-runtime.log');
  // An empty wasm module: chopsticks listens, but building #1 on it fails.
  const genesis = { id: 'bad', name: 'bad', properties: {}, genesis: { raw: { top: { '0x3a636f6465': '0x0061736d01000000' } } } } as const;
  await assert.rejects(startChopsticks({ genesis, logFile }), (e: unknown) => {
    assert.ok(e instanceof ChopsticksError);
    assert.equal(e.code, 'CHOPSTICKS_GENESIS_FAILED');
    assert.ok(e.pid !== undefined && isGone(e.pid));
    return true;
  });
  const { readFileSync } = await import('node:fs');
  assert.match(readFileSync(logFile, 'utf8'), /RPC listening on/);
});

test('args: an aborted signal refuses to start', async () => {
  await assert.rejects(
    startChopsticks({ genesis: join(dir, 'unused.json'), signal: AbortSignal.abort() }),
    (e: unknown) => e instanceof ChopsticksError && e.code === 'ABORTED',
  );
});
