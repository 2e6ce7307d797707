import type { DslNetwork } from './dsl/DslNetwork.ts';
import type { LaunchedNetwork } from './LaunchedNetwork.ts';

/** The DSL runner's narrow view of a launched network. */
export function dslNetworkOf(net: LaunchedNetwork): DslNetwork {
  return {
    node: (name) => net.nodes().find((n) => n.name === name),
    restart: async (name, afterSeconds) => {
      await net.restart(name, { afterMs: afterSeconds * 1000 });
    },
    pause: async (name) => net.pause(name),
    resume: async (name) => net.resume(name),
  };
}
