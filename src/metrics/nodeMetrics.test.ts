import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsRegistry } from './MetricsRegistry.ts';
import { nodeMetrics, CONSENSUS_STEP_VALUE, UNKNOWN_RPC_METHOD, type NodeMetricsInfo } from './nodeMetrics.ts';
import { isMetricsError } from './MetricsError.ts';

const INFO: NodeMetricsInfo = {
  name: 'alice',
  version: '0.1.0-abc',
  chain: 'spindle_dev',
  role: 'authority',
  processStartTimeSeconds: 1_700_000_000,
};

/** The lines of one family in a rendering: HELP, TYPE and its samples. */
function family(text: string, name: string): string[] {
  const prefixes = [`# HELP ${name} `, `# TYPE ${name} `, `${name} `, `${name}{`];
  return text.split('\n').filter((line) => prefixes.some((p) => line.startsWith(p)));
}

test('behavior: the constant metrics are set once at creation, with Substrate names and types', () => {
  const registry = new MetricsRegistry();
  nodeMetrics(registry, INFO);
  const text = registry.render();
  assert.deepEqual(family(text, 'substrate_build_info'), [
    "# HELP substrate_build_info A metric with a constant '1' value labeled by name, version and chain",
    '# TYPE substrate_build_info gauge',
    'substrate_build_info{name="alice",version="0.1.0-abc",chain="spindle_dev"} 1',
  ]);
  assert.deepEqual(family(text, 'substrate_process_start_time_seconds'), [
    '# HELP substrate_process_start_time_seconds Number of seconds between the UNIX epoch and the moment the process started',
    '# TYPE substrate_process_start_time_seconds gauge',
    'substrate_process_start_time_seconds 1700000000',
  ]);
  assert.match(text, /^substrate_node_roles 4$/m);
  const full = new MetricsRegistry();
  nodeMetrics(full, { ...INFO, role: 'full' });
  assert.match(full.render(), /^substrate_node_roles 1$/m);
});

test('behavior: every metric of the set renders under its expected name and type', () => {
  const registry = new MetricsRegistry();
  const m = nodeMetrics(registry, INFO);
  m.blockHeight.set({ status: 'best' }, 42n);
  m.blockHeight.set({ status: 'finalized' }, 40n);
  m.readyTransactions.set(7);
  m.peers.set(3);
  m.rpcCallStarted('ws', 'chain_getHeader');
  m.rpcCallFinished('ws', 'chain_getHeader', { isError: true, micros: 30 });
  m.rpcSessionsOpened.inc();
  m.consensusHeight.set(43n);
  m.consensusRound.set(1);
  m.consensusStep.set(CONSENSUS_STEP_VALUE.prevote);
  m.proposalsReceived.inc();
  m.votesReceived.inc({ type: 'precommit' }, 3);
  m.timeouts.inc({ kind: 'prevote' });
  m.blockImportSeconds.observe(0.02);
  m.blockTransactions.observe(0);
  const text = registry.render();
  const types = Object.fromEntries(
    text
      .split('\n')
      .filter((l) => l.startsWith('# TYPE '))
      .map((l) => l.slice('# TYPE '.length).split(' ') as [string, string]),
  );
  assert.deepEqual(types, {
    spindle_block_import_seconds: 'histogram',
    spindle_block_transactions: 'histogram',
    spindle_consensus_height: 'gauge',
    spindle_consensus_proposals_received_total: 'counter',
    spindle_consensus_round: 'gauge',
    spindle_consensus_step: 'gauge',
    spindle_consensus_timeouts_total: 'counter',
    spindle_consensus_votes_received_total: 'counter',
    substrate_block_height: 'gauge',
    substrate_build_info: 'gauge',
    substrate_node_roles: 'gauge',
    substrate_process_start_time_seconds: 'gauge',
    substrate_ready_transactions_number: 'gauge',
    substrate_rpc_calls_finished: 'counter',
    substrate_rpc_calls_started: 'counter',
    substrate_rpc_calls_time: 'histogram',
    substrate_rpc_sessions_closed: 'counter',
    substrate_rpc_sessions_opened: 'counter',
    substrate_sub_libp2p_peers_count: 'gauge',
  });
  for (const line of [
    'substrate_block_height{status="best"} 42',
    'substrate_block_height{status="finalized"} 40',
    'substrate_ready_transactions_number 7',
    'substrate_sub_libp2p_peers_count 3',
    'substrate_rpc_calls_started{protocol="ws",method="chain_getHeader"} 1',
    'substrate_rpc_calls_finished{protocol="ws",method="chain_getHeader",is_error="true",is_rate_limited="false"} 1',
    'substrate_rpc_calls_time_bucket{protocol="ws",method="chain_getHeader",is_rate_limited="false",le="25"} 0',
    'substrate_rpc_calls_time_bucket{protocol="ws",method="chain_getHeader",is_rate_limited="false",le="100"} 1',
    'substrate_rpc_calls_time_sum{protocol="ws",method="chain_getHeader",is_rate_limited="false"} 30',
    'substrate_rpc_sessions_opened 1',
    'substrate_rpc_sessions_closed 0',
    'spindle_consensus_height 43',
    'spindle_consensus_round 1',
    'spindle_consensus_step 1',
    'spindle_consensus_proposals_received_total 1',
    'spindle_consensus_votes_received_total{type="precommit"} 3',
    'spindle_consensus_timeouts_total{kind="prevote"} 1',
    'spindle_block_import_seconds_bucket{le="0.01"} 0',
    'spindle_block_import_seconds_bucket{le="0.025"} 1',
    'spindle_block_transactions_bucket{le="0"} 1',
    'spindle_block_transactions_count 1',
  ]) {
    assert.ok(text.split('\n').includes(line), `missing line: ${line}`);
  }
});

test('args: consensus steps map to 0 propose, 1 prevote, 2 precommit, 3 commit', () => {
  assert.deepEqual(CONSENSUS_STEP_VALUE, { propose: 0, prevote: 1, precommit: 2, commit: 3 });
});

test('behavior: with a method list, RPC calls to other names are counted as unknown', () => {
  const registry = new MetricsRegistry();
  const m = nodeMetrics(registry, { ...INFO, rpcMethods: ['chain_getHeader', 'system_health'] });
  m.rpcCallStarted('http', 'system_health');
  m.rpcCallStarted('http', 'made_up_1');
  m.rpcCallStarted('http', 'made_up_2');
  m.rpcCallFinished('http', 'made_up_2', { isError: true, micros: 1 });
  assert.equal(m.rpcCallsStarted.get({ protocol: 'http', method: 'system_health' }), 1);
  assert.equal(m.rpcCallsStarted.get({ protocol: 'http', method: UNKNOWN_RPC_METHOD }), 2);
  assert.equal(m.rpcCallsFinished.get({ protocol: 'http', method: 'unknown', is_error: 'true', is_rate_limited: 'false' }), 1);
  assert.equal(registry.render().includes('made_up'), false);
});

test('behavior: without a method list, names are kept up to the cap; long or ill-formed names are unknown', () => {
  const registry = new MetricsRegistry();
  const m = nodeMetrics(registry, { ...INFO, maxRpcMethodLabels: 2 });
  assert.equal(m.rpcMethodLabel('a'), 'a');
  assert.equal(m.rpcMethodLabel('x'.repeat(129)), UNKNOWN_RPC_METHOD);
  assert.equal(m.rpcMethodLabel('bad\uD800'), UNKNOWN_RPC_METHOD);
  assert.equal(m.rpcMethodLabel('b'), 'b');
  assert.equal(m.rpcMethodLabel('c'), UNKNOWN_RPC_METHOD);
  assert.equal(m.rpcMethodLabel('a'), 'a');
  // an ill-formed name never reaches label validation
  assert.doesNotThrow(() => m.rpcCallStarted('ws', 'bad\uD800'));
});

test('error: the node set cannot be declared twice on one registry', () => {
  const registry = new MetricsRegistry();
  nodeMetrics(registry, INFO);
  assert.throws(() => nodeMetrics(registry, INFO), (e: unknown) => isMetricsError(e, 'DUPLICATE_METRIC'));
});

test('error: typed labels reject values outside their unions at compile time and wrong shapes at run time', () => {
  const m = nodeMetrics(new MetricsRegistry(), INFO);
  // @ts-expect-error status is 'best' | 'finalized' | 'sync_target'
  m.blockHeight.set({ status: 'other' }, 1);
  // @ts-expect-error the vote type label is named `type`
  assert.throws(() => m.votesReceived.inc({ kind: 'prevote' }), (e: unknown) => isMetricsError(e, 'INVALID_LABELS'));
});
