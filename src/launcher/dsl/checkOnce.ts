import { readFile } from 'node:fs/promises';
import { compare } from './comparator.ts';
import type { DslNode } from './DslNetwork.ts';
import { jsonRpcHttp } from './jsonRpcHttp.ts';
import { lineMatcher } from './lineMatcher.ts';
import { parasStorageKey } from './parasStorageKey.ts';
import { findMetric, parsePrometheusText, similarSeries } from './prometheusMetrics.ts';
import type { Check } from './TestFile.ts';

/** The outcome of one evaluation of a check (the runner polls it until `ok` or its deadline). */
export interface Probe {
  readonly ok: boolean;
  readonly observed: string;
  /** True when polling cannot change the outcome (the check is not supported). */
  readonly final?: boolean;
}

/** The checks answered by reading the node once: everything except commands, events and scripts. */
export type PolledCheck = Exclude<Check, { kind: 'restart' | 'pause' | 'resume' | 'systemEvent' | 'jsScript' }>;

/**
 * Evaluates `check` against `node` once: JSON-RPC over http (`system_health`, `chain_getHeader`,
 * `chain_getFinalizedHead`, `state_getStorage`), the Prometheus endpoint, or the log file.
 */
export async function checkOnce(check: PolledCheck, node: DslNode, signal: AbortSignal): Promise<Probe> {
  const rpc = <T>(method: string, params: readonly unknown[] = []): Promise<T> => jsonRpcHttp<T>(node.httpUrl, method, params, signal);
  switch (check.kind) {
    case 'isUp': {
      const health = await rpc<{ peers: number; isSyncing: boolean }>('system_health');
      return { ok: true, observed: `system_health peers=${health.peers} isSyncing=${health.isSyncing}` };
    }
    case 'height': {
      const params = check.which === 'best' ? [] : [await rpc<string>('chain_getFinalizedHead')];
      const header = await rpc<{ number: string }>('chain_getHeader', params);
      const height = BigInt(header.number);
      return { ok: compare(check.comparator, height, check.target), observed: `${check.which === 'best' ? 'best' : 'finalised'} height ${height}` };
    }
    case 'metric': {
      const res = await fetch(node.metricsUrl, { signal });
      if (!res.ok) return { ok: false, observed: `metrics endpoint answered http ${res.status}` };
      const samples = parsePrometheusText(await res.text());
      const sample = findMetric(samples, check.metric);
      if (sample === undefined) {
        const similar = similarSeries(samples, check.metric);
        return { ok: false, observed: `metric ${check.metric} not exposed${similar.length > 0 ? ` (similar: ${similar.join('; ')})` : ''}` };
      }
      return { ok: compare(check.comparator, sample.value, check.target), observed: `${check.metric} = ${sample.value}` };
    }
    case 'paraRegistered': {
      const value = await rpc<string | null>('state_getStorage', [parasStorageKey(check.paraId)]);
      return { ok: value !== null, observed: value === null ? `parachain ${check.paraId} is not registered (Paras.Paras(${check.paraId}) is empty)` : `Paras.Paras(${check.paraId}) = ${value}` };
    }
    case 'paraHeight':
      return { ok: false, final: true, observed: `parachain block height is not supported yet (no collators in Spindle networks)` };
    case 'logLine': {
      const lines = await logLines(node);
      const matches = lineMatcher(check.match, check.pattern);
      const hit = lines.find(matches);
      return hit !== undefined ? { ok: true, observed: hit } : { ok: false, observed: `no line ${describeMatch(check.match)} "${check.pattern}" among ${lines.length} lines of ${node.logPath}` };
    }
    case 'logCount': {
      const matches = lineMatcher(check.match, check.pattern);
      const count = (await logLines(node)).filter(matches).length;
      return { ok: compare(check.comparator, count, check.target), observed: `${count} lines ${describeMatch(check.match)} "${check.pattern}"` };
    }
  }
}

async function logLines(node: DslNode): Promise<string[]> {
  const text = await readFile(node.logPath, 'utf8');
  return text.split('\n').filter((l) => l !== '');
}

function describeMatch(m: 'regex' | 'glob' | 'contains'): string {
  return m === 'contains' ? 'containing' : m === 'glob' ? 'matching glob' : 'matching';
}
