import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SPINDLE = fileURLToPath(new URL('../src/cli/spindle.mjs', import.meta.url));
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/** Runs `spindle test FILE` as a user would; resolves with its exit code and output. */
function spindleTest(file: string, limitMs = 240_000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SPINDLE, 'test', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), limitMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function launchedPids(out: string): number[] {
  const m = /Network: \d+ nodes[^,]*, pids ([\d, ]+)/.exec(out);
  assert.ok(m, `the run names its pids:\n${out}`);
  return m[1]!.split(',').map((p) => Number(p.trim()));
}

describe('spindle test (zombienet-style DSL)', { timeout: 600_000 }, () => {
  it('behavior: e2e/tests/0001-smoke.zndsl passes end to end and leaves no process behind', async () => {
    const { code, out } = await spindleTest(here('./tests/0001-smoke.zndsl'));
    assert.equal(code, 0, out);
    assert.match(out, /11 passed, 0 failed/);
    const pids = launchedPids(out);
    assert.equal(pids.length, 5);
    for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} still running`);
  });

  it('behavior: e2e/tests/0004-paras-and-anchoring.zndsl (4 validators, 2 collators, anvil) passes and leaves no process behind', async () => {
    const { code, out } = await spindleTest(here('./tests/0004-paras-and-anchoring.zndsl'));
    assert.equal(code, 0, out);
    assert.match(out, /Network: 4 nodes \+ 2 collators \+ L1, pids/);
    assert.match(out, /14 passed, 0 failed/);
    const pids = launchedPids(out);
    assert.equal(pids.length, 7, 'anvil, 4 nodes, 2 collators');
    for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} still running`);
  });

  it('error: a false assertion fails with the line, node and observed value, and tears down', async () => {
    const { code, out } = await spindleTest(here('./tests/0003-false-assertion.zndsl'));
    assert.equal(code, 1, out);
    assert.match(out, /line 7 \(alice\).*observed: finalised height \d+/);
    for (const pid of launchedPids(out)) assert.equal(alive(pid), false);
  });

  it('error: malformed DSL and TOML are rejected before anything starts, with the line number', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spindle-zndsl-'));
    try {
      await writeFile(join(dir, 'bad.toml'), '[relaychain]\nchain = "local"\n[[relaychain.nodes]]\nname = \n');
      await writeFile(join(dir, 'uses-bad-toml.zndsl'), 'Description: x\nNetwork: ./bad.toml\nCreds: config\n\nalice: is up\n');
      await writeFile(join(dir, 'bad.zndsl'), `Description: x\nNetwork: ${here('./networks/local.toml')}\nCreds: config\n\nalice: is up\nalice: reports something odd\n`);
      const badDsl = await spindleTest(join(dir, 'bad.zndsl'));
      assert.equal(badDsl.code, 2, badDsl.out);
      assert.match(badDsl.out, /bad\.zndsl:6/);
      assert.doesNotMatch(badDsl.out, /Network: \d+ nodes/);
      const badToml = await spindleTest(join(dir, 'uses-bad-toml.zndsl'));
      assert.equal(badToml.code, 2, badToml.out);
      assert.match(badToml.out, /line 4|:4/);
      assert.doesNotMatch(badToml.out, /Network: \d+ nodes/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
