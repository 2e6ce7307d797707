import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { peerIdFromNodeKey } from '../network/index.ts';
import type { Logger } from '../node/Logger.ts';
import { freePort } from './freePort.ts';
import { jsonRpcHttp } from './dsl/jsonRpcHttp.ts';
import { LaunchedNetwork, type CollatorExecutor, type CollatorPlan, type RelayNodePlan } from './LaunchedNetwork.ts';
import { LaunchError } from './LaunchError.ts';
import type { CollatorDefinition, NetworkDefinition, ParachainDefinition } from './NetworkDefinition.ts';
import { nodeKeyForIndex } from './nodeKeyForIndex.ts';
import { relayBlockTimeMs } from './relayBlockTimeMs.ts';
import { relayGenesisOf, type RelayGenesis } from './relayGenesisOf.ts';
import { CHOPSTICKS_MARKER_SURI, startChopsticksAppChain, type RunningAppChain } from './startChopsticksAppChain.ts';
import { startNetworkL1, type RunningNetworkL1 } from './startNetworkL1.ts';

export interface LaunchOptions {
  /** Where base paths and `<name>.log` go; a fresh temp directory (removed on stop) when absent. */
  readonly runDir?: string;
  /** Path of `src/cli/spindle.mjs` (run with this Node) or of a `spindle` executable: used for nodes and collators whose command is unset or "spindle". */
  readonly spindleBin: string;
  readonly logger: Logger;
  /** Start the relay chain only, ignoring `[[parachains]]` and `[l1]`. */
  readonly relaychainOnly?: boolean;
  /** Bound on each node's readiness wait (default: the file's settings.timeout). */
  readonly readyTimeoutMs?: number;
  /** SIGTERM → SIGKILL grace on stop (default 10 s). */
  readonly stopGraceMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Relay accounts that sign collators' candidates (`--key`), in the order collators get them: the
 * endowed dev accounts that are not validators of the `local` chain first. One account per
 * collator keeps their relay nonces apart; a collator's own `--key` in `args` wins.
 */
const COLLATOR_KEYS = ['//Eve', '//Ferdie', '//Charlie', '//Dave', '//Bob', '//Alice'];
/** L1 blocks a submitting validator waits before a commitment counts as anchored. */
const ANCHOR_CONFIRMATIONS = 1;

function commandFor(command: string | undefined, spindleBin: string): { command: string; prefix: string[]; spindle: boolean } {
  const spindle = command === undefined || command === 'spindle';
  const bin = spindle ? spindleBin : command;
  return /\.(mjs|cjs|js)$/.test(bin) ? { command: process.execPath, prefix: [bin], spindle } : { command: bin, prefix: [], spindle };
}

/**
 * Starts a network definition as local processes (zombienet's native provider), in dependency order:
 * 1. `[l1]`: anvil; with deploy_contract the anchor contract for the relay's genesis, its validators funded;
 *    chopsticks app chains start meanwhile (they need nothing else);
 * 2. the relay nodes: free ports where the file gives none, a fixed node key per node index, a full mesh of
 *    bootnodes, anchoring flags when there is a contract (the first `submitters` validators submit to L1,
 *    the others sign only); ready once each answers `system_health` and serves its metrics;
 * 3. per parachain its collators (`spindle collator --relay <first relay node>`), each on its own RPC port
 *    and base path; ready once each answers `collator_status`.
 * One log per process under the run directory. Any failure (or `signal`) stops everything started so far.
 * @example
 * const net = await new NetworkLauncher().launch(parseNetworkToml(text, file), { spindleBin, logger });
 * try { console.log(net.node('alice').wsUrl, net.collators()[0]?.httpUrl, net.l1()?.contract); } finally { await net.stop(); }
 */
export class NetworkLauncher {
  async launch(def: NetworkDefinition, opts: LaunchOptions): Promise<LaunchedNetwork> {
    const parachains = opts.relaychainOnly === true ? [] : def.parachains;
    const l1Def = opts.relaychainOnly === true ? undefined : def.l1?.anvil === true ? def.l1 : undefined;
    const firstValidator = def.relaychain.nodes.find((n) => n.validator) ?? def.relaychain.nodes[0];
    // Read before anything starts: a spec that cannot be anchored fails here, with nothing to stop.
    const genesis: RelayGenesis | undefined = l1Def?.deployContract === true ? await relayGenesisOf(def.relaychain.chain, relayBlockTimeMs(firstValidator?.args ?? [])) : undefined;

    const runDir = opts.runDir ?? (await mkdtemp(join(tmpdir(), 'spindle-net-')));
    if (opts.runDir !== undefined) await mkdir(runDir, { recursive: true });
    const net = new LaunchedNetwork({
      runDir,
      removeRunDir: opts.runDir === undefined,
      logger: opts.logger,
      readyTimeoutMs: opts.readyTimeoutMs ?? def.settings.timeoutSec * 1000,
      ...(opts.stopGraceMs === undefined ? {} : { stopGraceMs: opts.stopGraceMs }),
    });
    const abort = new AbortController();
    const onAbort = (): void => abort.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted === true) abort.abort();
    const ports = new PortAllocator([...def.relaychain.nodes.flatMap((n) => [n.rpcPort, n.p2pPort, n.prometheusPort]), ...parachains.flatMap((p) => p.collators.map((c) => c.rpcPort))]);
    // Chopsticks takes long to start: it starts first, in parallel with everything before the collators.
    const appChains = new Map<number, Promise<RunningAppChain>>();
    for (const p of parachains.filter((p) => p.appChain === 'chopsticks')) {
      appChains.set(p.id, startChopsticksAppChain({ paraId: p.id, logPath: join(runDir, `para-${p.id}-chopsticks.log`), signal: abort.signal }).then(async (a) => (await net.attachAppChain(a), a)));
    }
    const appChainsSettled = Promise.allSettled(appChains.values());
    try {
      let l1: RunningNetworkL1 | undefined;
      if (l1Def !== undefined) {
        l1 = await startNetworkL1({ logPath: join(runDir, 'anvil.log'), ...(genesis === undefined ? {} : { deployFor: genesis }) });
        await net.attachL1(l1);
        opts.logger.info(`L1 (anvil) at ${l1.rpcUrl}${l1.contract === undefined ? '' : `, anchor contract ${l1.contract}`}`, { pid: l1.pid });
      }
      const relayPlans = await this.#relayPlans(def, runDir, ports, opts.spindleBin, l1, l1Def?.submitters ?? 0);
      net.add(relayPlans);
      opts.logger.info(`launching ${relayPlans.length} relay nodes`, { file: def.file, runDir });
      await net.startAll(abort.signal);
      if (genesis !== undefined) await checkGenesis(net.nodes()[0]!.httpUrl, genesis, def.relaychain.chain);

      const collatorPlans: CollatorPlan[] = [];
      let keyIndex = 0;
      for (const p of parachains) {
        const appChain = await appChains.get(p.id);
        for (const [i, c] of p.collators.entries()) {
          collatorPlans.push(
            await collatorPlan({
              para: p,
              index: i,
              collator: c,
              rpcPort: await ports.take(c.rpcPort),
              runDir,
              spindleBin: opts.spindleBin,
              relayWs: net.nodes()[0]!.wsUrl,
              appChainWs: appChain?.wsUrl,
              key: COLLATOR_KEYS[keyIndex++ % COLLATOR_KEYS.length]!,
            }),
          );
        }
      }
      if (collatorPlans.length > 0) {
        net.add(collatorPlans);
        opts.logger.info(`launching ${collatorPlans.length} collators`, { paras: parachains.map((p) => p.id).join(',') });
        await net.startAll(abort.signal);
      }
      return net;
    } catch (e) {
      abort.abort();
      await appChainsSettled;
      await net.stop();
      const pids = net.pids();
      if (e instanceof LaunchError) throw new LaunchError(e.code, e.message, { ...e.data, pids }, { cause: e.cause });
      throw e;
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  async #relayPlans(def: NetworkDefinition, runDir: string, ports: PortAllocator, spindleBin: string, l1: RunningNetworkL1 | undefined, submitters: number): Promise<RelayNodePlan[]> {
    const base = [];
    for (const [i, n] of def.relaychain.nodes.entries()) {
      const nodeKey = nodeKeyForIndex(i);
      const peerId = peerIdFromNodeKey(nodeKey);
      const p2pPort = await ports.take(n.p2pPort);
      base.push({ n, nodeKey, peerId, p2pPort, rpcPort: await ports.take(n.rpcPort), prometheusPort: await ports.take(n.prometheusPort), multiaddr: `/ip4/127.0.0.1/tcp/${p2pPort}/p2p/${peerId}` });
    }
    const submitting = new Set(def.relaychain.nodes.filter((n) => n.validator).slice(0, submitters).map((n) => n.name));
    const plans: RelayNodePlan[] = [];
    for (const b of base) {
      const basePath = join(runDir, b.n.name);
      await mkdir(basePath, { recursive: true });
      const { command, prefix } = commandFor(b.n.command, spindleBin);
      const contract = l1?.contract;
      const anchoring =
        contract === undefined || !b.n.validator
          ? []
          : submitting.has(b.n.name)
            ? ['--l1-rpc', l1!.rpcUrl, '--anchor-contract', contract, '--anchor-confirmations', String(ANCHOR_CONFIRMATIONS)]
            : ['--anchor-contract', contract, '--l1-chain-id', String(l1!.chainId)];
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
        ...anchoring,
        ...b.n.args,
      ];
      plans.push({ kind: 'relay', name: b.n.name, validator: b.n.validator, command, argv, rpcPort: b.rpcPort, p2pPort: b.p2pPort, prometheusPort: b.prometheusPort, peerId: b.peerId, nodeKey: b.nodeKey, multiaddr: b.multiaddr, basePath, logPath: join(runDir, `${b.n.name}.log`) });
    }
    return plans;
  }
}

interface CollatorPlanInput {
  readonly para: ParachainDefinition;
  /** The collator's index among its para's collators. */
  readonly index: number;
  readonly collator: CollatorDefinition;
  readonly rpcPort: number;
  readonly runDir: string;
  readonly spindleBin: string;
  readonly relayWs: string;
  /** The chopsticks node's ws endpoint, for `app_chain = "chopsticks"`. */
  readonly appChainWs: string | undefined;
  /** Default `--key` (the collator's own args may set another). */
  readonly key: string;
}

/** `spindle collator --name … --para-id … --relay … --base-path … --rpc-port … --execute … [--parachain-rpc …] --key … ARGS`. */
async function collatorPlan(i: CollatorPlanInput): Promise<CollatorPlan> {
  const { para, collator } = i;
  const basePath = join(i.runDir, collator.name);
  await mkdir(basePath, { recursive: true });
  const { command, prefix, spindle } = commandFor(collator.command, i.spindleBin);
  // Only one collator drives a chopsticks chain (dev_newBlock); the others sequence only.
  const executes: CollatorExecutor = para.appChain === 'chopsticks' ? (i.index === 0 ? 'chopsticks' : 'none') : 'reference';
  const argv = [
    ...prefix,
    ...(spindle ? ['collator'] : []),
    '--name', collator.name,
    '--para-id', String(para.id),
    '--relay', i.relayWs,
    '--base-path', basePath,
    '--rpc-port', String(i.rpcPort),
    '--execute', executes,
    ...(i.appChainWs === undefined ? [] : ['--parachain-rpc', i.appChainWs, '--marker-key', CHOPSTICKS_MARKER_SURI]),
    '--key', i.key,
    ...collator.args,
  ];
  return { kind: 'collator', name: collator.name, paraId: para.id, executes, command, argv, rpcPort: i.rpcPort, basePath, logPath: join(i.runDir, `${collator.name}.log`) };
}

/** Free loopback ports for whatever the file leaves unset, never one the file names. */
class PortAllocator {
  readonly #used: Set<number>;

  constructor(given: readonly (number | undefined)[]) {
    this.#used = new Set(given.filter((p) => p !== undefined));
  }

  async take(given: number | undefined): Promise<number> {
    if (given !== undefined) return given;
    for (;;) {
      const p = await freePort();
      if (!this.#used.has(p)) {
        this.#used.add(p);
        return p;
      }
    }
  }
}

/** The relay must be the chain the contract was deployed for, or no commitment would ever verify. */
async function checkGenesis(httpUrl: string, genesis: RelayGenesis, chain: string): Promise<void> {
  const actual = await jsonRpcHttp<string>(httpUrl, 'chain_getBlockHash', [0], AbortSignal.timeout(10_000));
  if (actual.toLowerCase() !== genesis.genesisHash.toLowerCase()) {
    throw new LaunchError(
      'GENESIS_MISMATCH',
      `the relay's genesis is ${actual} but the anchor contract was deployed for ${genesis.genesisHash} (chain ${chain}, --block-time of the first validator); give every relay node the same --block-time`,
    );
  }
}
