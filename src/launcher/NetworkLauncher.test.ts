import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../node/Logger.ts';
import { parseZndsl } from './dsl/parseZndsl.ts';
import { runZndsl } from './dsl/runZndsl.ts';
import { dslNetworkOf } from './dslNetworkOf.ts';
import { endpointTable } from './endpointTable.ts';
import type { LaunchedNetwork } from './LaunchedNetwork.ts';
import { LaunchError } from './LaunchError.ts';
import { NetworkLauncher } from './NetworkLauncher.ts';
import { parseNetworkToml } from './parseNetworkToml.ts';

const SPINDLE_BIN = fileURLToPath(new URL('../cli/spindle.mjs', import.meta.url));
const NETWORKS = fileURLToPath(new URL('../../e2e/networks/', import.meta.url));
const KV_TRAFFIC = fileURLToPath(new URL('../../e2e/tests/kv-traffic.ts', import.meta.url));
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
  it('error: deploy_contract over a raw chain spec is refused before anything starts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spindle-raw-spec-'));
    after(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'raw.json'), JSON.stringify({ name: 'raw', id: 'raw', genesis: { raw: { top: {}, childrenDefault: {} } } }));
    const def = parseNetworkToml('[relaychain]\nchain_spec_path = "raw.json"\n[[relaychain.nodes]]\nname = "alice"\n[l1]\nanvil = true\ndeploy_contract = true\n', join(dir, 'net.toml'));
    const runDir = join(dir, 'run');
    await assert.rejects(new NetworkLauncher().launch(def, { spindleBin: SPINDLE_BIN, logger: silentLogger(), runDir }), (e: unknown) => {
      assert.ok(e instanceof LaunchError, String(e));
      assert.equal(e.code, 'L1_FAILED');
      assert.match(e.message, /raw\.json is a raw chain spec: deploy_contract needs one with genesis\.runtimeGenesis/);
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
      // SIGSTOP is delivered asynchronously: wait for the state to show it.
      await until('dave is stopped (state T)', async () => (await procState(dave.pid)) === 'T', 10_000);
      assert.equal(net.node('dave').paused, true);
      await dslNetworkOf(net).resume('dave');
      await until('dave runs again', async () => (await procState(dave.pid)) !== 'T', 10_000);

      await net.restart('dave');
      const restarted = net.node('dave');
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

describe('NetworkLauncher: a relay node, a reference collator and an L1 with the anchor contract', { timeout: 300_000 }, () => {
  let net: LaunchedNetwork | undefined;
  let dir = '';
  const logger = silentLogger();
  const suite = (lines: readonly string[]) => parseZndsl(['Network: ./n.toml', ...lines].join('\n'), join(dir, '0001-paras.zndsl'));
  after(async () => {
    await net?.stop();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('behavior: anvil, the contract, alice (anchoring) and collator-100 start and are listed', async () => {
    dir = await mkdtemp(join(tmpdir(), 'spindle-paras-'));
    const def = parseNetworkToml(
      [
        '[relaychain]', 'chain = "dev"', 'default_args = ["--block-time 500"]', '[[relaychain.nodes]]', 'name = "alice"',
        '[[parachains]]', 'id = 100', '[parachains.collator]', 'name = "collator-100"',
        '[l1]', 'anvil = true', 'deploy_contract = true',
      ].join('\n'),
      'paras.toml',
    );
    net = await new NetworkLauncher().launch(def, { spindleBin: SPINDLE_BIN, logger, readyTimeoutMs: WAIT_MS, stopGraceMs: 10_000 });
    const [collator] = net.collators();
    assert.ok(collator !== undefined && collator.running && collator.pid > 0);
    assert.deepEqual([collator.name, collator.paraId, collator.executes], ['collator-100', 100, 'reference']);
    const l1 = net.l1();
    assert.ok(l1 !== undefined && l1.contract !== undefined, 'the contract is deployed');
    assert.equal(l1.chainId, 31337);
    assert.deepEqual(net.appChains(), []);
    assert.deepEqual([...net.pids()].sort(), [l1.pid, net.node('alice').pid, collator.pid].sort(), 'anvil, the node and the collator');
    const argv = (await readFile(`/proc/${net.node('alice').pid}/cmdline`, 'utf8')).split('\0');
    assert.deepEqual(argv.slice(argv.indexOf('--l1-rpc'), argv.indexOf('--l1-rpc') + 6), ['--l1-rpc', l1.rpcUrl, '--anchor-contract', l1.contract, '--anchor-confirmations', '1']);
    const table = endpointTable(net.nodes(), net.runDir, { collators: net.collators(), appChains: net.appChains(), l1 });
    assert.match(table, new RegExp(`Collator +collator-100 \\(para 100, executes: reference, pid ${collator.pid}\\)`));
    assert.ok(table.includes(`${collator.wsUrl}  ${collator.httpUrl}`));
    assert.match(table, new RegExp(`Anchor contract +${l1.contract}`));
    assert.ok(table.includes(l1.rpcUrl));
  });

  it('behavior: DSL assertions on the collator, the para and the anchor contract hold', async () => {
    const { passed, results } = await runZndsl(
      suite([
        'collator-100: is up',
        'alice: parachain 100 is registered',
        'alice: parachain 100 executed relay height is at least 2 within 60 seconds',
        `collator-100: js-script ${KV_TRAFFIC} with "2" return is at least 2 within 90 seconds`,
        'alice: parachain 100 block height is at least 2',
        'collator-100: parachain 100 block height is at least 2',
        'alice: anchored height is at least 8 within 90 seconds',
        'collator-100: log line contains "Collator RPC endpoint"',
        'collator-100: count of log lines containing "Collator RPC endpoint" is 1',
      ]),
      dslNetworkOf(net!),
      { logger },
    );
    assert.equal(passed, true, JSON.stringify(results.filter((r) => !r.ok)));
    assert.match(results[0]!.observed!, /^collator_status para 100 queued=\d+ /);
    assert.match(results[2]!.observed!, /^parachain 100 executed relay height \d+ \(collator-100 collator_status\.executedRelayBlock\)$/);
    assert.match(results[4]!.observed!, /^parachain 100 block height \d+ \(collator-100 collator_status\.appBlockNumber\)$/);
    assert.match(results[6]!.observed!, new RegExp(`^anchored height \\d+ \\(latestAnchored\\(\\) of ${net!.l1()!.contract} on ${net!.l1()!.rpcUrl}\\)$`, 'i'));
  });

  const failures: { line: string; observed: RegExp }[] = [
    { line: 'alice: parachain 100 block height is at least 1000000 within 1 seconds', observed: /^parachain 100 block height \d+ \(collator-100 collator_status\.appBlockNumber\)$/ },
    { line: 'collator-100: parachain 100 executed relay height is at least 1000000 within 1 seconds', observed: /^parachain 100 executed relay height \d+ \(collator-100 collator_status\.executedRelayBlock\)$/ },
    { line: 'alice: anchored height is at least 1000000 within 1 seconds', observed: /^anchored height \d+ \(latestAnchored\(\) of 0x[0-9a-fA-F]{40} on http:\/\/127\.0\.0\.1:\d+\)$/ },
    { line: 'alice: parachain 999 block height is at least 1 within 30 seconds', observed: /^no parachain 999 in this network \(parachains with collators: 100\)$/ },
    { line: 'collator-100: reports block height is at least 1 within 1 seconds', observed: /^error: chain_getHeader: -32601 / },
    { line: 'collator-100: reports peers is at least 1 within 30 seconds', observed: /^collator-100 is a collator and serves no Prometheus metrics$/ },
  ];
  for (const row of failures) {
    it(`error: "${row.line}" fails naming line, node and what was observed`, async () => {
      const { passed, results } = await runZndsl(suite([row.line]), dslNetworkOf(net!), { logger });
      assert.equal(passed, false);
      const [r] = results;
      assert.match(r!.observed!, row.observed);
      const node = row.line.split(':')[0]!;
      assert.ok(r!.message!.startsWith(`line 2 (${node}): ${row.line} — failed after `), r!.message);
      assert.ok(r!.message!.endsWith(`observed: ${r!.observed}`), r!.message);
    });
  }

  it('behavior: a collator is paused, resumed and restarted by name (same port and base path), and stop leaves no process', async () => {
    const before = net!.collator('collator-100');
    const paused = await runZndsl(suite(['collator-100: pause', 'collator-100: is up within 1 seconds']), dslNetworkOf(net!), { logger });
    assert.deepEqual(paused.results.map((r) => r.ok), [true, false]);
    await until('collator-100 is stopped (state T)', async () => (await procState(before.pid)) === 'T', 10_000);
    const { passed, results } = await runZndsl(
      suite(['collator-100: resume', 'collator-100: is up within 10 seconds', 'collator-100: restart after 1 seconds', 'collator-100: is up', 'alice: parachain 100 block height is at least 2', 'alice: parachain 100 executed relay height is at least 2']),
      dslNetworkOf(net!),
      { logger },
    );
    assert.equal(passed, true, JSON.stringify(results.filter((r) => !r.ok)));
    const after = net!.collator('collator-100');
    assert.notEqual(after.pid, before.pid);
    assertGone(before.pid);
    assert.deepEqual([after.rpcPort, after.basePath], [before.rpcPort, before.basePath]);

    const pids = net!.pids();
    assert.equal(pids.length, 4, 'anvil, alice, collator-100 twice');
    const runDir = net!.runDir;
    await net!.stop();
    for (const pid of pids) assertGone(pid);
    await assert.rejects(access(runDir), 'the temp run directory is removed');
  });
});
