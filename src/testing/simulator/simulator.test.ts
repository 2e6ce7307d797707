import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRun } from './checkRun.ts';
import type { RunFacts } from './checkRun.ts';
import { runSimulation, validatorId } from './runSimulation.ts';
import type { SimulationOptions } from './runSimulation.ts';
import { SCENARIOS, scenarioOptions } from './scenarios.ts';

/** Seeded runs per scenario: 13 scenarios × 25 = 325 runs (a few seconds on 2 cores). */
const RUNS_PER_SCENARIO = 25;

describe('simulator: seeded runs keep agreement, validity, certificates, accountability and progress', () => {
  for (const scenario of SCENARIOS) {
    it(`behavior: ${scenario}: ${RUNS_PER_SCENARIO} seeded runs`, () => {
      const failures: string[] = [];
      let decisions = 0;
      for (let seed = 1; seed <= RUNS_PER_SCENARIO; seed++) {
        const r = runSimulation(scenarioOptions(scenario, seed));
        decisions += r.decisions.length;
        if (!r.ok) failures.push(`seed ${seed}: ${r.violations.map((v) => `${v.property}: ${v.detail}`).join('; ')}\n  ${r.reproduce}`);
      }
      assert.deepEqual(failures, []);
      assert.ok(decisions > 0, 'the runs decided something');
    });
  }
});

describe('simulator: runs', () => {
  it('behavior: the same options replay the run exactly, also from the printed reproduce text', () => {
    const options = scenarioOptions('mixedByzantine', 11);
    const a = runSimulation(options);
    const b = runSimulation(options);
    const fromText = runSimulation(JSON.parse(a.reproduce.slice('runSimulation('.length, -1)) as SimulationOptions);
    for (const r of [b, fromText]) {
      assert.deepEqual(r.decisions, a.decisions);
      assert.deepEqual([r.events, r.messagesSent, r.endTimeMs], [a.events, a.messagesSent, a.endTimeMs]);
    }
    assert.notDeepEqual(runSimulation({ ...options, seed: 12 }).decisions, a.decisions);
  });

  it('behavior: double voters are reported by honest nodes, and nobody else is', () => {
    const behaviours = { 2: { doubleVote: true }, 5: { doubleVote: true } };
    const r = runSimulation({ seed: 3, powers: [1, 1, 1, 1, 1, 1, 1], behaviours });
    assert.ok(r.ok, r.reproduce);
    const accused = new Set(r.evidence.map((e) => e.accused));
    assert.deepEqual([...accused].sort(), [validatorId(2), validatorId(5)]);
  });

  it('behavior: spam for far rounds and heights leaves every honest log and buffer bounded', () => {
    const n = 4;
    const options: SimulationOptions = { seed: 5, powers: [1, 1, 1, 1], behaviours: { 0: { spam: true } }, targetHeights: 6 };
    const r = runSimulation(options);
    const quiet = runSimulation({ ...options, behaviours: {} });
    assert.ok(r.ok, r.reproduce);
    // Per height: ≤ 2 votes per validator per round up to maxRound, plus 3 future rounds per
    // validator, plus up to 2 proposals per round.
    const bound = 2 * n * (r.maxRound + 1 + 3) + 2 * (r.maxRound + 1 + 3);
    assert.ok(r.peakLogSize <= bound, `peak log ${r.peakLogSize} > ${bound}`);
    assert.ok(r.peakBuffered <= 4 * n * 16, `peak buffer ${r.peakBuffered}`);
    assert.ok(r.messagesSent > 1.5 * quiet.messagesSent, `the spammer did send a lot: ${r.messagesSent} vs ${quiet.messagesSent}`);
  });

  it('behavior: more than f crashed: nothing is decided, safety holds and progress is not asserted', () => {
    const r = runSimulation({ seed: 9, powers: [1, 1, 1, 1], behaviours: { 0: { silentFromMs: 0 }, 3: { silentFromMs: 0 } }, progressBoundMs: 5000 });
    assert.deepEqual([r.ok, r.expectProgress, r.decisions.length], [true, false, 0]);
  });

  it('behavior: a minority partitioned for 6 s catches up after the heal and the partition costs rounds', () => {
    const partitions = [{ groups: [[0, 1, 2, 3, 4], [5, 6]], startMs: 0, healMs: 6000 }];
    const r = runSimulation({ seed: 21, powers: [1, 1, 1, 1, 1, 1, 1], network: { partitions }, targetHeights: 4 });
    assert.ok(r.ok, r.reproduce);
    const late = r.decisions.filter((d) => d.node >= 5);
    assert.ok(late.length >= 8 && late.every((d) => d.timeMs >= 6000), 'the minority decided only after the heal');
  });
});

describe('simulator: checkRun', () => {
  const validators = [0, 1, 2, 3].map((i) => ({ id: validatorId(i), power: 1n }));
  const pc = (from: number, value: string, height = 1n, round = 0) => ({ type: 'precommit' as const, height, round, value, from: validatorId(from) });
  const decision = (node: number, value: string, froms = [0, 1, 2], height = 1n) => ({
    node,
    height,
    round: 0,
    value,
    timeMs: 100,
    precommits: froms.map((f) => pc(f, value, height)),
  });
  const facts = (over: Partial<RunFacts>): RunFacts => ({
    validators,
    ids: validators.map((v) => v.id),
    honest: new Set([0, 1, 2, 3]),
    correct: new Set([0, 1, 2, 3]),
    decisions: [0, 1, 2, 3].map((n) => decision(n, 'A')),
    proposed: new Set(['A', 'B', 'C-invalid']),
    evidence: [],
    expectProgress: true,
    targetHeights: 1,
    deadlineMs: 1000,
    ...over,
  });
  const table: Array<{ desc: string; facts: RunFacts; properties: string[] }> = [
    { desc: 'a clean run has no violation', facts: facts({}), properties: [] },
    { desc: 'two honest values at one height break agreement', facts: facts({ decisions: [decision(0, 'A'), decision(1, 'B'), decision(2, 'A'), decision(3, 'A')] }), properties: ['agreement'] },
    { desc: 'a malicious node deciding otherwise is not an agreement violation', facts: facts({ honest: new Set([0, 1, 2]), correct: new Set([0, 1, 2]), decisions: [decision(0, 'A'), decision(1, 'A'), decision(2, 'A'), decision(3, 'B')] }), properties: [] },
    { desc: 'a value never proposed breaks validity', facts: facts({ decisions: [0, 1, 2, 3].map((n) => decision(n, 'Z')) }), properties: ['validity', 'validity', 'validity', 'validity'] },
    { desc: 'an invalid value breaks validity', facts: facts({ decisions: [decision(0, 'C-invalid'), decision(1, 'C-invalid'), decision(2, 'C-invalid'), decision(3, 'C-invalid')] }), properties: ['validity', 'validity', 'validity', 'validity'] },
    { desc: 'a certificate of 2/4 power is not a commit', facts: facts({ decisions: [decision(0, 'A', [0, 1]), ...[1, 2, 3].map((n) => decision(n, 'A'))] }), properties: ['certificate'] },
    { desc: 'a certificate counting one validator twice is not a commit', facts: facts({ decisions: [decision(0, 'A', [0, 1, 1]), ...[1, 2, 3].map((n) => decision(n, 'A'))] }), properties: ['certificate', 'certificate'] },
    { desc: 'evidence against an honest node breaks accountability', facts: facts({ evidence: [{ reporter: 0, accused: validatorId(1), message: 'vote' }] }), properties: ['accountability'] },
    { desc: 'a correct node short of K heights breaks progress', facts: facts({ decisions: [0, 1, 2].map((n) => decision(n, 'A')) }), properties: ['progress'] },
    { desc: 'progress is not checked when not expected', facts: facts({ decisions: [], expectProgress: false }), properties: [] },
  ];
  for (const c of table) {
    it(`behavior: ${c.desc}`, () => assert.deepEqual(checkRun(c.facts).map((v) => v.property), c.properties));
  }
});
