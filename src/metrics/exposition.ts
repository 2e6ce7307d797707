/**
 * Pieces of the Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format).
 */

/** The `Content-Type` of a scrape answer in this format. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4';

/** `# HELP` text: backslash and line feed are escaped. */
export function escapeHelp(help: string): string {
  return help.replace(/[\\\n]/g, (c) => (c === '\\' ? '\\\\' : '\\n'));
}

/** A label value inside double quotes: backslash, double quote and line feed are escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : '\\n'));
}

/** A sample value (or an `le` bound) as Go's ParseFloat reads it: `+Inf`, `-Inf`, `NaN`, else JS's shortest form. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** `{a="1",b="2"}`, or '' when there are no labels; `extra` (e.g. `le`) goes last. */
export function formatLabels(names: readonly string[], values: readonly string[], extra?: readonly [string, string]): string {
  const parts: string[] = [];
  for (let i = 0; i < names.length; i++) parts.push(`${names[i]}="${escapeLabelValue(values[i] ?? '')}"`);
  if (extra !== undefined) parts.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

/** One sample line, without the line feed. */
export function formatSample(name: string, labels: string, value: number): string {
  return `${name}${labels} ${formatValue(value)}`;
}

/** True when `s` has no lone surrogate, i.e. encodes to valid UTF-8. */
export function isWellFormed(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}
