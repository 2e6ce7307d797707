import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const BIN = fileURLToPath(new URL('./spindle.mjs', import.meta.url));
const run = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
};

describe('spindle export-genesis-head / export-genesis-state', { timeout: 60_000 }, () => {
  it('behavior: prints the genesis head of a registered para: its id, block 0, empty roots', async () => {
    const { code, stdout } = await run('export-genesis-head', '--chain', 'dev', '--para-id', '200');
    assert.equal(code, 0);
    const hex = stdout.trim();
    assert.match(hex, /^0x[0-9a-f]+$/);
    const bytes = Buffer.from(hex.slice(2), 'hex');
    assert.equal(bytes.readUInt32LE(0), 200, 'para id first');
    assert.equal(bytes.readBigUInt64LE(4), 0n, 'block number 0');
    const state = await run('export-genesis-state', '--chain', 'dev', '--para-id', '200');
    assert.equal(state.stdout, stdout, 'export-genesis-state is the same head (zombienet asks for either)');
  });

  it('error: an unregistered para or a missing --para-id is refused with exit code 2 and the registered ids', async () => {
    const unknown = await run('export-genesis-head', '--chain', 'local', '--para-id', '300');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /para 300 is not registered in the chain spec "spindle_local" \(registered: 100, 200\)/);
    const missing = await run('export-genesis-state', '--chain', 'dev');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--para-id is required/);
  });
});
