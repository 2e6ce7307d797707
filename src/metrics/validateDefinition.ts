import { MetricsError } from './MetricsError.ts';
import { isWellFormed } from './exposition.ts';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** What a registration declares. */
export interface MetricDefinition {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly kind: 'counter' | 'gauge' | 'histogram';
}

/**
 * Checks a registration against Prometheus' data model rules: metric name, help text, label
 * names (none reserved with `__`, no repeats, no `le` on a histogram). Throws {@link MetricsError}.
 */
export function validateDefinition(def: MetricDefinition): void {
  const { name, help, labelNames, kind } = def;
  if (typeof name !== 'string' || !METRIC_NAME.test(name)) {
    throw new MetricsError({ code: 'INVALID_METRIC_NAME', metric: String(name) }, `invalid metric name ${JSON.stringify(name)}`);
  }
  if (typeof help !== 'string' || help.length === 0 || !isWellFormed(help)) {
    throw new MetricsError({ code: 'INVALID_HELP', metric: name }, `metric ${name}: help must be a non-empty well-formed string`);
  }
  if (!Array.isArray(labelNames)) {
    throw new MetricsError({ code: 'INVALID_LABEL_NAME', metric: name, label: String(labelNames) }, `metric ${name}: label names must be an array`);
  }
  const seen = new Set<string>();
  for (const label of labelNames) {
    const why =
      typeof label !== 'string' || !LABEL_NAME.test(label)
        ? 'is not [a-zA-Z_][a-zA-Z0-9_]*'
        : label.startsWith('__')
          ? 'is reserved (starts with __)'
          : seen.has(label)
            ? 'is repeated'
            : kind === 'histogram' && label === 'le'
              ? 'is reserved for histogram buckets'
              : null;
    if (why !== null) {
      throw new MetricsError({ code: 'INVALID_LABEL_NAME', metric: name, label: String(label) }, `metric ${name}: label ${JSON.stringify(label)} ${why}`);
    }
    seen.add(label);
  }
}

/** A histogram's finite upper bounds, strictly increasing; a trailing `+Inf` is dropped (it is always implied). */
export function normalizeBuckets(metric: string, buckets: readonly number[]): readonly number[] {
  if (!Array.isArray(buckets)) throw invalidBuckets(metric, 'must be an array');
  const bounds = buckets.length > 0 && buckets[buckets.length - 1] === Infinity ? buckets.slice(0, -1) : [...buckets];
  for (let i = 0; i < bounds.length; i++) {
    const b = bounds[i];
    if (typeof b !== 'number' || !Number.isFinite(b)) throw invalidBuckets(metric, `bound ${String(b)} is not a finite number`);
    if (i > 0 && b <= (bounds[i - 1] as number)) throw invalidBuckets(metric, 'bounds must be strictly increasing');
  }
  return Object.freeze(bounds);
}

function invalidBuckets(metric: string, why: string): MetricsError {
  return new MetricsError({ code: 'INVALID_BUCKETS', metric }, `histogram ${metric}: buckets ${why}`);
}
