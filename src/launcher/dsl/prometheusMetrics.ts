/** One sample line of the Prometheus text format. */
export interface MetricSample {
  readonly name: string;
  readonly labels: ReadonlyMap<string, string>;
  readonly value: number;
}

/** Parses Prometheus text exposition (comments and blank lines skipped). */
export function parsePrometheusText(text: string): MetricSample[] {
  const out: MetricSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const parsed = parseSeries(line);
    if (parsed === undefined) continue;
    const value = Number(parsed.rest.trim().split(/\s+/)[0]);
    out.push({ name: parsed.name, labels: parsed.labels, value });
  }
  return out;
}

/**
 * The well-known short names zombienet accepts for `reports NAME …`, mapped to a series selector.
 * (`block height` / `finalised height` are answered over RPC by the DSL, but still map here.)
 */
const ALIASES: Readonly<Record<string, string>> = {
  blockheight: 'block_height{status="best"}',
  'block height': 'block_height{status="best"}',
  'best block': 'block_height{status="best"}',
  'finalised height': 'block_height{status="finalized"}',
  'finalized height': 'block_height{status="finalized"}',
  'finalised block': 'block_height{status="finalized"}',
  'finalized block': 'block_height{status="finalized"}',
  'peers count': 'sub_libp2p_peers_count',
  peers: 'sub_libp2p_peers_count',
};

/**
 * Finds the value of `query` among `samples`, following zombienet's rules:
 * 1. a well-known alias (`best block`, `peers`, …) is replaced by its selector;
 * 2. the series name matches either exactly (`substrate_block_height`) or without its namespace,
 *    the part before the first `_` (`block_height` → `substrate_block_height`, `polkadot_…`);
 * 3. the labels written in the query must equal the series' labels, ignoring a `chain` label
 *    (`block_height{status="finalized"}`); a query without labels matches only unlabelled series.
 * Returns the first matching sample, or undefined.
 */
export function findMetric(samples: readonly MetricSample[], query: string): MetricSample | undefined {
  const selector = ALIASES[query.trim().toLowerCase()] ?? query.trim();
  const q = parseSeries(selector);
  if (q === undefined || q.rest.trim() !== '') return undefined;
  return samples.find((s) => {
    const withoutNamespace = s.name.includes('_') ? s.name.slice(s.name.indexOf('_') + 1) : undefined;
    if (s.name !== q.name && withoutNamespace !== q.name) return false;
    const labels = [...s.labels].filter(([k]) => k !== 'chain');
    const qLabels = [...q.labels].filter(([k]) => k !== 'chain');
    return labels.length === qLabels.length && qLabels.every(([k, v]) => s.labels.get(k) === v);
  });
}

/** Names of series related to `query` (same short name), for failure messages. */
export function similarSeries(samples: readonly MetricSample[], query: string): string[] {
  const selector = ALIASES[query.trim().toLowerCase()] ?? query.trim();
  const short = parseSeries(selector)?.name ?? selector;
  return samples
    .filter((s) => s.name === short || s.name.endsWith(`_${short}`))
    .map((s) => `${s.name}${s.labels.size === 0 ? '' : `{${[...s.labels].map(([k, v]) => `${k}="${v}"`).join(',')}}`} ${s.value}`);
}

function parseSeries(text: string): { name: string; labels: Map<string, string>; rest: string } | undefined {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?(.*)$/.exec(text);
  if (m === null) return undefined;
  const labels = new Map<string, string>();
  for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g)) labels.set(l[1]!, l[2]!.replace(/\\(.)/g, '$1'));
  return { name: m[1]!, labels, rest: m[3] ?? '' };
}
