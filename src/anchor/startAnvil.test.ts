import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AnvilError, startAnvil, type RunningAnvil } from './startAnvil.ts';

let anvil: RunningAnvil;

before(async () => {
  anvil = await startAnvil({ chainId: 31337 });
});

after(async () => {
  await anvil.stop();
});

async function rpc(method: string, params: readonly unknown[] = [], rpcUrl = anvil.rpcUrl): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return ((await response.json()) as { result: unknown }).result;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('behavior: anvil answers eth_chainId on a loopback port', async () => {
  assert.match(anvil.rpcUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(anvil.port, 0);
  assert.equal(await rpc('eth_chainId'), '0x7a69');
});

test('behavior: snapshot and revert restore the chain height', async () => {
  const id = await anvil.snapshot();
  const before = await rpc('eth_blockNumber');
  await rpc('anvil_mine', ['0x3']);
  assert.equal(BigInt(String(await rpc('eth_blockNumber'))), BigInt(String(before)) + 3n);
  assert.equal(await anvil.revert(id), true);
  assert.equal(await rpc('eth_blockNumber'), before);
});

test('behavior: stop ends the process and is idempotent', async () => {
  const other = await startAnvil();
  assert.ok(isAlive(other.pid));
  await other.stop();
  await other.stop();
  assert.equal(isAlive(other.pid), false);
  await assert.rejects(fetch(other.rpcUrl));
});

test('behavior: --state dumps the chain on stop and loads it on the next start', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spindle-anvil-state-'));
  const statePath = join(dir, 'state.json');
  try {
    const first = await startAnvil({ statePath });
    await rpc('anvil_mine', ['0x5'], first.rpcUrl);
    await first.stop();
    assert.ok(existsSync(statePath));
    const second = await startAnvil({ statePath });
    try {
      assert.equal(BigInt(String(await rpc('eth_blockNumber', [], second.rpcUrl))), 5n);
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('error: a bad flag rejects with ANVIL_EXITED', async () => {
  await assert.rejects(startAnvil({ args: ['--no-such-flag'] }), (error: unknown) => {
    assert.ok(error instanceof AnvilError);
    assert.equal(error.code, 'ANVIL_EXITED');
    return true;
  });
});
