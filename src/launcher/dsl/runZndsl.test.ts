import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ApiPromise } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { silentLogger } from '../../node/Logger.ts';
import { connectApi } from '../../testing/connectApi.ts';
import { devPairs } from '../../testing/devAccounts.ts';
import { spawnNode, type SpawnedNode } from '../../testing/spawnNode.ts';
import { submitAndFinalize } from '../../testing/submitAndFinalize.ts';
import type { DslNetwork, DslNode } from './DslNetwork.ts';
import { parseZndsl } from './parseZndsl.ts';
import { runZndsl } from './runZndsl.ts';

const E2E_TESTS = fileURLToPath(new URL('../../../e2e/tests/', import.meta.url));

/** A one-node DslNetwork over a spawned `--dev` node: logs mirrored to a file, pause/resume by signal. */
function singleNodeNetwork(node: SpawnedNode, dir: string): { network: DslNetwork; restarts: [string, number][] } {
  const logPath = join(dir, 'alice.log');
  writeFileSync(logPath, node.logs());
  const append = (chunk: Buffer): void => appendFileSync(logPath, chunk);
  node.process.stdout!.on('data', append);
  node.process.stderr!.on('data', append);
  const alice: DslNode = { name: 'alice', kind: 'relay', wsUrl: node.wsUrl, httpUrl: node.httpUrl, metricsUrl: node.metricsUrl!, logPath };
  const restarts: [string, number][] = [];
  const network: DslNetwork = {
    node: (name) => (name === 'alice' ? alice : undefined),
    nodes: () => [alice],
    parachain: () => undefined,
    l1: () => undefined,
    restart: async (name, afterSeconds) => void restarts.push([name, afterSeconds]),
    pause: async () => void node.process.kill('SIGSTOP'),
    resume: async () => void node.process.kill('SIGCONT'),
  };
  return { network, restarts };
}

const suite = (dir: string, body: string) => parseZndsl(`Network: ./n.toml\n${body}\n`, join(dir, '0001-t.zndsl'));

describe('runZndsl against a real dev node', { timeout: 180_000 }, () => {
  let node: SpawnedNode | undefined;
  let dir = '';
  let network: DslNetwork;
  let restarts: [string, number][];
  const logger = silentLogger();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-zndsl-'));
    node = await spawnNode(['--dev', '--block-time', '300']);
    ({ network, restarts } = singleNodeNetwork(node, dir));
  });
  after(async () => {
    if (node !== undefined) {
      node.process.kill('SIGCONT');
      await node.stop(5_000);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('behavior: passing assertions over RPC, metrics and the log file', async () => {
    const test = suite(
      dir,
      [
        'alice: is up',
        'alice: reports block height is at least 3 within 30 seconds',
        'alice: reports finalised height is at least 3 within 30 seconds',
        'alice: reports finalized height is at least 1',
        'alice: reports block_height{status="finalized"} is at least 3 within 30 seconds',
        'alice: reports substrate_block_height{status="best"} is at least 3',
        'alice: reports process_start_time_seconds is greater than 0',
        'alice: log line matches "Imported #\\d+" within 30 seconds',
        'alice: log line contains "Imported #1 "',
        'alice: log line matches glob "*Imported #2 *"',
        'alice: count of log lines matching "Imported #\\d+" is at least 3 within 30 seconds',
        'alice: count of log lines containing "no such text in the log" is 0',
        'alice: parachain 100 is registered',
        'alice: parachain 200 is registered within 5 seconds',
        'alice: restart after 7 seconds',
      ].join('\n'),
    );
    const { passed, results } = await runZndsl(test, network, { logger });
    assert.equal(passed, true, JSON.stringify(results.filter((r) => !r.ok)));
    assert.equal(results.length, 15);
    assert.ok(results.every((r) => r.ok && r.message === undefined && r.ms >= 0));
    assert.match(results[2]!.observed!, /^finalised height \d+$/);
    assert.match(results[4]!.observed!, /^block_height\{status="finalized"\} = \d+$/);
    assert.match(results[7]!.observed!, /Imported #\d+/);
    assert.deepEqual(restarts, [['alice', 7]]);
  });

  it('behavior: system event contains, while a remark_with_event is submitted', async () => {
    await cryptoWaitReady();
    const test = suite(dir, ['alice: system event contains "system.Remarked" within 60 seconds', 'alice: system event contains "ExtrinsicSuccess"', 'alice: system event matches "^system\\.(Remarked|ExtrinsicSuccess)$"'].join('\n'));
    const submit = async (): Promise<void> => {
      const api: ApiPromise = await connectApi(node!.wsUrl);
      try {
        await submitAndFinalize(api, api.tx['system']!['remarkWithEvent']!('0x5a4e44534c'), devPairs().Alice);
      } finally {
        await api.disconnect();
      }
    };
    const [{ passed, results }] = await Promise.all([runZndsl(test, network, { logger }), submit()]);
    assert.equal(passed, true, JSON.stringify(results));
    assert.match(results[0]!.observed!, /^system\.Remarked in block #\d+$/);
  });

  it('behavior: js-script is imported relative to the test file and its return compared', async () => {
    writeFileSync(
      join(dir, 'height.js'),
      `export async function run(nodeName, networkInfo, args) {
         const res = await fetch(networkInfo.nodesByName[nodeName].httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' },
           body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_getHeader', params: [] }) });
         return parseInt((await res.json()).result.number, 16) + Number(args[0] ?? 0);
       }\n`,
    );
    const test = suite(dir, ['alice: js-script ./height.js with "1000" return is at least 1001', 'alice: js-script ./height.js', 'alice: js-script ./height.js return is lower than 0'].join('\n'));
    const { passed, results } = await runZndsl(test, network, { logger });
    assert.equal(passed, false);
    assert.deepEqual(results.map((r) => r.ok), [true, true, false]);
    assert.match(results[2]!.message!, /^line 4 \(alice\): .*js-script .* observed: returned \d+$/);
  });

  it('error: a false assertion fails with line, node and observed value, and stops the run', async () => {
    const test = suite(dir, ['alice: is up', 'alice: reports finalised height is at least 1000000 within 2 seconds', 'alice: is up'].join('\n'));
    const { passed, results } = await runZndsl(test, network, { logger });
    assert.equal(passed, false);
    assert.equal(results.length, 2);
    const failed = results[1]!;
    assert.equal(failed.ok, false);
    assert.equal(failed.line, 3);
    assert.equal(failed.node, 'alice');
    assert.match(failed.observed!, /^finalised height \d+$/);
    assert.match(failed.message!, /^line 3 \(alice\): alice: reports finalised height is at least 1000000 within 2 seconds — failed after \d+\.\ds; observed: finalised height \d+$/);
    assert.ok(failed.ms >= 1_500, `polled for ${failed.ms} ms`);
  });

  it('error: e2e/tests/0003-false-assertion.zndsl fails at its line 7', async () => {
    const file = join(E2E_TESTS, '0003-false-assertion.zndsl');
    const test = parseZndsl(readFileSync(file, 'utf8'), file);
    const { passed, results } = await runZndsl(test, network, { logger });
    assert.equal(passed, false);
    assert.equal(results.at(-1)!.line, 7);
    assert.match(results.at(-1)!.message!, /line 7 \(alice\).*observed: finalised height \d+/);
  });

  const failures: { line: string; observed: RegExp }[] = [
    { line: 'alice: parachain 999 is registered within 1 seconds', observed: /parachain 999 is not registered/ },
    { line: 'alice: parachain 100 block height is at least 1 within 30 seconds', observed: /^no parachain 100 in this network \(parachains with collators: none\)$/ },
    { line: 'alice: parachain 100 executed relay height is at least 1 within 30 seconds', observed: /^no parachain 100 in this network/ },
    { line: 'alice: anchored height is at least 1 within 1 seconds', observed: /^the network has no anchor contract \(\[l1\] deploy_contract\) and alice has anchored nothing \(it does not submit to L1, or not yet\): spindle_anchorStatus lastCommittedBlock=\d+ anchoredBlock=null$/ },
    { line: 'alice: reports no_such_metric is at least 1 within 1 seconds', observed: /metric no_such_metric not exposed/ },
    { line: 'alice: reports block_height is at least 1 within 1 seconds', observed: /not exposed \(similar: substrate_block_height\{status="best"\} \d+/ },
    { line: 'alice: log line contains "no such text in the log" within 1 seconds', observed: /no line containing "no such text in the log" among \d+ lines/ },
    { line: 'alice: count of log lines matching "Imported #\\d+" is at most 0 within 1 seconds', observed: /^\d+ lines matching/ },
    { line: 'alice: system event contains "NoSuch.Event" within 2 seconds', observed: /no matching event in \d+ blocks .*seen: .*system\.ExtrinsicSuccess/ },
    { line: 'bob: is up', observed: /no node named "bob"/ },
  ];
  for (const row of failures) {
    it(`error: "${row.line}" fails naming what was observed`, async () => {
      const { passed, results } = await runZndsl(suite(dir, row.line), network, { logger });
      assert.equal(passed, false);
      assert.equal(results.length, 1);
      assert.match(results[0]!.observed!, row.observed);
      assert.match(results[0]!.message!, /^line 2 \((alice|bob)\): /);
    });
  }

  it('behavior: pause makes the node unreachable (bounded), resume brings it back', async () => {
    const paused = await runZndsl(suite(dir, ['alice: pause', 'alice: is up within 1 seconds'].join('\n')), network, { logger });
    assert.equal(paused.passed, false);
    assert.deepEqual(paused.results.map((r) => r.ok), [true, false]);
    assert.match(paused.results[1]!.observed!, /^error: /);
    const pausedEvents = await runZndsl(suite(dir, 'alice: system event contains "ExtrinsicSuccess" within 1 seconds'), network, { logger });
    assert.equal(pausedEvents.passed, false);
    assert.match(pausedEvents.results[0]!.observed!, /^error: .*within/);
    const resumed = await runZndsl(suite(dir, ['alice: resume', 'alice: is up within 10 seconds', 'alice: reports block height is at least 1 within 10 seconds'].join('\n')), network, { logger });
    assert.equal(resumed.passed, true, JSON.stringify(resumed.results));
  });
});

describe('e2e/tests/*.zndsl', () => {
  for (const name of ['0001-smoke.zndsl', '0002-validator-restart.zndsl', '0003-false-assertion.zndsl', '0004-paras-and-anchoring.zndsl', '0005-chopsticks-para.zndsl']) {
    it(`behavior: ${name} parses`, () => {
      const file = join(E2E_TESTS, name);
      const test = parseZndsl(readFileSync(file, 'utf8'), file);
      assert.ok(test.assertions.length >= 3);
      assert.match(test.networkPath, /e2e\/networks\/(local|crash|local-paras|chopsticks-para)\.toml$/);
    });
  }
});
