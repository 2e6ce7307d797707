import { MetricsError } from './MetricsError.ts';
import { isWellFormed } from './exposition.ts';

/** One series: its label values (in declared order) and its state. */
export interface Series<S> {
  readonly values: readonly string[];
  readonly state: S;
}

/**
 * The series of one metric, keyed by label values. Parses a call's leading label argument
 * (validating it against the declared names) and hands back the rest of the arguments.
 * An unlabelled metric always has its one series, so it renders 0 before its first update.
 */
export class SeriesMap<S> {
  readonly #metric: string;
  readonly #labelNames: readonly string[];
  readonly #create: () => S;
  readonly #series = new Map<string, Series<S>>();

  constructor(metric: string, labelNames: readonly string[], create: () => S) {
    this.#metric = metric;
    this.#labelNames = labelNames;
    this.#create = create;
    this.clear();
  }

  /** The series a call names (created on first use) and the call's arguments after the labels. */
  select(args: readonly unknown[]): { state: S; rest: readonly unknown[] } {
    const values = this.#values(args);
    const key = JSON.stringify(values);
    let series = this.#series.get(key);
    if (series === undefined) {
      series = { values, state: this.#create() };
      this.#series.set(key, series);
    }
    return { state: series.state, rest: this.#labelNames.length === 0 ? args : args.slice(1) };
  }

  /** The series a call names, without creating it. */
  find(args: readonly unknown[]): S | undefined {
    return this.#series.get(JSON.stringify(this.#values(args)))?.state;
  }

  /** Forgets every series. */
  clear(): void {
    this.#series.clear();
    if (this.#labelNames.length === 0) this.#series.set('[]', { values: [], state: this.#create() });
  }

  /** Every series, ordered by label values (so the rendering does not depend on update order). */
  sorted(): Series<S>[] {
    return [...this.#series.values()].sort((a, b) => compareValues(a.values, b.values));
  }

  #values(args: readonly unknown[]): readonly string[] {
    const names = this.#labelNames;
    const labels = args[0];
    if (names.length === 0) {
      if (typeof labels === 'object' && labels !== null) throw this.#invalid('it has no labels');
      return [];
    }
    if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) throw this.#invalid('labels must be an object');
    const given = Object.keys(labels);
    if (given.length !== names.length) throw this.#invalid(`got ${JSON.stringify(given)}`);
    const values: string[] = [];
    for (const name of names) {
      if (!Object.hasOwn(labels, name)) throw this.#invalid(`label ${name} is missing`);
      const value: unknown = (labels as Record<string, unknown>)[name];
      if (typeof value !== 'string' || !isWellFormed(value)) throw this.#invalid(`label ${name} must be a well-formed string`);
      values.push(value);
    }
    return values;
  }

  #invalid(why: string): MetricsError {
    const expected = this.#labelNames;
    return new MetricsError(
      { code: 'INVALID_LABELS', metric: this.#metric, expected },
      `metric ${this.#metric} takes labels ${JSON.stringify(expected)}: ${why}`,
    );
  }
}

function compareValues(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** A call's value argument as a number: `undefined` gives `fallback`; bigint is converted. */
export function numberArg(metric: string, value: unknown, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new MetricsError({ code: 'INVALID_VALUE', metric }, `metric ${metric}: value must be a number or bigint, got ${typeof value}`);
}
