import type { LaunchedNode } from './LaunchedNetwork.ts';

/** The polkadot.js apps explorer for a ws endpoint. */
export function polkadotJsAppsLink(wsUrl: string): string {
  return `https://polkadot.js.org/apps/?rpc=${encodeURIComponent(wsUrl)}#/explorer`;
}

/** A printable table of a launched network's endpoints, one block per node (like zombienet's). */
export function endpointTable(nodes: readonly LaunchedNode[], runDir: string): string {
  const rows: [string, string][] = [['Run directory', runDir]];
  for (const n of nodes) {
    rows.push(
      ['', ''],
      ['Node', `${n.name} (${n.validator ? 'validator' : 'full node'}, pid ${n.pid})`],
      ['Direct link', polkadotJsAppsLink(n.wsUrl)],
      ['RPC (ws/http)', `${n.wsUrl}  ${n.httpUrl}`],
      ['Prometheus', n.metricsUrl],
      ['P2P', n.multiaddr],
      ['Log', n.logPath],
    );
  }
  const w = Math.max(...rows.map(([k]) => k.length));
  const body = rows.map(([k, v]) => (k === '' && v === '' ? '' : `  ${k.padEnd(w)}  ${v}`));
  return ['Network launched', ...body].join('\n');
}
