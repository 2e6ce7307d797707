export type { Counter, Gauge, Histogram, HistogramSnapshot, LabelSet, Metrics, NoLabels, WithLabels } from './Metrics.ts';
export { MetricsError, isMetricsError, type MetricsErrorCode, type MetricsErrorData } from './MetricsError.ts';
export { MetricsRegistry } from './MetricsRegistry.ts';
export { noopMetrics } from './noopMetrics.ts';
export { MetricsServer, DEFAULT_PROMETHEUS_PORT, type MetricsServerOptions } from './MetricsServer.ts';
export { EXPOSITION_CONTENT_TYPE } from './exposition.ts';
export {
  nodeMetrics,
  CONSENSUS_STEP_VALUE,
  NODE_ROLE_VALUE,
  SECONDS_BUCKETS,
  RPC_CALL_MICROS_BUCKETS,
  BLOCK_TRANSACTIONS_BUCKETS,
  UNKNOWN_RPC_METHOD,
  type NodeMetrics,
  type NodeMetricsInfo,
  type RpcCallOutcome,
  type BlockStatus,
  type RpcProtocol,
  type NodeRole,
  type ConsensusStep,
  type VoteType,
  type TimeoutKind,
} from './nodeMetrics.ts';
