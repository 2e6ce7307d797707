/**
 * Consensus simulation figures (prints numbers, never a verdict):
 *
 *   1. N seeded simulator runs (default 10,000; `node --import tsx bench/consensusSimulation.ts 2000`),
 *      cycling through every scenario of `src/testing/simulator/scenarios.ts`, and how many of them
 *      violated agreement / validity / progress (and certificates / accountability), with the
 *      `reproduce` text of the first few failures;
 *   2. 100 validators over 50 ms links (fixed, then uniform 25-75 ms): the average decision time
 *      divided by the link latency, i.e. message delays per decision (Tendermint's ideal is 3:
 *      proposal, prevote, precommit; with jitter each step waits for the 2f+1-th fastest message).
 */
import { runSimulation } from '../src/testing/simulator/runSimulation.ts';
import type { SimulationResult } from '../src/testing/simulator/runSimulation.ts';
import { SCENARIOS, scenarioOptions } from '../src/testing/simulator/scenarios.ts';
import type { Property } from '../src/testing/simulator/checkRun.ts';

const runs = Number(process.argv[2] ?? 10_000);
if (!Number.isSafeInteger(runs) || runs < 0) throw new RangeError(`run count must be a non-negative integer, got ${process.argv[2]}`);

function seededRuns(): void {
  const properties: Property[] = ['agreement', 'validity', 'certificate', 'accountability', 'progress'];
  const violated = new Map<Property, number>(properties.map((p) => [p, 0]));
  const perScenario = new Map<string, { runs: number; failed: number }>(SCENARIOS.map((s) => [s, { runs: 0, failed: 0 }]));
  const failures: string[] = [];
  let events = 0;
  let decisions = 0;
  const start = performance.now();
  for (let i = 0; i < runs; i++) {
    const scenario = SCENARIOS[i % SCENARIOS.length]!;
    const seed = Math.floor(i / SCENARIOS.length) + 1;
    const r = runSimulation(scenarioOptions(scenario, seed));
    events += r.events;
    decisions += r.decisions.length;
    const tally = perScenario.get(scenario)!;
    tally.runs++;
    if (r.ok) continue;
    tally.failed++;
    for (const p of new Set(r.violations.map((v) => v.property))) violated.set(p, violated.get(p)! + 1);
    if (failures.length < 5) failures.push(`${scenario} seed ${seed}: ${r.violations[0]!.property}: ${r.violations[0]!.detail}\n    ${r.reproduce}`);
  }
  const secs = (performance.now() - start) / 1000;
  console.log(`seeded runs: ${runs} in ${secs.toFixed(1)} s (${(runs / secs).toFixed(0)} runs/s, ${(events / secs / 1000).toFixed(0)}k events/s, ${decisions} decisions)`);
  for (const p of properties) console.log(`  runs violating ${p.padEnd(14)} ${violated.get(p)}`);
  console.log('  per scenario (failed / runs):');
  for (const [s, t] of perScenario) console.log(`    ${s.padEnd(22)} ${t.failed} / ${t.runs}`);
  for (const f of failures) console.log(`  failure: ${f}`);
}

/** 100 validators; links of `minMs`..`maxMs` (mean 50 ms). */
function latency(minMs: number, maxMs: number): void {
  const n = 100;
  const linkMs = (minMs + maxMs) / 2;
  const heights = 10;
  const start = performance.now();
  const r: SimulationResult = runSimulation({
    seed: 1,
    powers: new Array<number>(n).fill(1),
    network: { minDelayMs: minMs, maxDelayMs: maxMs },
    targetHeights: heights,
    startJitterMs: 0,
    gossipIntervalMs: 0,
  });
  const secs = (performance.now() - start) / 1000;
  // Per node: the time of its K-th decision over K (all start at 0), and the mean gap between
  // consecutive decisions (steady state).
  let first = 0;
  let steady = 0;
  let nodes = 0;
  for (let node = 0; node < n; node++) {
    const times = r.decisions.filter((d) => d.node === node).map((d) => d.timeMs);
    if (times.length < heights) continue;
    nodes++;
    first += times[heights - 1]! / heights;
    steady += (times[heights - 1]! - times[0]!) / (heights - 1);
  }
  console.log(`${n} validators, links ${minMs}-${maxMs} ms (mean ${linkMs}), ${heights} heights (simulated in ${secs.toFixed(1)} s, ${r.events} events, ok: ${r.ok}):`);
  console.log(`  mean decision time ${(first / nodes).toFixed(1)} ms = ${(first / nodes / linkMs).toFixed(2)} message delays per decision`);
  console.log(`  steady state       ${(steady / nodes).toFixed(1)} ms = ${(steady / nodes / linkMs).toFixed(2)} message delays per decision`);
  console.log(`  messages sent per decision per validator: ${(r.messagesSent / heights / n).toFixed(0)}`);
}

seededRuns();
latency(50, 50);
latency(25, 75);
