import type { Counter, Gauge, Metrics } from './Metrics.ts';

/** Spindle's anchoring metrics (`spindle_anchor_*`). */
export interface AnchorMetrics {
  /** Last relay block covered by a closed anchor period. */
  readonly committedHeight: Gauge;
  readonly commitments: Counter;
  readonly signatures: Counter;
  /** Last relay block the contract holds (nextBlock - 1), as last read from L1. */
  readonly anchoredHeight: Gauge;
  readonly lagBlocks: Gauge;
  readonly lagSeconds: Gauge;
  readonly gasUsed: Counter;
  readonly feeWei: Counter;
  readonly submissions: Counter<{ kind: string }>;
  readonly failures: Counter<{ reason: string }>;
  readonly skipped: Counter<{ reason: string }>;
}

export function anchorMetrics(metrics: Metrics): AnchorMetrics {
  return {
    committedHeight: metrics.gauge('spindle_anchor_committed_height', 'Last relay block covered by a closed anchor period'),
    commitments: metrics.counter('spindle_anchor_commitments_total', 'Anchor commitments cut from finalized blocks'),
    signatures: metrics.counter('spindle_anchor_signatures_total', 'Valid validator signatures on anchor commitments stored'),
    anchoredHeight: metrics.gauge('spindle_anchor_anchored_height', 'Last relay block anchored on Ethereum (as last read from the contract)'),
    lagBlocks: metrics.gauge('spindle_anchor_lag_blocks', 'Finalized relay blocks not anchored on Ethereum yet'),
    lagSeconds: metrics.gauge('spindle_anchor_lag_seconds', 'Relay time between the anchored block and the finalized head'),
    gasUsed: metrics.counter('spindle_anchor_gas_used_total', 'Gas used by confirmed anchoring transactions'),
    feeWei: metrics.counter('spindle_anchor_fee_wei_total', 'Fees paid by confirmed anchoring transactions, in wei'),
    submissions: metrics.counter('spindle_anchor_submissions_total', 'Anchoring transactions sent, by contract function', ['kind']),
    failures: metrics.counter('spindle_anchor_failures_total', 'Anchoring rounds that failed, by reason', ['reason']),
    skipped: metrics.counter('spindle_anchor_skipped_total', 'Anchoring rounds that sent nothing although there was work, by reason', ['reason']),
  };
}
