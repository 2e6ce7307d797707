import type { Counter, Gauge, Histogram, Metrics } from './Metrics.ts';
import { isWellFormed } from './exposition.ts';

/** `substrate_block_height{status}`. */
export type BlockStatus = 'best' | 'finalized' | 'sync_target';
/** The transport of an RPC call, as Substrate labels it. */
export type RpcProtocol = 'http' | 'ws';
export type NodeRole = 'full' | 'authority';
export type ConsensusStep = 'propose' | 'prevote' | 'precommit' | 'commit';
export type VoteType = 'prevote' | 'precommit';
export type TimeoutKind = 'propose' | 'prevote' | 'precommit';
type Bool = 'true' | 'false';

/** The value `spindle_consensus_step` takes for each step. */
export const CONSENSUS_STEP_VALUE: Readonly<Record<ConsensusStep, number>> = Object.freeze({
  propose: 0,
  prevote: 1,
  precommit: 2,
  commit: 3,
});

/** `substrate_node_roles`: Substrate's role bits (1 full, 4 authority). */
export const NODE_ROLE_VALUE: Readonly<Record<NodeRole, number>> = Object.freeze({ full: 1, authority: 4 });

/** Prometheus' default buckets, in seconds (Substrate uses them for its import timings). */
export const SECONDS_BUCKETS: readonly number[] = Object.freeze([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
/** `substrate_rpc_calls_time` buckets, in microseconds, as Substrate declares them. */
export const RPC_CALL_MICROS_BUCKETS: readonly number[] = Object.freeze([5, 25, 100, 500, 1_000, 2_500, 10_000, 25_000, 100_000, 1_000_000, 10_000_000]);
/** `spindle_block_transactions` buckets; `le="0"` counts empty blocks. */
export const BLOCK_TRANSACTIONS_BUCKETS: readonly number[] = Object.freeze([0, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000]);

/** Label value standing for every RPC method name that is not counted under its own name. */
export const UNKNOWN_RPC_METHOD = 'unknown';

export interface NodeMetricsInfo {
  /** `--name`, the node's name (label `name` of `substrate_build_info`). */
  readonly name: string;
  /** The implementation version (label `version`). */
  readonly version: string;
  /** The chain spec id (label `chain`). */
  readonly chain: string;
  readonly role: NodeRole;
  /** Seconds since the UNIX epoch when the process started; default: from `performance.timeOrigin`. */
  readonly processStartTimeSeconds?: number;
  /**
   * The RPC method names counted under their own name; any other name is counted as
   * `unknown`, so clients cannot grow the series without bound. Without a list, the first
   * `maxRpcMethodLabels` distinct names (well-formed, ≤ 128 chars) are kept as given.
   */
  readonly rpcMethods?: Iterable<string>;
  /** Default 512. */
  readonly maxRpcMethodLabels?: number;
}

/** How an RPC call ended, for {@link NodeMetrics.rpcCallFinished}. */
export interface RpcCallOutcome {
  readonly isError: boolean;
  /** How long the call took, in microseconds. */
  readonly micros: number;
}

/**
 * The metrics a Spindle node updates: Substrate's names where Substrate has the metric (so
 * dashboards and zombienet-style checks work unchanged), `spindle_*` for the consensus engine.
 */
export interface NodeMetrics {
  /** `substrate_block_height{status="best"|"finalized"|"sync_target"}`. */
  readonly blockHeight: Gauge<{ status: BlockStatus }>;
  /** `substrate_process_start_time_seconds`, set once by {@link nodeMetrics}. */
  readonly processStartTimeSeconds: Gauge;
  /** `substrate_build_info{name,version,chain}` = 1, set once by {@link nodeMetrics}. */
  readonly buildInfo: Gauge<{ name: string; version: string; chain: string }>;
  /** `substrate_node_roles` (1 full, 4 authority), set once by {@link nodeMetrics}. */
  readonly nodeRoles: Gauge;
  /** `substrate_ready_transactions_number`. */
  readonly readyTransactions: Gauge;
  /** `substrate_sub_libp2p_peers_count`. */
  readonly peers: Gauge;
  /** `substrate_rpc_calls_started{protocol,method}`; update through {@link NodeMetrics.rpcCallStarted}. */
  readonly rpcCallsStarted: Counter<{ protocol: RpcProtocol; method: string }>;
  /** `substrate_rpc_calls_finished{protocol,method,is_error,is_rate_limited}`; update through {@link NodeMetrics.rpcCallFinished}. */
  readonly rpcCallsFinished: Counter<{ protocol: RpcProtocol; method: string; is_error: Bool; is_rate_limited: Bool }>;
  /** `substrate_rpc_calls_time{protocol,method,is_rate_limited}`, microseconds. */
  readonly rpcCallsTime: Histogram<{ protocol: RpcProtocol; method: string; is_rate_limited: Bool }>;
  /** `substrate_rpc_sessions_opened` (WebSocket connections). */
  readonly rpcSessionsOpened: Counter;
  /** `substrate_rpc_sessions_closed`. */
  readonly rpcSessionsClosed: Counter;
  /** Counts a received call (one entry of a batch counts once) under its bounded method label. */
  rpcCallStarted(protocol: RpcProtocol, method: string): void;
  /** Counts an answered call and observes its duration. */
  rpcCallFinished(protocol: RpcProtocol, method: string, outcome: RpcCallOutcome): void;
  /** The `method` label a call name is counted under (itself or `unknown`). */
  rpcMethodLabel(method: string): string;
  /** `spindle_consensus_height`: the height consensus is deciding. */
  readonly consensusHeight: Gauge;
  /** `spindle_consensus_round`. */
  readonly consensusRound: Gauge;
  /** `spindle_consensus_step`: see {@link CONSENSUS_STEP_VALUE}. */
  readonly consensusStep: Gauge;
  /** `spindle_consensus_proposals_received_total`. */
  readonly proposalsReceived: Counter;
  /** `spindle_consensus_votes_received_total{type}`. */
  readonly votesReceived: Counter<{ type: VoteType }>;
  /** `spindle_consensus_timeouts_total{kind}`. */
  readonly timeouts: Counter<{ kind: TimeoutKind }>;
  /** `spindle_block_import_seconds`: verifying and importing one block. */
  readonly blockImportSeconds: Histogram;
  /** `spindle_block_transactions`: extrinsics per imported block. */
  readonly blockTransactions: Histogram;
}

/**
 * Declares the node's metric set on `metrics` and sets the constant ones (build info, roles,
 * start time). With {@link noopMetrics} every update is ignored.
 *
 * @example
 * const m = nodeMetrics(registry, { name: 'alice', version: '0.1.0', chain: 'dev', role: 'authority', rpcMethods });
 * m.blockHeight.set({ status: 'best' }, header.number); // bigint accepted
 * m.consensusStep.set(CONSENSUS_STEP_VALUE.prevote);
 * m.readyTransactions.collect((g) => g.set(pool.status().ready));
 */
export function nodeMetrics(metrics: Metrics, info: NodeMetricsInfo): NodeMetrics {
  const processStartTimeSeconds = metrics.gauge(
    'substrate_process_start_time_seconds',
    'Number of seconds between the UNIX epoch and the moment the process started',
  );
  processStartTimeSeconds.set(info.processStartTimeSeconds ?? Math.floor(performance.timeOrigin / 1000));
  const buildInfo = metrics.gauge('substrate_build_info', "A metric with a constant '1' value labeled by name, version and chain", [
    'name',
    'version',
    'chain',
  ]);
  buildInfo.set({ name: info.name, version: info.version, chain: info.chain }, 1);
  const nodeRoles = metrics.gauge('substrate_node_roles', 'The roles the node is running as');
  nodeRoles.set(NODE_ROLE_VALUE[info.role]);

  const rpcCallsStarted = metrics.counter('substrate_rpc_calls_started', 'Number of received RPC calls (unique un-batched requests)', [
    'protocol',
    'method',
  ]);
  const rpcCallsFinished = metrics.counter('substrate_rpc_calls_finished', 'Number of processed RPC calls (unique un-batched requests)', [
    'protocol',
    'method',
    'is_error',
    'is_rate_limited',
  ]);
  const rpcCallsTime = metrics.histogram('substrate_rpc_calls_time', 'Total time [μs] of processed RPC calls', RPC_CALL_MICROS_BUCKETS, [
    'protocol',
    'method',
    'is_rate_limited',
  ]);
  const rpcMethodLabel = methodLabeller(info.rpcMethods, info.maxRpcMethodLabels ?? 512);

  return {
    blockHeight: metrics.gauge('substrate_block_height', 'Block height info of the chain', ['status']),
    processStartTimeSeconds,
    buildInfo,
    nodeRoles,
    readyTransactions: metrics.gauge('substrate_ready_transactions_number', 'Number of transactions in the ready queue'),
    peers: metrics.gauge('substrate_sub_libp2p_peers_count', 'Number of connected peers'),
    rpcCallsStarted,
    rpcCallsFinished,
    rpcCallsTime,
    rpcSessionsOpened: metrics.counter('substrate_rpc_sessions_opened', 'Number of persistent RPC sessions opened'),
    rpcSessionsClosed: metrics.counter('substrate_rpc_sessions_closed', 'Number of persistent RPC sessions closed'),
    rpcCallStarted(protocol, method) {
      rpcCallsStarted.inc({ protocol, method: rpcMethodLabel(method) });
    },
    rpcCallFinished(protocol, method, outcome) {
      const label = rpcMethodLabel(method);
      rpcCallsTime.observe({ protocol, method: label, is_rate_limited: 'false' }, outcome.micros);
      rpcCallsFinished.inc({ protocol, method: label, is_error: outcome.isError ? 'true' : 'false', is_rate_limited: 'false' });
    },
    rpcMethodLabel,
    consensusHeight: metrics.gauge('spindle_consensus_height', 'Height the consensus engine is deciding'),
    consensusRound: metrics.gauge('spindle_consensus_round', 'Round of the current consensus height'),
    consensusStep: metrics.gauge('spindle_consensus_step', 'Step of the current round: 0 propose, 1 prevote, 2 precommit, 3 commit'),
    proposalsReceived: metrics.counter('spindle_consensus_proposals_received_total', 'Proposals received from peers'),
    votesReceived: metrics.counter('spindle_consensus_votes_received_total', 'Votes received from peers, by type', ['type']),
    timeouts: metrics.counter('spindle_consensus_timeouts_total', 'Consensus timeouts that fired, by kind', ['kind']),
    blockImportSeconds: metrics.histogram('spindle_block_import_seconds', 'Time taken to verify and import a block', SECONDS_BUCKETS),
    blockTransactions: metrics.histogram('spindle_block_transactions', 'Number of extrinsics in an imported block', BLOCK_TRANSACTIONS_BUCKETS),
  };
}

function methodLabeller(known: Iterable<string> | undefined, max: number): (method: string) => string {
  if (known !== undefined) {
    const names = new Set(known);
    return (method) => (names.has(method) ? method : UNKNOWN_RPC_METHOD);
  }
  const seen = new Set<string>();
  return (method) => {
    if (seen.has(method)) return method;
    if (typeof method !== 'string' || method.length > 128 || !isWellFormed(method) || seen.size >= max) return UNKNOWN_RPC_METHOD;
    seen.add(method);
    return method;
  };
}
