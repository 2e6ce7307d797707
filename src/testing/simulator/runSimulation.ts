import type { ConsensusParams, Validator } from '../../consensus/index.ts';
import { SeededRng } from '../seededRng.ts';
import { checkRun } from './checkRun.ts';
import type { Violation } from './checkRun.ts';
import { EventQueue } from './EventQueue.ts';
import type { NetMessage } from './NetMessage.ts';
import { isFaulty, isMalicious } from './NodeBehaviour.ts';
import type { NodeBehaviour } from './NodeBehaviour.ts';
import { SimulatedHost } from './SimulatedHost.ts';
import type { DecisionRecord, EvidenceRecord, HostContext, RunLog, SimEvent } from './SimulatedHost.ts';
import { DEFAULT_NETWORK, SimulatedNetwork } from './SimulatedNetwork.ts';
import type { NetworkOptions } from './SimulatedNetwork.ts';

/** Sees every event after it was handled (debugging, tracing); must not change anything. */
export type SimulationObserver = (event: SimEvent, timeMs: number, hosts: readonly SimulatedHost[]) => void;

/** One simulation; plain data (JSON), so a failing run can be printed and pasted back. */
export interface SimulationOptions {
  readonly seed: number;
  /** Voting power of validator i = node i. */
  readonly powers: readonly number[];
  /** Extra non-validator nodes (followers) after the validators. */
  readonly followers?: number;
  /** Fault switches by node index. */
  readonly behaviours?: Readonly<Record<number, NodeBehaviour>>;
  readonly network?: Partial<NetworkOptions>;
  readonly timeouts?: ConsensusParams['timeouts'];
  /** K: heights every correct node must decide (default 3). */
  readonly targetHeights?: number;
  /** Time after the last partition heals within which K heights must be decided (default 60 s). */
  readonly progressBoundMs?: number;
  /** Status / re-gossip period; 0 disables gossip (default 1000 ms). */
  readonly gossipIntervalMs?: number;
  /** Nodes start at a seeded time in [0, jitter] (default 50 ms). */
  readonly startJitterMs?: number;
  /** Default: the faulty nodes hold at most f power (3 · faulty < total). */
  readonly expectProgress?: boolean;
  /** Safety stop: at most this many events (default 2,000,000). */
  readonly maxEvents?: number;
}

export interface SimulationResult {
  readonly seed: number;
  readonly ok: boolean;
  readonly violations: readonly Violation[];
  readonly decisions: readonly DecisionRecord[];
  readonly evidence: readonly EvidenceRecord[];
  /** Heights decided by each node. */
  readonly heightsDecided: readonly number[];
  /** Fake time when the run stopped. */
  readonly endTimeMs: number;
  /** The fake-time bound of the progress property. */
  readonly deadlineMs: number;
  readonly events: number;
  readonly messagesSent: number;
  readonly maxRound: number;
  /** The most votes + proposals any honest core held for one height. */
  readonly peakLogSize: number;
  /** The most future-height messages any honest host buffered. */
  readonly peakBuffered: number;
  readonly expectProgress: boolean;
  /** Paste this to replay the run exactly. */
  readonly reproduce: string;
}

export const DEFAULT_SIM_TIMEOUTS: ConsensusParams['timeouts'] = {
  propose: { baseMs: 300, deltaMs: 50 },
  prevote: { baseMs: 150, deltaMs: 50 },
  precommit: { baseMs: 150, deltaMs: 50 },
};

/**
 * Runs N consensus cores with their simulated hosts on a fake clock and a seeded network, then
 * checks agreement, validity, certificates, accountability and (when at most f power is faulty)
 * progress. Deterministic: the same options give the same result, event for event.
 *
 * @example
 * const r = runSimulation({ seed: 7, powers: [1, 1, 1, 1], behaviours: { 3: { doubleVote: true } } });
 * if (!r.ok) console.log(r.violations, r.reproduce);
 */
export function runSimulation(options: SimulationOptions, observe?: SimulationObserver): SimulationResult {
  const rng = new SeededRng(options.seed);
  const validators: Validator[] = options.powers.map((p, i) => ({ id: validatorId(i), power: BigInt(p) }));
  const nodeCount = validators.length + (options.followers ?? 0);
  const behaviours = options.behaviours ?? {};
  const behaviourOf = (i: number): NodeBehaviour => behaviours[i] ?? {};
  const network = new SimulatedNetwork({ ...DEFAULT_NETWORK, ...options.network }, rng.fork(1));
  const queue = new EventQueue<SimEvent>();
  const log: RunLog = { proposed: new Set(), decisions: [], evidence: [] };
  let messagesSent = 0;
  const senderFaults = { duplicateProbability: 0.3, lateProbability: 0.2 };
  const send = (from: number, to: number, msg: NetMessage): void => {
    messagesSent++;
    const faults = behaviourOf(from).lateDuplicate === true ? senderFaults : undefined;
    for (const t of network.deliveries(from, to, queue.now, faults)) queue.push(t, { kind: 'deliver', to, from, msg });
  };
  const ctx: HostContext = {
    queue,
    nodeCount,
    validators,
    params: { timeouts: options.timeouts ?? DEFAULT_SIM_TIMEOUTS, maxFutureRoundsPerValidator: 3 },
    gossipIntervalMs: options.gossipIntervalMs ?? 1000,
    log,
    send,
  };
  const hosts: SimulatedHost[] = [];
  for (let i = 0; i < nodeCount; i++) {
    hosts.push(new SimulatedHost(i, i < validators.length ? validators[i]!.id : undefined, behaviourOf(i), ctx, rng.fork(100 + i)));
  }
  const jitter = options.startJitterMs ?? 50;
  for (const host of hosts) host.start(rng.int(jitter + 1));

  const totalPower = validators.reduce((s, v) => s + v.power, 0n);
  const faultyPower = validators.reduce((s, v, i) => (isFaulty(behaviourOf(i)) ? s + v.power : s), 0n);
  const expectProgress = options.expectProgress ?? 3n * faultyPower < totalPower;
  const targetHeights = options.targetHeights ?? 3;
  const deadlineMs = network.healedAtMs + (options.progressBoundMs ?? 60_000);
  const maxEvents = options.maxEvents ?? 2_000_000;
  const honest = new Set(hosts.filter((h) => !isMalicious(h.behaviour)).map((h) => h.index));
  const correct = new Set(hosts.filter((h) => !isFaulty(h.behaviour)).map((h) => h.index));

  const decided = new Array<number>(nodeCount).fill(0);
  let waiting = correct.size;
  let events = 0;
  let budgetExhausted = false;
  for (;;) {
    const next = queue.pop();
    if (next === undefined || next.time > deadlineMs) break;
    if (++events > maxEvents) {
      budgetExhausted = true;
      break;
    }
    const e = next.event;
    const node = e.kind === 'deliver' ? e.to : e.node;
    const before = log.decisions.length;
    hosts[node]!.handle(e);
    observe?.(e, next.time, hosts);
    if (log.decisions.length !== before) {
      for (const d of log.decisions.slice(before)) {
        decided[d.node]!++;
        if (correct.has(d.node) && decided[d.node] === targetHeights) waiting--;
      }
      if (waiting <= 0) break;
    }
  }

  const violations = checkRun({
    validators,
    ids: hosts.map((h) => h.id),
    honest,
    correct,
    decisions: log.decisions,
    proposed: log.proposed,
    evidence: log.evidence,
    expectProgress,
    targetHeights,
    deadlineMs,
  });
  if (budgetExhausted) violations.push({ property: 'progress', detail: `event budget of ${maxEvents} exhausted at ${queue.now} ms` });
  return {
    seed: options.seed,
    ok: violations.length === 0,
    violations,
    decisions: log.decisions,
    evidence: log.evidence,
    heightsDecided: decided,
    endTimeMs: queue.now,
    deadlineMs,
    events,
    messagesSent,
    maxRound: hosts.reduce((m, h) => Math.max(m, h.maxRound), 0),
    peakLogSize: hosts.reduce((m, h) => (honest.has(h.index) ? Math.max(m, h.peakLogSize) : m), 0),
    peakBuffered: hosts.reduce((m, h) => (honest.has(h.index) ? Math.max(m, h.peakBuffered) : m), 0),
    expectProgress,
    reproduce: `runSimulation(${JSON.stringify(options)})`,
  };
}

/** The validator id of node i: a fixed-width string so ids sort like indices. */
export function validatorId(i: number): string {
  return `v${i.toString().padStart(3, '0')}`;
}
