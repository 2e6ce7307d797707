import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { peerIdFromNodeKey } from '../network/index.ts';
import type { Logger } from '../node/Logger.ts';
import { freePort } from './freePort.ts';
import { LaunchedNetwork, type NodePlan } from './LaunchedNetwork.ts';
import { LaunchError } from './LaunchError.ts';
import type { NetworkDefinition } from './NetworkDefinition.ts';
import { nodeKeyForIndex } from './nodeKeyForIndex.ts';

export interface LaunchOptions {
  /** Where base paths and `<name>.log` go; a fresh temp directory (removed on stop) when absent. */
  readonly runDir?: string;
  /** Path of `src/cli/spindle.mjs` (run with this Node) or of a `spindle` executable: used for nodes whose command is unset or "spindle". */
  readonly spindleBin: string;
  readonly logger: Logger;
  /** Start the relay chain only, ignoring `[[parachains]]` and `[l1]` instead of refusing them. */
  readonly relaychainOnly?: boolean;
  /** Bound on each node's readiness wait (default: the file's settings.timeout). */
  readonly readyTimeoutMs?: number;
  /** SIGTERM → SIGKILL grace on stop (default 10 s). */
  readonly stopGraceMs?: number;
  readonly signal?: AbortSignal;
}

/** The parts of a definition this release cannot launch, as sentences. */
export function unsupportedParts(def: NetworkDefinition): string[] {
  const out = def.parachains.flatMap((p) => p.collators.map((c) => `parachain ${p.id}: collator "${c.name}" (collators are not launchable yet)`));
  if (def.l1 !== undefined) out.push(`[l1]${def.l1.anvil ? ' anvil' : ''}${def.l1.deployContract ? ' + deploy_contract' : ''} is not yet supported`);
  return out;
}

function commandFor(command: string | undefined, spindleBin: string): { command: string; prefix: string[] } {
  const bin = command === undefined || command === 'spindle' ? spindleBin : command;
  return /\.(mjs|cjs|js)$/.test(bin) ? { command: process.execPath, prefix: [bin] } : { command: bin, prefix: [] };
}

/**
 * Starts a network definition as local processes (zombienet's native provider): free ports where the file
 * gives none, a fixed node key per node index, a full mesh of bootnodes, one base path and one log per node
 * under the run directory. Resolves once every node answers `system_health` and serves its metrics.
 * @example
 * const net = await new NetworkLauncher().launch(parseNetworkToml(text, file), { spindleBin, logger });
 * try { console.log(net.node('alice').wsUrl); } finally { await net.stop(); }
 */
export class NetworkLauncher {
  async launch(def: NetworkDefinition, opts: LaunchOptions): Promise<LaunchedNetwork> {
    const unsupported = unsupportedParts(def);
    if (unsupported.length > 0 && opts.relaychainOnly !== true) {
      throw new LaunchError('NOT_YET_SUPPORTED', `${def.file} asks for parts this release cannot launch:\n  - ${unsupported.join('\n  - ')}\n(launch the relay chain alone with --relay-only)`, { unsupported });
    }
    const runDir = opts.runDir ?? (await mkdtemp(join(tmpdir(), 'spindle-net-')));
    if (opts.runDir !== undefined) await mkdir(runDir, { recursive: true });

    const used = new Set<number>(def.relaychain.nodes.flatMap((n) => [n.rpcPort, n.p2pPort, n.prometheusPort].filter((p) => p !== undefined)));
    const port = async (given: number | undefined): Promise<number> => {
      if (given !== undefined) return given;
      for (;;) {
        const p = await freePort();
        if (!used.has(p)) {
          used.add(p);
          return p;
        }
      }
    };
    const base = await Promise.all(
      def.relaychain.nodes.map(async (n, i) => {
        const nodeKey = nodeKeyForIndex(i);
        const peerId = peerIdFromNodeKey(nodeKey);
        const p2pPort = await port(n.p2pPort);
        return { n, nodeKey, peerId, p2pPort, rpcPort: await port(n.rpcPort), prometheusPort: await port(n.prometheusPort), multiaddr: `/ip4/127.0.0.1/tcp/${p2pPort}/p2p/${peerId}` };
      }),
    );
    const plans: NodePlan[] = [];
    for (const b of base) {
      const basePath = join(runDir, b.n.name);
      await mkdir(basePath, { recursive: true });
      const { command, prefix } = commandFor(b.n.command, opts.spindleBin);
      const argv = [
        ...prefix,
        '--chain', def.relaychain.chain,
        '--name', b.n.name,
        '--base-path', basePath,
        '--node-key', b.nodeKey,
        '--listen-addr', `/ip4/127.0.0.1/tcp/${b.p2pPort}`,
        '--rpc-port', String(b.rpcPort),
        '--prometheus-port', String(b.prometheusPort),
        ...(b.n.validator ? ['--validator', ...(b.n.devKey !== undefined ? [`--${b.n.devKey}`] : ['--key', `//${b.n.name[0]!.toUpperCase()}${b.n.name.slice(1)}`])] : []),
        ...base.filter((o) => o !== b).flatMap((o) => ['--bootnodes', o.multiaddr]),
        ...b.n.args,
      ];
      plans.push({ name: b.n.name, validator: b.n.validator, command, argv, rpcPort: b.rpcPort, p2pPort: b.p2pPort, prometheusPort: b.prometheusPort, peerId: b.peerId, nodeKey: b.nodeKey, multiaddr: b.multiaddr, basePath, logPath: join(runDir, `${b.n.name}.log`) });
    }
    const net = new LaunchedNetwork(plans, {
      runDir,
      removeRunDir: opts.runDir === undefined,
      logger: opts.logger,
      readyTimeoutMs: opts.readyTimeoutMs ?? def.settings.timeoutSec * 1000,
      ...(opts.stopGraceMs === undefined ? {} : { stopGraceMs: opts.stopGraceMs }),
    });
    opts.logger.info(`launching ${plans.length} nodes`, { file: def.file, runDir });
    await net.startAll(opts.signal);
    return net;
  }
}
