import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SPINDLE_BIN = fileURLToPath(new URL('../cli/spindle.mjs', import.meta.url));
const NETWORKS = fileURLToPath(new URL('../../e2e/networks/', import.meta.url));
const BOUND_MS = 120_000;

interface Run {
  readonly output: () => string;
  readonly exited: Promise<number | null>;
  readonly pid: number;
  readonly waitFor: (re: RegExp) => Promise<void>;
}

function runSpindle(args: readonly string[]): Run {
  const child = spawn(process.execPath, [SPINDLE_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), BOUND_MS);
  void exited.then(() => clearTimeout(timer));
  return {
    output: () => out,
    exited,
    pid: child.pid!,
    waitFor: async (re) => {
      const deadline = Date.now() + BOUND_MS;
      while (!re.test(out)) {
        if (child.exitCode !== null || Date.now() > deadline) assert.fail(`never printed ${re}:\n${out}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
  };
}

describe('spindle launch', () => {
  it('args: help lists the command; no file and a missing file exit 2', async () => {
    const help = runSpindle(['--help']);
    assert.equal(await help.exited, 0);
    assert.match(help.output(), /^ {2}launch +Start a local network/m);
    const none = runSpindle(['launch']);
    assert.equal(await none.exited, 2);
    assert.match(none.output(), /expected exactly one network file/);
    const missing = runSpindle(['launch', '/nonexistent/net.toml']);
    assert.equal(await missing.exited, 2);
    assert.match(missing.output(), /cannot read \/nonexistent\/net\.toml/);
  });

  it('behavior: a collator and [l1] are listed in the table; SIGINT stops them, anvil and the node, exit 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spindle-launch-paras-'));
    try {
      const file = join(dir, 'paras.toml');
      await writeFile(file, '[relaychain]\nchain = "dev"\ndefault_args = ["--block-time 500"]\n[[relaychain.nodes]]\nname = "alice"\n[[parachains]]\nid = 200\n[parachains.collator]\nname = "collator-200"\n[l1]\nanvil = true\ndeploy_contract = true\n');
      const run = runSpindle(['launch', file]);
      await run.waitFor(/Press Ctrl-C to stop\./);
      const out = run.output();
      const pids = [/\(validator, pid (\d+)\)/, /Collator +collator-200 \(para 200, executes: reference, pid (\d+)\)/, /L1 +anvil \(chain id 31337, pid (\d+)\)/].map((re) => {
        const m = re.exec(out);
        assert.ok(m, `${re} in:\n${out}`);
        return Number(m[1]);
      });
      assert.match(out, /Anchor contract +0x[0-9a-fA-F]{40}/);
      assert.match(out, /RPC \(http\) +http:\/\/127\.0\.0\.1:\d+/);
      process.kill(run.pid, 'SIGINT');
      assert.equal(await run.exited, 0, run.output());
      for (const pid of pids) assert.throws(() => process.kill(pid, 0), (e: NodeJS.ErrnoException) => e.code === 'ESRCH', `pid ${pid} outlived the launcher`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('behavior: crash.toml launches, prints the table, and on SIGINT stops every node and exits 0', async () => {
    const run = runSpindle(['launch', `${NETWORKS}crash.toml`]);
    await run.waitFor(/Press Ctrl-C to stop\./);
    const pids = [...run.output().matchAll(/\(validator, pid (\d+)\)/g)].map((m) => Number(m[1]));
    assert.equal(pids.length, 4);
    assert.match(run.output(), /https:\/\/polkadot\.js\.org\/apps\/\?rpc=ws%3A%2F%2F127\.0\.0\.1%3A\d+#\/explorer/);
    process.kill(run.pid, 'SIGINT');
    assert.equal(await run.exited, 0, run.output());
    for (const pid of pids) assert.throws(() => process.kill(pid, 0), (e: NodeJS.ErrnoException) => e.code === 'ESRCH', `pid ${pid} outlived the launcher`);
  });
});
