/** The anchor contract functions the submitter sends. */
export type AnchorTxKind = 'submit' | 'submitBatch' | 'rotate';

/**
 * Why a round failed:
 * - l1_unreachable: the L1 endpoint did not answer (connection refused, timeout, closed socket).
 * - l1_error: the endpoint answered with an error we did not expect.
 * - estimate_reverted: `eth_estimateGas` reverted; nothing was sent.
 * - source_invalid: the commitment source broke its contract (gap, wrong set, set hash mismatch).
 * - source_error: the commitment source threw.
 * - send_rejected: the node refused our signed transaction (e.g. underpriced replacement).
 * - tx_reverted: our transaction was mined and reverted (someone else anchored first, usually).
 * - tx_dropped: our transaction left the chain (reorg) or the pool without being confirmed.
 */
export type AnchorFailureReason =
  | 'l1_unreachable'
  | 'l1_error'
  | 'estimate_reverted'
  | 'source_invalid'
  | 'source_error'
  | 'send_rejected'
  | 'tx_reverted'
  | 'tx_dropped';

/** Why a round sent nothing although there was work. */
export type AnchorSkipReason = 'gas_price_above_max' | 'own_tx_pending';

/**
 * Metric hooks of {@link AnchorSubmitter}; declared here by their user, so the anchor module
 * has no dependency on a metrics library. Counters are reported as increments.
 */
export interface AnchorSubmitterMetrics {
  /** Last relay block anchored on L1 (contract `nextBlock - 1`), after every state read. */
  anchoredHeight(height: bigint): void;
  /** Finalized relay head minus anchored height (needs `source.finalizedHead`). */
  lagBlocks(blocks: bigint): void;
  /** Relay time between the anchored height and the finalized head, in seconds (needs relay timestamps). */
  lagSeconds(seconds: number): void;
  /** A confirmed transaction of ours: its gas and fee (gasUsed × effectiveGasPrice); add to totals. */
  gasSpent(gas: bigint, feeWei: bigint): void;
  /** A transaction was sent (replacements count too). */
  submission(kind: AnchorTxKind): void;
  failure(reason: AnchorFailureReason): void;
  skipped(reason: AnchorSkipReason): void;
}

/** Metrics off: every hook does nothing. */
export function noopAnchorSubmitterMetrics(): AnchorSubmitterMetrics {
  return { anchoredHeight() {}, lagBlocks() {}, lagSeconds() {}, gasSpent() {}, submission() {}, failure() {}, skipped() {} };
}
