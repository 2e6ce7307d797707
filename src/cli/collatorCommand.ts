import { parseArgs } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { createTempDir } from '../store/index.ts';
import { StreamLogger } from '../node/Logger.ts';
import type { AppChainConnector } from '../collator/connectors/AppChainConnector.ts';
import { CliError } from './CliError.ts';
import { stopOnSignal } from './stopOnSignal.ts';

export const COLLATOR_HELP = `Run a collator for one app chain: gather its transactions into relay candidates and
execute the relay's finalized order on the app chain.

Usage: spindle collator --para-id N --relay WS [OPTIONS]

  --para-id <N>              The app chain's para id on the relay (required)
  --relay <WS>               A relay node's JSON-RPC WebSocket, e.g. ws://127.0.0.1:9944 (required)
  --parachain-rpc <WS>       The app chain's node (polled for pending extrinsics; with
                             --execute chopsticks also the chopsticks node that executes)
  --parachain-spec <FILE>    Reach the app chain through an in-process smoldot light client instead
  --execute <chopsticks|reference|none>
                             Who executes the relay's order (default: chopsticks with --parachain-rpc,
                             else the in-process reference key-value chain)
  --key <SURI>               Relay account signing candidates (default //Alice, dev only)
  --marker-key <SURI>        ed25519 app-chain account writing relay-position markers (chopsticks;
                             default //Alice)
  --relay-blocks-per-app-block <N>, --max-transactions-per-block <N>
                             How the reference chain cuts app blocks
  -d, --base-path <DIR>      Queue, cursor, mapping journal and reference chain (default: temporary)
  --tmp                      Use a temporary base path, removed on exit
  --rpc-port <PORT>          The collator's own JSON-RPC (author_submitExtrinsic; default 9988, 0 = any)
  --rpc-external             Listen on all interfaces
  --name <NAME>              Name shown in logs
  -l, --log <LEVEL>          error, warn, info (default) or debug
`;

const OPTIONS = {
  'para-id': { type: 'string' },
  relay: { type: 'string' },
  'parachain-rpc': { type: 'string' },
  'parachain-spec': { type: 'string' },
  execute: { type: 'string' },
  key: { type: 'string' },
  'marker-key': { type: 'string' },
  'relay-blocks-per-app-block': { type: 'string' },
  'max-transactions-per-block': { type: 'string' },
  'base-path': { type: 'string', short: 'd' },
  tmp: { type: 'boolean' },
  'rpc-port': { type: 'string' },
  'rpc-external': { type: 'boolean' },
  'rpc-cors': { type: 'string' },
  name: { type: 'string' },
  log: { type: 'string', short: 'l', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

function whole(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new CliError(`--${flag} expects a whole number from ${min} to ${max}, got "${value}"`);
  return Number(value);
}

/** `spindle collator …`: runs until SIGINT/SIGTERM. */
export async function collatorCommand(args: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\nRun \`spindle collator --help\` for the flags.`);
  }
  const v = parsed.values;
  if (v.help === true) {
    process.stdout.write(COLLATOR_HELP);
    return 0;
  }
  const paraId = whole(v['para-id'], 'para-id', 1, 0xffff_ffff);
  if (paraId === undefined) throw new CliError('--para-id is required');
  const relay = v.relay;
  if (relay === undefined || !/^wss?:\/\//.test(relay)) throw new CliError('--relay needs the ws:// URL of a relay node');
  if (v['parachain-rpc'] !== undefined && v['parachain-spec'] !== undefined) throw new CliError('use --parachain-rpc or --parachain-spec, not both');
  const execute = v.execute ?? (v['parachain-rpc'] !== undefined ? 'chopsticks' : 'reference');
  if (!['chopsticks', 'reference', 'none'].includes(execute)) throw new CliError(`--execute must be chopsticks, reference or none, got "${execute}"`);
  if (execute === 'chopsticks' && v['parachain-rpc'] === undefined) throw new CliError('--execute chopsticks needs --parachain-rpc (the chopsticks node)');
  const level = (v.log ?? []).map((l) => l.split('=').pop()!).find((l) => ['error', 'warn', 'info', 'debug'].includes(l)) ?? 'info';
  const logger = new StreamLogger(process.stderr, level as 'info');
  const rpcPort = whole(v['rpc-port'], 'rpc-port', 0, 65535) ?? 9988;
  const relayBlocksPerAppBlock = whole(v['relay-blocks-per-app-block'], 'relay-blocks-per-app-block', 1, 1_000_000);
  const maxTransactionsPerBlock = whole(v['max-transactions-per-block'], 'max-transactions-per-block', 1, 1_000_000);

  await cryptoWaitReady();
  let signer;
  let marker;
  try {
    signer = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(v.key ?? '//Alice');
    marker = new Keyring({ type: 'ed25519', ss58Format: 42 }).addFromUri(v['marker-key'] ?? '//Alice');
  } catch (e) {
    throw new CliError(`invalid key: ${(e as Error).message}`);
  }
  if (v.key === undefined) logger.warn('no --key given: candidates are signed by the dev account //Alice');

  const tmp = v.tmp === true || v['base-path'] === undefined ? await createTempDir('spindle-collator-') : undefined;
  const basePath = v['base-path'] ?? tmp!.path;
  const { CollatorService } = await import('../collator/CollatorService.ts');
  const connector = await connectorOf(v['parachain-rpc'], v['parachain-spec']);
  const service = new CollatorService({
    paraId,
    relayUrl: relay,
    signer,
    basePath,
    ...(connector === undefined ? {} : { connector }),
    rpc: { host: v['rpc-external'] === true ? '0.0.0.0' : '127.0.0.1', port: rpcPort },
    executor:
      execute === 'chopsticks'
        ? { kind: 'chopsticks', endpoint: v['parachain-rpc']!, marker }
        : execute === 'reference'
          ? { kind: 'reference', ...(relayBlocksPerAppBlock === undefined ? {} : { relayBlocksPerAppBlock }), ...(maxTransactionsPerBlock === undefined ? {} : { maxTransactionsPerBlock }) }
          : { kind: 'none' },
    logger,
  });
  const name = v.name ?? `collator-${paraId}`;
  logger.info(`Spindle collator ${name} for para ${paraId}; relay ${relay}; executor ${execute}; base path ${basePath}`);
  stopOnSignal(async () => {
    await service.stop();
    await tmp?.remove();
    logger.info('Shutdown complete');
  }, logger);
  try {
    const { rpcPort: port } = await service.start();
    logger.info(`Collator RPC endpoint: ws://127.0.0.1:${port} (author_submitExtrinsic; http on the same port)`);
  } catch (e) {
    await tmp?.remove();
    throw e;
  }
  return await new Promise<number>(() => {});
}

async function connectorOf(rpc: string | undefined, spec: string | undefined): Promise<AppChainConnector | undefined> {
  if (rpc !== undefined) {
    const { PolkadotApiConnector } = await import('../collator/connectors/PolkadotApiConnector.ts');
    return new PolkadotApiConnector({ url: rpc });
  }
  if (spec !== undefined) {
    const { SmoldotConnector } = await import('../collator/connectors/SmoldotConnector.ts');
    return new SmoldotConnector({ chainSpecPath: spec });
  }
  return undefined;
}
