import type { LaunchedCollator, LaunchedNode } from './LaunchedNetwork.ts';
import type { LaunchedAppChain } from './startChopsticksAppChain.ts';
import type { LaunchedL1 } from './startNetworkL1.ts';

/** The polkadot.js apps explorer for a ws endpoint. */
export function polkadotJsAppsLink(wsUrl: string): string {
  return `https://polkadot.js.org/apps/?rpc=${encodeURIComponent(wsUrl)}#/explorer`;
}

/** What a network runs besides its relay nodes. */
export interface NetworkExtras {
  readonly collators?: readonly LaunchedCollator[];
  readonly appChains?: readonly LaunchedAppChain[];
  readonly l1?: LaunchedL1 | undefined;
}

/**
 * A printable table of a launched network's endpoints (like zombienet's): one block per relay node,
 * then one per collator, per chopsticks app chain, and the L1 with its anchor contract.
 */
export function endpointTable(nodes: readonly LaunchedNode[], runDir: string, extras: NetworkExtras = {}): string {
  const rows: [string, string][] = [['Run directory', runDir]];
  const gap = (): void => void rows.push(['', '']);
  for (const n of nodes) {
    gap();
    rows.push(
      ['Node', `${n.name} (${n.validator ? 'validator' : 'full node'}, pid ${n.pid})`],
      ['Direct link', polkadotJsAppsLink(n.wsUrl)],
      ['RPC (ws/http)', `${n.wsUrl}  ${n.httpUrl}`],
      ['Prometheus', n.metricsUrl],
      ['P2P', n.multiaddr],
      ['Log', n.logPath],
    );
  }
  for (const c of extras.collators ?? []) {
    gap();
    rows.push(
      ['Collator', `${c.name} (para ${c.paraId}, executes: ${c.executes}, pid ${c.pid})`],
      ['RPC (ws/http)', `${c.wsUrl}  ${c.httpUrl}`],
      ['Log', c.logPath],
    );
  }
  for (const a of extras.appChains ?? []) {
    gap();
    rows.push(
      ['App chain', `para ${a.paraId} (${a.kind}, pid ${a.pid})`],
      ['Direct link', polkadotJsAppsLink(a.wsUrl)],
      ['RPC (ws/http)', `${a.wsUrl}  ${a.httpUrl}`],
      ['Log', a.logPath],
    );
  }
  const l1 = extras.l1;
  if (l1 !== undefined) {
    gap();
    rows.push(['L1', `anvil (chain id ${l1.chainId}, pid ${l1.pid})`], ['RPC (http)', l1.rpcUrl], ['Anchor contract', l1.contract ?? '(not deployed)'], ['Log', l1.logPath]);
  }
  const w = Math.max(...rows.map(([k]) => k.length));
  const body = rows.map(([k, v]) => (k === '' && v === '' ? '' : `  ${k.padEnd(w)}  ${v}`));
  return ['Network launched', ...body].join('\n');
}
