import type { Counter, Gauge, Histogram, HistogramSnapshot, LabelSet, Metrics } from './Metrics.ts';

const EMPTY: HistogramSnapshot = Object.freeze({ buckets: Object.freeze([]), sum: 0, count: 0 });
const nothing = (): void => {};

/**
 * Metrics switched off (`--no-prometheus`): the same {@link Metrics} interface, every call
 * accepted and ignored (no validation, no state), `get` answering 0, `render()` answering ''.
 * Services receive this instead of `null`, so they never test whether metrics are on.
 *
 * @example
 * const metrics = options.prometheus ? new MetricsRegistry() : noopMetrics();
 */
export function noopMetrics(): Metrics {
  return {
    counter: (name) => noopCounter(name),
    gauge: (name) => noopGauge(name),
    histogram: (name, _help, buckets) => noopHistogram(name, buckets),
    render: () => '',
  };
}

function noopCounter<L extends LabelSet>(name: string): Counter<L> {
  return { name, inc: nothing, get: () => 0, reset: nothing };
}

function noopGauge<L extends LabelSet>(name: string): Gauge<L> {
  return { name, set: nothing, inc: nothing, dec: nothing, get: () => 0, collect: () => nothing, reset: nothing };
}

function noopHistogram<L extends LabelSet>(name: string, buckets: readonly number[]): Histogram<L> {
  return { name, buckets: Array.isArray(buckets) ? buckets : [], observe: nothing, get: () => EMPTY, reset: nothing };
}
