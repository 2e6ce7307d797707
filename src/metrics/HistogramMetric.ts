import type { Histogram, HistogramSnapshot, LabelSet, WithLabels } from './Metrics.ts';
import type { MetricFamily } from './MetricFamily.ts';
import { MetricsError } from './MetricsError.ts';
import { SeriesMap, numberArg } from './SeriesMap.ts';
import { formatLabels, formatSample, formatValue } from './exposition.ts';

interface HistogramState {
  /** Observations per bucket, not cumulative; the last slot is the `+Inf` bucket. */
  readonly counts: number[];
  sum: number;
  count: number;
}

/** The registry's {@link Histogram}: per series, a count per upper bound plus sum and count. */
export class HistogramMetric<L extends LabelSet> implements Histogram<L>, MetricFamily {
  readonly type = 'histogram';
  readonly name: string;
  readonly help: string;
  readonly buckets: readonly number[];
  readonly sampleNames: readonly string[];
  readonly #labelNames: readonly string[];
  readonly #series: SeriesMap<HistogramState>;

  /** `buckets` must already be validated (finite, strictly increasing). */
  constructor(name: string, help: string, buckets: readonly number[], labelNames: readonly string[]) {
    this.name = name;
    this.help = help;
    this.buckets = buckets;
    this.sampleNames = [`${name}_bucket`, `${name}_sum`, `${name}_count`];
    this.#labelNames = labelNames;
    this.#series = new SeriesMap(name, labelNames, () => ({ counts: new Array<number>(buckets.length + 1).fill(0), sum: 0, count: 0 }));
  }

  observe(...args: WithLabels<L, [value: number]>): void {
    const { state, rest } = this.#series.select(args);
    const value = numberArg(this.name, rest[0]);
    if (Number.isNaN(value)) {
      throw new MetricsError({ code: 'INVALID_VALUE', metric: this.name }, `histogram ${this.name} cannot observe NaN`);
    }
    let i = 0;
    while (i < this.buckets.length && value > (this.buckets[i] as number)) i++;
    state.counts[i] = (state.counts[i] as number) + 1;
    state.sum += value;
    state.count += 1;
  }

  get(...args: WithLabels<L, []>): HistogramSnapshot {
    const state = this.#series.find(args);
    return snapshot(this.buckets, state ?? { counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0 });
  }

  reset(): void {
    this.#series.clear();
  }

  runCollectors(): void {}

  samples(): string[] {
    const lines: string[] = [];
    for (const { values, state } of this.#series.sorted()) {
      for (const { le, count } of snapshot(this.buckets, state).buckets) {
        lines.push(formatSample(`${this.name}_bucket`, formatLabels(this.#labelNames, values, ['le', formatValue(le)]), count));
      }
      const labels = formatLabels(this.#labelNames, values);
      lines.push(formatSample(`${this.name}_sum`, labels, state.sum));
      lines.push(formatSample(`${this.name}_count`, labels, state.count));
    }
    return lines;
  }
}

function snapshot(bounds: readonly number[], state: HistogramState): HistogramSnapshot {
  let cumulative = 0;
  const buckets = state.counts.map((n, i) => {
    cumulative += n;
    return { le: i < bounds.length ? (bounds[i] as number) : Infinity, count: cumulative };
  });
  return { buckets, sum: state.sum, count: state.count };
}
