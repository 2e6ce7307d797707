import type { Counter, LabelSet, WithLabels } from './Metrics.ts';
import type { MetricFamily } from './MetricFamily.ts';
import { MetricsError } from './MetricsError.ts';
import { SeriesMap, numberArg } from './SeriesMap.ts';
import { formatLabels, formatSample } from './exposition.ts';

/** The registry's {@link Counter}: one number per series, only ever increased. */
export class CounterMetric<L extends LabelSet> implements Counter<L>, MetricFamily {
  readonly type = 'counter';
  readonly name: string;
  readonly help: string;
  readonly sampleNames: readonly string[];
  readonly #labelNames: readonly string[];
  readonly #series: SeriesMap<{ value: number }>;

  constructor(name: string, help: string, labelNames: readonly string[]) {
    this.name = name;
    this.help = help;
    this.sampleNames = [name];
    this.#labelNames = labelNames;
    this.#series = new SeriesMap(name, labelNames, () => ({ value: 0 }));
  }

  inc(...args: WithLabels<L, [value?: number | bigint]>): void {
    const { state, rest } = this.#series.select(args);
    const value = numberArg(this.name, rest[0], 1);
    if (!(value >= 0)) {
      throw new MetricsError({ code: 'INVALID_VALUE', metric: this.name }, `counter ${this.name} cannot be increased by ${value}`);
    }
    state.value += value;
  }

  get(...args: WithLabels<L, []>): number {
    return this.#series.find(args)?.value ?? 0;
  }

  reset(): void {
    this.#series.clear();
  }

  runCollectors(): void {}

  samples(): string[] {
    return this.#series.sorted().map((s) => formatSample(this.name, formatLabels(this.#labelNames, s.values), s.state.value));
  }
}
