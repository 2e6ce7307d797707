/** Label names to values of one series. */
export type LabelSet = Readonly<Record<string, string>>;

/** The label set of a metric declared without label names. */
export type NoLabels = Readonly<Record<never, string>>;

/**
 * The arguments of a metric call: the label values first when the metric has labels, then `Rest`.
 * `counter.inc()` for an unlabelled counter, `counter.inc({ method: 'x' }, 2)` for a labelled one.
 */
export type WithLabels<L extends LabelSet, Rest extends unknown[]> = [keyof L] extends [never]
  ? Rest
  : [labels: L, ...Rest];

/** A value only ever going up (Prometheus `counter`). */
export interface Counter<L extends LabelSet = NoLabels> {
  readonly name: string;
  /** Adds `value` (default 1; must be ≥ 0). */
  inc(...args: WithLabels<L, [value?: number | bigint]>): void;
  /** The current value of one series; 0 when it was never touched. */
  get(...args: WithLabels<L, []>): number;
  /** Forgets every series (an unlabelled metric goes back to 0). */
  reset(): void;
}

/** A value going up and down (Prometheus `gauge`). */
export interface Gauge<L extends LabelSet = NoLabels> {
  readonly name: string;
  set(...args: WithLabels<L, [value: number | bigint]>): void;
  /** Adds `value` (default 1). */
  inc(...args: WithLabels<L, [value?: number | bigint]>): void;
  /** Subtracts `value` (default 1). */
  dec(...args: WithLabels<L, [value?: number | bigint]>): void;
  /** The current value of one series; 0 when it was never set. */
  get(...args: WithLabels<L, []>): number;
  /**
   * Registers `fn`, called synchronously at every `render()` before the text is produced, to set
   * values read from elsewhere (the pool's size, the peer count). Returns a function removing it.
   */
  collect(fn: (gauge: Gauge<L>) => void): () => void;
  /** Forgets every series (an unlabelled metric goes back to 0). */
  reset(): void;
}

/** A histogram's state for one series; bucket counts are cumulative and the last bucket is `+Inf`. */
export interface HistogramSnapshot {
  readonly buckets: readonly { readonly le: number; readonly count: number }[];
  readonly sum: number;
  readonly count: number;
}

/** Observations counted in buckets by upper bound (Prometheus `histogram`). */
export interface Histogram<L extends LabelSet = NoLabels> {
  readonly name: string;
  /** The finite upper bounds, increasing; `+Inf` is implied. */
  readonly buckets: readonly number[];
  observe(...args: WithLabels<L, [value: number]>): void;
  get(...args: WithLabels<L, []>): HistogramSnapshot;
  /** Forgets every series (an unlabelled metric goes back to empty). */
  reset(): void;
}

/**
 * What services receive to declare and update their metrics: a {@link MetricsRegistry}, or
 * {@link noopMetrics} when metrics are off (never `null`).
 *
 * @example
 * const calls = metrics.counter('spindle_calls_total', 'Calls handled', ['method']);
 * calls.inc({ method: 'chain_getHeader' });
 * const peers = metrics.gauge('spindle_peers', 'Connected peers');
 * peers.collect((g) => g.set(network.peerCount));
 */
export interface Metrics {
  counter<const N extends string = never>(name: string, help: string, labelNames?: readonly N[]): Counter<Record<N, string>>;
  gauge<const N extends string = never>(name: string, help: string, labelNames?: readonly N[]): Gauge<Record<N, string>>;
  histogram<const N extends string = never>(
    name: string,
    help: string,
    buckets: readonly number[],
    labelNames?: readonly N[],
  ): Histogram<Record<N, string>>;
  /** Every metric in the Prometheus text exposition format 0.0.4 ('' when there is nothing). */
  render(): string;
}
