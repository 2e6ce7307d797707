import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../node/Logger.ts';
import { dslNetworkOf } from './dslNetworkOf.ts';
import { endpointTable } from './endpointTable.ts';
import type { LaunchedNetwork } from './LaunchedNetwork.ts';
import { LaunchError } from './LaunchError.ts';
import { NetworkLauncher } from './NetworkLauncher.ts';
import { parseNetworkToml } from './parseNetworkToml.ts';

const SPINDLE_BIN = fileURLToPath(new URL('../cli/spindle.mjs', import.meta.url));
const NETWORKS = fileURLToPath(new URL('../../e2e/networks/', import.meta.url));
const WAIT_MS = 90_000;

async function rpc<T>(httpUrl: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }), signal: AbortSignal.timeout(5000) });
  const body = (await res.json()) as { result: T };
  return body.result;
}

async function finalizedHeight(httpUrl: string): Promise<bigint> {
  const hash = await rpc<string>(httpUrl, 'chain_getFinalizedHead');
  const header = await rpc<{ number: string }>(httpUrl, 'chain_getHeader', [hash]);
  return BigInt(header.number);
}

/** Polls `check` until true; fails after `timeoutMs` (a bound, not a speed assumption). */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) assert.fail(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function assertGone(pid: number): void {
  assert.throws(() => process.kill(pid, 0), (e: NodeJS.ErrnoException) => e.code === 'ESRCH', `pid ${pid} is still alive`);
}

function procState(pid: number): Promise<string> {
  // /proc/PID/stat: "pid (comm) STATE …"
  return readFile(`/proc/${pid}/stat`, 'utf8').then((s) => s.slice(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3));
}

describe('NetworkLauncher', () => {
  it('error: a file with collators and [l1] is refused before anything starts', async () => {
    const def = parseNetworkToml(await readFile(`${NETWORKS}local-paras.toml`, 'utf8'), 'local-paras.toml');
    const runDir = join(tmpdir(), `spindle-never-${process.pid}`);
    await assert.rejects(new NetworkLauncher().launch(def, { spindleBin: SPINDLE_BIN, logger: silentLogger(), runDir }), (e: unknown) => {
      assert.ok(e instanceof LaunchError);
      assert.equal(e.code, 'NOT_YET_SUPPORTED');
      assert.equal(e.data.unsupported?.length, 4);
      assert.match(e.message, /collator "collator-2000-b"/);
      assert.match(e.message, /\[l1\] anvil \+ deploy_contract is not yet supported/);
      return true;
    });
    await assert.rejects(access(runDir), 'no run directory was created');
  });

  it('error: a node that exits at start tears the whole network down', async () => {
    const runDir = await mkdtemp(join(tmpdir(), 'spindle-net-fail-'));
    after(() => rm(runDir, { recursive: true, force: true }));
    const def = parseNetworkToml(
      `[relaychain]\n[[relaychain.nodes]]\nname = "alice"\n[[relaychain.nodes]]\nname = "broken"\nvalidator = false\nargs = ["--no-such-flag"]\n`,
      'fail.toml',
    );
    let failure: unknown;
    await new NetworkLauncher().launch(def, { spindleBin: SPINDLE_BIN, logger: silentLogger(), runDir, readyTimeoutMs: WAIT_MS, stopGraceMs: 5000 }).catch((e: unknown) => (failure = e));
    assert.ok(failure instanceof LaunchError, String(failure));
    assert.equal(failure.code, 'NODE_EXITED');
    assert.equal(failure.data.node, 'broken');
    assert.match(failure.data.logTail ?? '', /no-such-flag/);
    assert.equal(failure.data.pids?.length, 2);
    for (const pid of failure.data.pids ?? []) assertGone(pid);
    assert.ok((await readFile(join(runDir, 'broken.log'), 'utf8')).includes('no-such-flag'), 'the log stays in a given run directory');
  });

  describe('behavior: local.toml (its 4 validators) launches, finalizes, and stops with no process left', () => {
    let net: LaunchedNetwork | undefined;
    after(() => net?.stop());

    it('launches, every node finalizes height ≥ 2; pause/resume/restart act on one pid; stop leaves no process', async () => {
      const full = parseNetworkToml(await readFile(`${NETWORKS}local.toml`, 'utf8'), 'local.toml');
      const def = { ...full, relaychain: { ...full.relaychain, nodes: full.relaychain.nodes.filter((n) => n.validator) } };
      net = await new NetworkLauncher().launch(def, { spindleBin: SPINDLE_BIN, logger: silentLogger(), readyTimeoutMs: WAIT_MS, stopGraceMs: 10_000 });
      const nodes = net.nodes();
      assert.deepEqual(nodes.map((n) => n.name), ['alice', 'bob', 'charlie', 'dave']);
      assert.equal(new Set(nodes.map((n) => n.peerId)).size, 4);
      for (const n of nodes) {
        assert.ok(n.running && n.pid > 0 && n.validator);
        assert.equal(n.multiaddr, `/ip4/127.0.0.1/tcp/${n.p2pPort}/p2p/${n.peerId}`);
        assert.equal(n.wsUrl, `ws://127.0.0.1:${n.rpcPort}`);
      }
      const table = endpointTable(nodes, net.runDir);
      assert.ok(table.includes(`https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A${nodes[0]!.rpcPort}#/explorer`));

      await until('every node finalized height 2', async () => (await Promise.all(nodes.map((n) => finalizedHeight(n.httpUrl)))).every((h) => h >= 2n));

      const dave = net.node('dave');
      net.pause('dave');
      assert.equal(await procState(dave.pid), 'T');
      assert.equal(net.node('dave').paused, true);
      await dslNetworkOf(net).resume('dave');
      assert.notEqual(await procState(dave.pid), 'T');

      const restarted = await net.restart('dave');
      assert.notEqual(restarted.pid, dave.pid);
      assertGone(dave.pid);
      assert.equal(restarted.peerId, dave.peerId);
      const before = await finalizedHeight(net.node('alice').httpUrl);
      await until('restarted dave catches up', async () => (await finalizedHeight(restarted.httpUrl)) >= before);

      await net.kill('bob');
      assert.equal(net.node('bob').running, false);
      await assert.rejects(Promise.resolve().then(() => net!.pause('bob')), (e: unknown) => e instanceof LaunchError && e.code === 'NOT_RUNNING');

      const pids = net.pids();
      assert.equal(pids.length, 5, 'four starts and one restart');
      const runDir = net.runDir;
      await net.stop();
      await net.stop(); // idempotent
      for (const pid of pids) assertGone(pid);
      await assert.rejects(access(runDir), 'the temp run directory is removed');
      assert.throws(() => net!.node('nobody'), (e: unknown) => e instanceof LaunchError && e.code === 'UNKNOWN_NODE');
    });
  });
});
