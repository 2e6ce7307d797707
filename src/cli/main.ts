import { readFile } from 'node:fs/promises';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { initHashing } from '../primitives/hashing.ts';
import { builtinChainSpec, ChainSpecError, parseChainSpec, type ChainSpec } from '../node/chainSpec.ts';
import { StreamLogger } from '../node/Logger.ts';
import { genesisStorageOf, runtimeConfigFor } from '../node/genesisOf.ts';
import { createTempDir } from '../store/index.ts';
import { CliError } from './CliError.ts';
import { keyCommand } from './keyCommand.ts';
import { stopOnSignal } from './stopOnSignal.ts';
import { NODE_HELP, parseNodeFlags, type NodeFlags } from './nodeFlags.ts';
import type { AnchorL1, AnchoringOptions } from '../node/anchoring/AnchoringOptions.ts';
import { anchorSecretFromSuri } from '../node/devAnchorKey.ts';

const VERSION = '0.1.0';

const HELP = `spindle ${VERSION} — a shared sequencer for app chains

Usage: spindle <COMMAND> [OPTIONS]

Commands:
  node         Run a relay node (the default when the first argument is a flag)
  build-spec   Print a chain specification: --chain dev|local|FILE [--raw]
  key          generate | inspect SURI, like subkey
  collator     Run a collator for one app chain: --para-id N --relay WS [--parachain-rpc WS]
  export-genesis-head, export-genesis-state
               Print an app chain's genesis head: --chain X --para-id N
  launch       Start a local network from a zombienet-style TOML file: launch FILE
  test         Launch a network and check a zombienet-style test file: test FILE.zndsl
  help         Print this help

Run \`spindle node --help\` and \`spindle collator --help\` for their flags.
`;

async function loadChainSpec(chain: string): Promise<ChainSpec> {
  if (chain === 'dev' || chain === 'local') return builtinChainSpec(chain);
  let text: string;
  try {
    text = await readFile(chain, 'utf8');
  } catch {
    throw new CliError(`--chain ${chain}: not dev, local, or a readable chain spec file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(`--chain ${chain}: invalid JSON (${(e as Error).message})`);
  }
  return parseChainSpec(json, chain);
}

async function buildSpec(args: readonly string[], out: (s: string) => void): Promise<void> {
  const at = args.indexOf('--chain');
  const chain = at >= 0 ? args[at + 1] : args.includes('--dev') ? 'dev' : 'local';
  if (chain === undefined) throw new CliError('--chain needs a value');
  await cryptoWaitReady();
  await initHashing();
  const spec = await loadChainSpec(chain);
  if (args.includes('--raw') && !('raw' in spec.genesis)) {
    const storage = genesisStorageOf(spec, runtimeConfigFor(1000));
    const top = Object.fromEntries([...storage].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [`0x${k}`, u8aToHex(v)]));
    spec.genesis = { raw: { top, childrenDefault: {} } };
  }
  out(JSON.stringify(spec, null, 2));
}

/** The node's anchoring options from its flags; the anchor key defaults to one derived from the validator key. */
function anchoringOptionsOf(flags: NodeFlags): AnchoringOptions {
  const a = flags.anchoring;
  const suri = a.key ?? flags.validatorSuri;
  let secret: Uint8Array | undefined;
  if (suri !== undefined) {
    try {
      secret = anchorSecretFromSuri(suri);
    } catch (e) {
      throw new CliError(`invalid anchor key: ${(e as Error).message}`);
    }
  }
  let l1: AnchorL1 | undefined;
  if (a.devL1) l1 = { kind: 'dev' };
  else if (a.l1Rpc !== undefined) l1 = { kind: 'rpc', url: a.l1Rpc, contract: a.contract!, ...(a.chainId === undefined ? {} : { chainId: a.chainId }) };
  else if (a.contract !== undefined) {
    if (a.chainId === undefined) throw new CliError('--anchor-contract without --l1-rpc needs --l1-chain-id (the digest validators sign binds the chain id)');
    l1 = { kind: 'sign', contract: a.contract, chainId: a.chainId };
  }
  return { l1, secret, confirmations: a.confirmations, maxGasPriceWei: a.maxGasPriceWei, maxBatch: a.maxBatch };
}

async function runNode(args: readonly string[]): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(NODE_HELP);
    return;
  }
  const flags = parseNodeFlags(args);
  const logger = new StreamLogger(process.stderr, flags.logLevel);
  const spec = await loadChainSpec(flags.chain);
  await cryptoWaitReady();
  const anchoring = anchoringOptionsOf(flags);
  let validator: { accountId: Uint8Array; consensusKey: Uint8Array; consensusSigner: (m: Uint8Array) => Uint8Array } | undefined;
  if (flags.validatorSuri !== undefined) {
    try {
      const consensus = new Keyring({ type: 'ed25519' }).addFromUri(flags.validatorSuri);
      validator = {
        accountId: new Keyring({ type: 'sr25519' }).addFromUri(flags.validatorSuri).publicKey,
        consensusKey: consensus.publicKey,
        consensusSigner: (m) => consensus.sign(m),
      };
    } catch (e) {
      throw new CliError(`invalid validator key: ${(e as Error).message}`);
    }
  }
  const tmp = flags.tmp || flags.basePath === undefined ? await createTempDir('spindle-') : undefined;
  const { SpindleNode } = await import('../node/SpindleNode.ts');
  const node = new SpindleNode({
    chainSpec: spec,
    basePath: flags.basePath ?? tmp!.path,
    name: flags.name ?? 'spindle-node',
    version: VERSION,
    validator,
    blockTimeMs: flags.blockTimeMs,
    rpc: {
      host: flags.rpcHost,
      port: flags.rpcPort,
      methods: flags.rpcMethods,
      cors: flags.rpcCors,
      maxConnections: flags.rpcMaxConnections,
      maxRequestBytes: flags.rpcMaxRequestBytes,
      maxResponseBytes: flags.rpcMaxResponseBytes,
      maxSubscriptionsPerConnection: flags.rpcMaxSubscriptions,
    },
    network: flags.networking || spec.chainType !== 'Development' ? { nodeKey: flags.nodeKey, listenAddrs: flags.listenAddrs, bootnodes: [...spec.bootNodes, ...flags.bootnodes] } : undefined,
    prometheus: flags.prometheusPort === undefined ? undefined : { port: flags.prometheusPort, external: flags.prometheusExternal },
    anchoring,
    logger,
  });
  stopOnSignal(async () => {
    await node.stop();
    await tmp?.remove();
  }, logger);
  try {
    await node.start();
  } catch (e) {
    await node.stop().catch(() => undefined);
    await tmp?.remove();
    throw e;
  }
  if (node.rpcPort !== undefined) logger.info(`RPC endpoint: ws://${flags.rpcHost}:${node.rpcPort} (http on the same port)`);
  if (node.prometheusPort !== undefined) logger.info(`Prometheus metrics: http://127.0.0.1:${node.prometheusPort}/metrics`);
}

/** Entry point of the `spindle` command. */
export async function main(argv: readonly string[]): Promise<number> {
  const out = (s: string): void => {
    process.stdout.write(`${s}\n`);
  };
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(HELP);
    } else if (command === '--version' || command === '-V') {
      out(`spindle ${VERSION}`);
    } else if (command === 'node') {
      await runNode(rest);
    } else if (command.startsWith('-')) {
      await runNode(argv);
    } else if (command === 'build-spec') {
      await buildSpec(rest, out);
    } else if (command === 'key') {
      await keyCommand(rest, out);
    } else if (command === 'export-genesis-head' || command === 'export-genesis-state') {
      const { exportGenesisHead } = await import('./exportGenesisHead.ts');
      await exportGenesisHead(rest, loadChainSpec, (s) => (typeof s === 'string' ? out(s) : process.stdout.write(s)));
    } else if (command === 'collator') {
      const { collatorCommand } = await import('./collatorCommand.ts');
      return await collatorCommand(rest);
    } else if (command === 'test') {
      const { testCommand } = await import('../launcher/testCommand.ts');
      return await testCommand(rest);
    } else if (command === 'launch') {
      const { launchCommand } = await import('../launcher/launchCommand.ts');
      return await launchCommand(rest);
    } else {
      throw new CliError(`unknown command "${command}"\n${HELP}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof CliError || e instanceof ChainSpecError) {
      process.stderr.write(`Error: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`Error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
