import type { Gauge, LabelSet, WithLabels } from './Metrics.ts';
import type { MetricFamily } from './MetricFamily.ts';
import { MetricsError } from './MetricsError.ts';
import { SeriesMap, numberArg } from './SeriesMap.ts';
import { formatLabels, formatSample } from './exposition.ts';

/** The registry's {@link Gauge}: one number per series, set or moved, plus scrape-time callbacks. */
export class GaugeMetric<L extends LabelSet> implements Gauge<L>, MetricFamily {
  readonly type = 'gauge';
  readonly name: string;
  readonly help: string;
  readonly sampleNames: readonly string[];
  readonly #labelNames: readonly string[];
  readonly #series: SeriesMap<{ value: number }>;
  readonly #collectors = new Set<{ fn: (gauge: Gauge<L>) => void }>();

  constructor(name: string, help: string, labelNames: readonly string[]) {
    this.name = name;
    this.help = help;
    this.sampleNames = [name];
    this.#labelNames = labelNames;
    this.#series = new SeriesMap(name, labelNames, () => ({ value: 0 }));
  }

  set(...args: WithLabels<L, [value: number | bigint]>): void {
    const { state, rest } = this.#series.select(args);
    state.value = numberArg(this.name, rest[0]);
  }

  inc(...args: WithLabels<L, [value?: number | bigint]>): void {
    const { state, rest } = this.#series.select(args);
    state.value += numberArg(this.name, rest[0], 1);
  }

  dec(...args: WithLabels<L, [value?: number | bigint]>): void {
    const { state, rest } = this.#series.select(args);
    state.value -= numberArg(this.name, rest[0], 1);
  }

  get(...args: WithLabels<L, []>): number {
    return this.#series.find(args)?.value ?? 0;
  }

  collect(fn: (gauge: Gauge<L>) => void): () => void {
    // A wrapper object, so registering the same function twice gives two independent removals.
    const entry = { fn };
    this.#collectors.add(entry);
    return () => void this.#collectors.delete(entry);
  }

  runCollectors(): void {
    for (const { fn } of this.#collectors) {
      try {
        fn(this);
      } catch (cause) {
        throw new MetricsError({ code: 'COLLECT_FAILED', metric: this.name }, `gauge ${this.name}: collect callback failed`, { cause });
      }
    }
  }

  reset(): void {
    this.#series.clear();
  }

  samples(): string[] {
    return this.#series.sorted().map((s) => formatSample(this.name, formatLabels(this.#labelNames, s.values), s.state.value));
  }
}
