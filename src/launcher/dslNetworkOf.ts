import type { DslNetwork, DslNode } from './dsl/DslNetwork.ts';
import type { LaunchedNetwork } from './LaunchedNetwork.ts';

/** The DSL runner's narrow view of a launched network: relay nodes and collators by name, paras, the L1. */
export function dslNetworkOf(net: LaunchedNetwork): DslNetwork {
  const nodes = (): DslNode[] => [
    ...net.nodes().map((n): DslNode => ({ name: n.name, kind: 'relay', wsUrl: n.wsUrl, httpUrl: n.httpUrl, metricsUrl: n.metricsUrl, logPath: n.logPath })),
    ...net.collators().map((c): DslNode => ({ name: c.name, kind: 'collator', paraId: c.paraId, wsUrl: c.wsUrl, httpUrl: c.httpUrl, metricsUrl: undefined, logPath: c.logPath })),
  ];
  return {
    node: (name) => nodes().find((n) => n.name === name),
    nodes,
    parachain: (paraId) => {
      const collators = nodes().filter((n) => n.kind === 'collator' && n.paraId === paraId);
      const appChain = net.appChains().find((a) => a.paraId === paraId);
      if (collators.length === 0 && appChain === undefined) return undefined;
      return { paraId, collators, ...(appChain === undefined ? {} : { appChainHttpUrl: appChain.httpUrl }) };
    },
    l1: () => {
      const l1 = net.l1();
      return l1 === undefined ? undefined : { rpcUrl: l1.rpcUrl, ...(l1.contract === undefined ? {} : { contract: l1.contract }) };
    },
    restart: (name, afterSeconds) => net.restart(name, { afterMs: afterSeconds * 1000 }),
    pause: async (name) => net.pause(name),
    resume: async (name) => net.resume(name),
  };
}
