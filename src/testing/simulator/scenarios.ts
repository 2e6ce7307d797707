import { SeededRng } from '../seededRng.ts';
import type { NodeBehaviour } from './NodeBehaviour.ts';
import type { SimulationOptions } from './runSimulation.ts';
import type { Partition } from './SimulatedNetwork.ts';

/** The families of runs the test suite and the bench draw from. */
export const SCENARIOS = [
  'honest',
  'lossy',
  'unequalPowers',
  'followers',
  'crash',
  'equivocatingProposer',
  'doubleVote',
  'invalidProposal',
  'spam',
  'lateDuplicate',
  'mixedByzantine',
  'partitionHeals',
  'overFaultyCrash',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

/**
 * The options of run `seed` of `scenario`: the validator count (4 or 7), powers, fault switches
 * and network are all drawn from the seed, so `runSimulation(scenarioOptions(s, seed))` and the
 * printed `reproduce` text give the same run.
 *
 * Every scenario keeps the faulty power ≤ f (progress asserted) except `overFaultyCrash`: f
 * Byzantine plus enough crashed nodes to exceed f, where only the safety properties are asserted.
 */
export function scenarioOptions(scenario: Scenario, seed: number): SimulationOptions {
  const rng = new SeededRng(seed ^ 0x5ce7a710);
  const n = rng.chance(0.5) ? 4 : 7;
  const equal = new Array<number>(n).fill(1);
  const base = { seed, powers: equal, network: { minDelayMs: 5, maxDelayMs: rng.range(20, 120) } };
  const malicious = (b: NodeBehaviour): SimulationOptions => ({ ...base, behaviours: pickFaulty(rng, equal, b) });
  switch (scenario) {
    case 'honest':
      return base;
    case 'lossy':
      return { ...base, network: { ...base.network, dropProbability: rng.range(2, 20) / 100, duplicateProbability: 0.05, lateProbability: 0.05, lateExtraMs: 1500 } };
    case 'unequalPowers': {
      const powers = equal.map(() => rng.range(1, 10));
      const kinds: NodeBehaviour[] = [{ doubleVote: true }, { equivocateProposals: true }, { silentFromMs: 0 }, { invalidProposals: true }];
      return { ...base, powers, behaviours: pickFaulty(rng, powers, rng.pick(kinds)), network: { ...base.network, dropProbability: 0.05 } };
    }
    case 'followers':
      return { ...base, followers: rng.range(1, 3), network: { ...base.network, dropProbability: 0.1 } };
    case 'crash':
      return malicious({ silentFromMs: rng.chance(0.5) ? 0 : rng.range(0, 1500) });
    case 'equivocatingProposer':
      return malicious({ equivocateProposals: true });
    case 'doubleVote':
      return malicious({ doubleVote: true });
    case 'invalidProposal':
      return malicious({ invalidProposals: true });
    case 'spam':
      return malicious({ spam: true });
    case 'lateDuplicate':
      return { ...malicious({ lateDuplicate: true }), network: { ...base.network, duplicateProbability: 0.1, lateProbability: 0.1, lateExtraMs: 1000 } };
    case 'mixedByzantine':
      return { ...malicious({ equivocateProposals: true, doubleVote: true, spam: true }), network: { ...base.network, dropProbability: 0.05 } };
    case 'partitionHeals':
      return { ...base, network: { ...base.network, dropProbability: rng.range(0, 10) / 100, partitions: [randomPartition(rng, n)] } };
    case 'overFaultyCrash': {
      const behaviours: Record<number, NodeBehaviour> = { ...pickFaulty(rng, equal, { equivocateProposals: true, doubleVote: true }) };
      const f = Math.floor((n - 1) / 3);
      const others = rng.shuffle([...Array(n).keys()].filter((i) => behaviours[i] === undefined));
      for (const i of others.slice(0, rng.range(1, n - 2 * f))) behaviours[i] = { silentFromMs: rng.range(0, 2000) };
      return { ...base, behaviours, targetHeights: 3, progressBoundMs: 10_000 };
    }
  }
}

/**
 * Gives `behaviour` to a seeded random set of validators holding at most f power
 * (3 · faulty < total): up to f nodes with equal powers.
 */
function pickFaulty(rng: SeededRng, powers: readonly number[], behaviour: NodeBehaviour): Record<number, NodeBehaviour> {
  const total = powers.reduce((a, b) => a + b, 0);
  const out: Record<number, NodeBehaviour> = {};
  let faulty = 0;
  for (const i of rng.shuffle([...powers.keys()])) {
    if (3 * (faulty + powers[i]!) < total) {
      out[i] = behaviour;
      faulty += powers[i]!;
    }
  }
  return out;
}

/** Two groups (sometimes a third) for 0.5 – 8 s, after which the network heals. */
function randomPartition(rng: SeededRng, n: number): Partition {
  const order = rng.shuffle([...Array(n).keys()]);
  const cut = rng.range(1, n - 1);
  const groups = rng.chance(0.3) && n - cut >= 2 ? [order.slice(0, cut), order.slice(cut, cut + 1)] : [order.slice(0, cut)];
  const startMs = rng.range(0, 1000);
  return { groups, startMs, healMs: startMs + rng.range(500, 8000) };
}
