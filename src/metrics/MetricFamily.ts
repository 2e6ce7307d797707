/** What the registry needs from each registered metric to check names and render it. */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  /** Every sample name this metric writes (`name`, or `name_bucket`, `name_sum`, `name_count`). */
  readonly sampleNames: readonly string[];
  /** Runs scrape-time callbacks (gauges); throws MetricsError COLLECT_FAILED if one throws. */
  runCollectors(): void;
  /** The sample lines (without line feeds), ordered by label values; none when there is no series. */
  samples(): string[];
}
