import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noopMetrics } from './noopMetrics.ts';
import { nodeMetrics, CONSENSUS_STEP_VALUE } from './nodeMetrics.ts';
import type { Metrics } from './Metrics.ts';

test('behavior: noopMetrics accepts every call, keeps nothing and renders nothing', () => {
  const m: Metrics = noopMetrics();
  const c = m.counter('c', 'C', ['k']);
  c.inc({ k: 'a' });
  c.inc({ k: 'a' }, 5n);
  c.reset();
  const g = m.gauge('g', 'G');
  g.set(1);
  g.inc();
  g.dec(2n);
  let called = false;
  const remove = g.collect(() => {
    called = true;
  });
  remove();
  g.reset();
  const h = m.histogram('h', 'H', [1, 2], ['k']);
  h.observe({ k: 'x' }, 1.5);
  h.reset();
  assert.equal(c.get({ k: 'a' }), 0);
  assert.equal(g.get(), 0);
  assert.deepEqual(h.get({ k: 'x' }), { buckets: [], sum: 0, count: 0 });
  assert.deepEqual(h.buckets, [1, 2]);
  assert.equal(c.name, 'c');
  assert.equal(m.render(), '');
  assert.equal(called, false, 'collect callbacks are never run');
});

test('behavior: noopMetrics does not validate — what the registry rejects is accepted', () => {
  const m = noopMetrics();
  const calls: (() => unknown)[] = [
    () => m.counter('', ''),
    () => m.counter('same', 'S'),
    () => m.counter('same', 'S'),
    () => m.gauge('1 bad-name', 'G', ['__reserved', '__reserved']),
    () => m.histogram('h', 'H', [2, 1, NaN], ['le']),
    () => m.counter('c', 'C').inc(-1),
    () => m.histogram('h2', 'H', [1]).observe(NaN),
    // @ts-expect-error labels where none are declared
    () => m.gauge('g', 'G').set({ a: 'b' }, 1),
  ];
  for (const call of calls) assert.doesNotThrow(call);
  assert.equal(m.render(), '');
});

test('behavior: nodeMetrics over noopMetrics gives a metric set whose updates are ignored', () => {
  const node = nodeMetrics(noopMetrics(), { name: 'alice', version: '0.1.0', chain: 'dev', role: 'authority' });
  node.blockHeight.set({ status: 'best' }, 12n);
  node.consensusStep.set(CONSENSUS_STEP_VALUE.precommit);
  node.votesReceived.inc({ type: 'prevote' });
  node.timeouts.inc({ kind: 'propose' });
  node.blockImportSeconds.observe(0.2);
  node.rpcCallStarted('ws', 'chain_getHeader');
  node.rpcCallFinished('ws', 'chain_getHeader', { isError: false, micros: 120 });
  assert.equal(node.blockHeight.get({ status: 'best' }), 0);
  assert.equal(node.rpcCallsStarted.get({ protocol: 'ws', method: 'chain_getHeader' }), 0);
});
