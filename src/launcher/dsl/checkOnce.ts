import { readFile } from 'node:fs/promises';
import { collatorStatusOf, describeCollatorStatus } from './collatorStatusOf.ts';
import { compare } from './comparator.ts';
import type { DslNetwork, DslNode, DslParachain } from './DslNetwork.ts';
import { jsonRpcHttp } from './jsonRpcHttp.ts';
import { latestAnchored } from './latestAnchored.ts';
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
 * `chain_getFinalizedHead`, `state_getStorage`; a collator's `collator_status`; the L1's `eth_call`),
 * the Prometheus endpoint, or the log file. `network` locates parachains and the L1.
 */
export async function checkOnce(check: PolledCheck, node: DslNode, signal: AbortSignal, network: DslNetwork): Promise<Probe> {
  const rpc = <T>(method: string, params: readonly unknown[] = []): Promise<T> => jsonRpcHttp<T>(node.httpUrl, method, params, signal);
  switch (check.kind) {
    case 'isUp': {
      if (node.kind === 'collator') return { ok: true, observed: `collator_status ${describeCollatorStatus(await collatorStatusOf(node.httpUrl, signal))}` };
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
      if (node.metricsUrl === undefined) return { ok: false, final: true, observed: `${node.name} is a ${node.kind} and serves no Prometheus metrics` };
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
    case 'paraHeight': {
      const para = network.parachain(check.paraId);
      if (para === undefined) return noPara(check.paraId, network);
      if (para.appChainHttpUrl !== undefined) {
        const header = await jsonRpcHttp<{ number: string }>(para.appChainHttpUrl, 'chain_getHeader', [], signal);
        const height = BigInt(header.number);
        return { ok: compare(check.comparator, height, check.target), observed: `parachain ${check.paraId} block height ${height} (chopsticks chain_getHeader)` };
      }
      const collator = collatorOf(para, node);
      if (collator === undefined) return { ok: false, final: true, observed: `parachain ${check.paraId} has no collator to ask` };
      const status = await collatorStatusOf(collator.httpUrl, signal);
      if (status.appBlockNumber === undefined) return { ok: false, final: true, observed: `${collator.name}'s collator_status has no appBlockNumber (${describeCollatorStatus(status)})` };
      const height = BigInt(status.appBlockNumber ?? 0);
      return { ok: compare(check.comparator, height, check.target), observed: `parachain ${check.paraId} block height ${height} (${collator.name} collator_status.appBlockNumber${status.appBlockNumber === null ? ' null: no app block yet' : ''})` };
    }
    case 'paraExecuted': {
      const para = network.parachain(check.paraId);
      if (para === undefined) return noPara(check.paraId, network);
      const collator = collatorOf(para, node);
      if (collator === undefined) return { ok: false, final: true, observed: `parachain ${check.paraId} has no collator to ask` };
      const status = await collatorStatusOf(collator.httpUrl, signal);
      if (status.executedRelayBlock === undefined) return { ok: false, final: true, observed: `${collator.name}'s collator_status has no executedRelayBlock (${describeCollatorStatus(status)})` };
      if (status.executedRelayBlock === null) return { ok: false, observed: `parachain ${check.paraId}: ${collator.name} has executed no relay block yet (collator_status.executedRelayBlock null)` };
      const height = BigInt(status.executedRelayBlock);
      return { ok: compare(check.comparator, height, check.target), observed: `parachain ${check.paraId} executed relay height ${height} (${collator.name} collator_status.executedRelayBlock)` };
    }
    case 'anchored': {
      const l1 = network.l1();
      if (l1?.contract !== undefined) {
        const height = await latestAnchored(l1.rpcUrl, l1.contract, signal);
        return { ok: compare(check.comparator, height, check.target), observed: `anchored height ${height} (latestAnchored() of ${l1.contract} on ${l1.rpcUrl})` };
      }
      if (node.kind !== 'relay') return { ok: false, final: true, observed: `the network has no anchor contract and ${node.name} is not a relay node to ask spindle_anchorStatus` };
      const status = await rpc<{ lastCommittedBlock: string; anchoredBlock: string | null } | null>('spindle_anchorStatus');
      if (status === null) return { ok: false, final: true, observed: `the network has no anchor contract ([l1] deploy_contract) and ${node.name} does not anchor (spindle_anchorStatus is null)` };
      if (status.anchoredBlock === null) {
        return { ok: false, observed: `the network has no anchor contract ([l1] deploy_contract) and ${node.name} has anchored nothing (it does not submit to L1, or not yet): spindle_anchorStatus lastCommittedBlock=${status.lastCommittedBlock} anchoredBlock=null` };
      }
      const height = BigInt(status.anchoredBlock);
      return { ok: compare(check.comparator, height, check.target), observed: `anchored height ${height} (${node.name} spindle_anchorStatus.anchoredBlock)` };
    }
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

/** NODE itself when it is a collator of the para, else the para's first collator. */
function collatorOf(para: DslParachain, node: DslNode): DslNode | undefined {
  return para.collators.find((c) => c.name === node.name) ?? para.collators[0];
}

function noPara(paraId: number, network: DslNetwork): Probe {
  const ids = [...new Set(network.nodes().flatMap((n) => (n.paraId === undefined ? [] : [n.paraId])))];
  return { ok: false, final: true, observed: `no parachain ${paraId} in this network (parachains with collators: ${ids.length === 0 ? 'none' : ids.join(', ')})` };
}

async function logLines(node: DslNode): Promise<string[]> {
  const text = await readFile(node.logPath, 'utf8');
  return text.split('\n').filter((l) => l !== '');
}

function describeMatch(m: 'regex' | 'glob' | 'contains'): string {
  return m === 'contains' ? 'containing' : m === 'glob' ? 'matching glob' : 'matching';
}
