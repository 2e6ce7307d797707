import type { Counter, Gauge, Histogram, Metrics } from './Metrics.ts';
import type { MetricFamily } from './MetricFamily.ts';
import { CounterMetric } from './CounterMetric.ts';
import { GaugeMetric } from './GaugeMetric.ts';
import { HistogramMetric } from './HistogramMetric.ts';
import { MetricsError } from './MetricsError.ts';
import { escapeHelp } from './exposition.ts';
import { normalizeBuckets, validateDefinition } from './validateDefinition.ts';

/**
 * The metrics of one node, rendered in the Prometheus text exposition format 0.0.4.
 * Names and label names follow Prometheus' rules; registering a name twice (or a name that
 * collides with a histogram's `_bucket`/`_sum`/`_count`) throws MetricsError DUPLICATE_METRIC.
 *
 * @example
 * const registry = new MetricsRegistry();
 * const imported = registry.counter('spindle_blocks_imported_total', 'Blocks imported');
 * imported.inc();
 * registry.render(); // '# HELP spindle_blocks_imported_total Blocks imported\n# TYPE … counter\n… 1\n'
 */
export class MetricsRegistry implements Metrics {
  readonly #families = new Map<string, MetricFamily>();
  /** Every sample name taken, to the metric that renders it. */
  readonly #taken = new Map<string, string>();

  counter<const N extends string = never>(name: string, help: string, labelNames: readonly N[] = []): Counter<Record<N, string>> {
    validateDefinition({ name, help, labelNames, kind: 'counter' });
    return this.#add(new CounterMetric<Record<N, string>>(name, help, [...labelNames]));
  }

  gauge<const N extends string = never>(name: string, help: string, labelNames: readonly N[] = []): Gauge<Record<N, string>> {
    validateDefinition({ name, help, labelNames, kind: 'gauge' });
    return this.#add(new GaugeMetric<Record<N, string>>(name, help, [...labelNames]));
  }

  histogram<const N extends string = never>(
    name: string,
    help: string,
    buckets: readonly number[],
    labelNames: readonly N[] = [],
  ): Histogram<Record<N, string>> {
    validateDefinition({ name, help, labelNames, kind: 'histogram' });
    return this.#add(new HistogramMetric<Record<N, string>>(name, help, normalizeBuckets(name, buckets), [...labelNames]));
  }

  /**
   * Runs every gauge's `collect` callbacks, then writes every metric that has a series, sorted
   * by name: `# HELP`, `# TYPE`, then its samples. Throws MetricsError COLLECT_FAILED when a
   * callback throws.
   */
  render(): string {
    const families = [...this.#families.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const family of families) family.runCollectors();
    let text = '';
    for (const family of families) {
      const samples = family.samples();
      if (samples.length === 0) continue;
      text += `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
      for (const line of samples) text += `${line}\n`;
    }
    return text;
  }

  #add<M extends MetricFamily>(metric: M): M {
    const names = new Set([metric.name, ...metric.sampleNames]);
    for (const n of names) {
      const owner = this.#taken.get(n);
      if (owner !== undefined) {
        throw new MetricsError(
          { code: 'DUPLICATE_METRIC', metric: metric.name, conflictsWith: owner },
          owner === metric.name
            ? `metric ${metric.name} is already registered`
            : `metric ${metric.name} renders ${n}, which collides with metric ${owner}`,
        );
      }
    }
    for (const n of names) this.#taken.set(n, metric.name);
    this.#families.set(metric.name, metric);
    return metric;
  }
}
