import { parseArgs } from 'node:util';
import { CliError } from './CliError.ts';

const DEV_KEYS = ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie'] as const;

/** Substrate's node flags, as `spindle node` accepts them. */
const OPTIONS = {
  dev: { type: 'boolean' },
  chain: { type: 'string' },
  'base-path': { type: 'string', short: 'd' },
  tmp: { type: 'boolean' },
  name: { type: 'string' },
  validator: { type: 'boolean' },
  key: { type: 'string' },
  'node-key': { type: 'string' },
  port: { type: 'string' },
  'listen-addr': { type: 'string', multiple: true },
  bootnodes: { type: 'string', multiple: true },
  'rpc-port': { type: 'string' },
  'rpc-external': { type: 'boolean' },
  'unsafe-rpc-external': { type: 'boolean' },
  'rpc-methods': { type: 'string' },
  'rpc-cors': { type: 'string' },
  'rpc-max-connections': { type: 'string' },
  'rpc-max-request-size': { type: 'string' },
  'rpc-max-response-size': { type: 'string' },
  'rpc-max-subscriptions-per-connection': { type: 'string' },
  'prometheus-port': { type: 'string' },
  'prometheus-external': { type: 'boolean' },
  'no-prometheus': { type: 'boolean' },
  'block-time': { type: 'string' },
  'l1-rpc': { type: 'string' },
  'anchor-contract': { type: 'string' },
  'anchor-key': { type: 'string' },
  'l1-chain-id': { type: 'string' },
  'anchor-confirmations': { type: 'string' },
  'anchor-max-gas-price': { type: 'string' },
  'anchor-max-batch': { type: 'string' },
  'dev-l1': { type: 'boolean' },
  log: { type: 'string', short: 'l', multiple: true },
  // Accepted for zombienet's native provider and Substrate habits; no effect here.
  'no-mdns': { type: 'boolean' },
  'no-telemetry': { type: 'boolean' },
  'insecure-validator-i-know-what-i-do': { type: 'boolean' },
  'force-authoring': { type: 'boolean' },
  'no-hardware-benchmarks': { type: 'boolean' },
  'allow-private-ip': { type: 'boolean' },
  'discover-local': { type: 'boolean' },
  'unsafe-force-node-key-generation': { type: 'boolean' },
  ...Object.fromEntries(DEV_KEYS.map((k) => [k, { type: 'boolean' }])),
} as const;

export interface NodeFlags {
  readonly chain: string;
  readonly basePath: string | undefined;
  readonly tmp: boolean;
  readonly name: string | undefined;
  /** SURI of the validator key (`//Alice` for `--alice`), when the node validates. */
  readonly validatorSuri: string | undefined;
  readonly rpcPort: number;
  readonly rpcHost: string;
  readonly rpcMethods: 'safe' | 'unsafe' | 'auto';
  readonly rpcCors: 'all' | string[] | null;
  readonly rpcMaxConnections: number;
  readonly rpcMaxRequestBytes: number;
  readonly rpcMaxResponseBytes: number;
  readonly rpcMaxSubscriptions: number;
  readonly blockTimeMs: number;
  /** Prometheus exporter port, or undefined with --no-prometheus. */
  readonly prometheusPort: number | undefined;
  readonly prometheusExternal: boolean;
  readonly logLevel: 'error' | 'warn' | 'info' | 'debug';
  /** 32-byte ed25519 secret of the libp2p identity. */
  readonly nodeKey: Uint8Array | undefined;
  readonly listenAddrs: string[];
  readonly bootnodes: string[];
  /** Whether networking was asked for (any of --port, --listen-addr, --bootnodes, --node-key). */
  readonly networking: boolean;
  readonly anchoring: AnchoringFlags;
}

/** Anchoring on Ethereum, as the flags ask for it. */
export interface AnchoringFlags {
  /** `--dev-l1`: start anvil from the npm package, deploy the anchor contract, anchor there. */
  readonly devL1: boolean;
  /** `--l1-rpc`: where this node submits commitments (and learns the chain id). */
  readonly l1Rpc: string | undefined;
  /** `--anchor-contract`: the SpindleAnchor address; with it the node signs and gathers signatures. */
  readonly contract: `0x${string}` | undefined;
  /** `--l1-chain-id`: needed to sign when there is no --l1-rpc to ask. */
  readonly chainId: bigint | undefined;
  /** `--anchor-key`: the secp256k1 anchor key as 32 bytes of hex or a SURI (default: derived from the validator key). */
  readonly key: string | undefined;
  readonly confirmations: number;
  /** `--anchor-max-gas-price` in gwei, as wei; undefined = no cap. */
  readonly maxGasPriceWei: bigint | undefined;
  readonly maxBatch: number;
}

function parseAnchoringFlags(v: Record<string, string | boolean | string[] | undefined>): AnchoringFlags {
  const contract = v['anchor-contract'] as string | undefined;
  if (contract !== undefined && !/^0x[0-9a-fA-F]{40}$/.test(contract)) throw new CliError('--anchor-contract expects a 20-byte hex address');
  const l1Rpc = v['l1-rpc'] as string | undefined;
  if (l1Rpc !== undefined && !/^(https?|wss?):\/\//.test(l1Rpc)) throw new CliError('--l1-rpc expects an http(s):// or ws(s):// URL');
  const chainId = v['l1-chain-id'] as string | undefined;
  if (chainId !== undefined && !/^\d{1,18}$/.test(chainId)) throw new CliError('--l1-chain-id expects a whole number');
  const gwei = v['anchor-max-gas-price'] as string | undefined;
  if (gwei !== undefined && !/^\d+(\.\d{1,9})?$/.test(gwei)) throw new CliError('--anchor-max-gas-price expects gwei, e.g. 50 or 0.5');
  const devL1 = v['dev-l1'] === true;
  if (devL1 && (l1Rpc !== undefined || contract !== undefined)) throw new CliError('--dev-l1 starts its own L1: leave out --l1-rpc and --anchor-contract');
  if (l1Rpc !== undefined && contract === undefined) throw new CliError('--l1-rpc needs --anchor-contract (deploy one with the dev L1 or src/anchor/deployAnchor.ts)');
  const [whole, frac = ''] = (gwei ?? '0').split('.');
  return {
    devL1,
    l1Rpc,
    contract: contract as `0x${string}` | undefined,
    chainId: chainId === undefined ? undefined : BigInt(chainId),
    key: v['anchor-key'] as string | undefined,
    confirmations: int(v['anchor-confirmations'] as string | undefined, 'anchor-confirmations', 2, 1, 1000),
    maxGasPriceWei: gwei === undefined ? undefined : BigInt(whole!) * 10n ** 9n + BigInt(frac.padEnd(9, '0')),
    maxBatch: int(v['anchor-max-batch'] as string | undefined, 'anchor-max-batch', 16, 1, 256),
  };
}

function int(value: string | undefined, flag: string, fallback: number, min = 0, max = 65535): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new CliError(`--${flag} expects a whole number, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new CliError(`--${flag} must be between ${min} and ${max}`);
  return n;
}

function parseNodeKeyFlag(value: string | undefined): Uint8Array | undefined {
  if (value === undefined) return undefined;
  const hex = value.startsWith('0x') ? value.slice(2) : value;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new CliError('--node-key expects 32 bytes of hex (an ed25519 secret)');
  return Buffer.from(hex, 'hex');
}

export function parseNodeFlags(args: readonly string[]): NodeFlags {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\nRun \`spindle node --help\` for the flags.`);
  }
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const dev = v['dev'] === true;
  const devKey = DEV_KEYS.find((k) => v[k] === true);
  const suri = typeof v['key'] === 'string' ? v['key'] : devKey !== undefined ? `//${devKey[0]!.toUpperCase()}${devKey.slice(1)}` : dev ? '//Alice' : undefined;
  const validator = dev || v['validator'] === true || devKey !== undefined;
  const methods = (v['rpc-methods'] as string | undefined)?.toLowerCase() ?? (dev ? 'unsafe' : 'auto');
  if (!['safe', 'unsafe', 'auto'].includes(methods)) throw new CliError(`--rpc-methods must be safe, unsafe or auto, got "${methods}"`);
  const cors = v['rpc-cors'] as string | undefined;
  const logs = (v['log'] as string[] | undefined) ?? [];
  const level = logs.map((l) => l.split('=').pop()!).find((l) => ['error', 'warn', 'info', 'debug', 'trace'].includes(l)) ?? 'info';
  return {
    chain: (v['chain'] as string | undefined) ?? (dev ? 'dev' : 'local'),
    basePath: v['base-path'] as string | undefined,
    tmp: v['tmp'] === true || (dev && v['base-path'] === undefined),
    name: v['name'] as string | undefined,
    validatorSuri: validator ? suri : undefined,
    rpcPort: int(v['rpc-port'] as string | undefined, 'rpc-port', 9944),
    rpcHost: v['rpc-external'] === true || v['unsafe-rpc-external'] === true ? '0.0.0.0' : '127.0.0.1',
    rpcMethods: methods as NodeFlags['rpcMethods'],
    rpcCors: cors === undefined ? (dev ? 'all' : null) : cors === 'all' ? 'all' : cors.split(',').map((s) => s.trim()),
    rpcMaxConnections: int(v['rpc-max-connections'] as string | undefined, 'rpc-max-connections', 100, 1, 100_000),
    rpcMaxRequestBytes: int(v['rpc-max-request-size'] as string | undefined, 'rpc-max-request-size', 15, 1, 1024) * 1024 * 1024,
    rpcMaxResponseBytes: int(v['rpc-max-response-size'] as string | undefined, 'rpc-max-response-size', 15, 1, 1024) * 1024 * 1024,
    rpcMaxSubscriptions: int(v['rpc-max-subscriptions-per-connection'] as string | undefined, 'rpc-max-subscriptions-per-connection', 1024, 1, 1_000_000),
    blockTimeMs: int(v['block-time'] as string | undefined, 'block-time', dev ? 1000 : 6000, 50, 600_000),
    nodeKey: parseNodeKeyFlag(v['node-key'] as string | undefined),
    listenAddrs: (v['listen-addr'] as string[] | undefined) ?? [`/ip4/0.0.0.0/tcp/${int(v['port'] as string | undefined, 'port', 30333)}`],
    bootnodes: (v['bootnodes'] as string[] | undefined)?.flatMap((b) => b.split(/[\s,]+/).filter((x) => x !== '')) ?? [],
    networking: ['port', 'listen-addr', 'bootnodes', 'node-key'].some((f) => v[f] !== undefined),
    prometheusPort: v['no-prometheus'] === true ? undefined : int(v['prometheus-port'] as string | undefined, 'prometheus-port', 9615),
    prometheusExternal: v['prometheus-external'] === true,
    logLevel: level === 'trace' ? 'debug' : (level as NodeFlags['logLevel']),
    anchoring: parseAnchoringFlags(v),
  };
}

export const NODE_HELP = `Run a Spindle relay node.

Usage: spindle node [OPTIONS]        (or: spindle [OPTIONS])

  --dev                      Development chain: --chain dev, --alice, --tmp, --rpc-cors all, unsafe RPC
  --chain <dev|local|FILE>   Chain specification (default: local)
  -d, --base-path <DIR>      Where the database lives (default: a temporary directory with --tmp)
  --tmp                      Use a temporary base path, removed on exit
  --name <NAME>              Node name shown in system_name-style telemetry and logs
  --validator                Author and vote on blocks (needs a key)
  --alice|--bob|--charlie|--dave|--eve|--ferdie
                             Use a well-known dev key as validator key
  --key <SURI>               Validator key (e.g. //Alice or a mnemonic)
  --rpc-port <PORT>          JSON-RPC over ws and http on one port (default 9944)
  --rpc-external             Listen on all interfaces instead of 127.0.0.1
  --rpc-methods <safe|unsafe|auto>
  --rpc-cors <all|ORIGIN,...>
  --rpc-max-connections <N>  (default 100)
  --rpc-max-request-size <MB>, --rpc-max-response-size <MB> (default 15)
  --rpc-max-subscriptions-per-connection <N> (default 1024)
  --block-time <MS>          Target time between blocks (default 1000 with --dev, else 6000)
  -l, --log <LEVEL>          error, warn, info (default) or debug
  --prometheus-port <PORT>   Prometheus metrics at /metrics (default 9615)
  --prometheus-external      Serve metrics on all interfaces
  --no-prometheus            No metrics endpoint
  --node-key <HEX>           libp2p identity (32-byte ed25519 secret); default: a new one each start
  --port <PORT>              p2p port when no --listen-addr is given (default 30333)
  --listen-addr <MULTIADDR>  e.g. /ip4/127.0.0.1/tcp/30333 or /ip4/127.0.0.1/tcp/30334/ws (repeatable)
  --bootnodes <MULTIADDR>    peers to connect to, with /p2p/<peer id> (repeatable)
  --dev-l1                   Start a local anvil L1, deploy the anchor contract for this chain's
                             validators and anchor there (what \`npm start\` does)
  --l1-rpc <URL>             Ethereum JSON-RPC this node submits anchor commitments to
  --anchor-contract <ADDR>   The SpindleAnchor contract; with it a validator signs commitments
  --l1-chain-id <N>          The L1 chain id, when there is no --l1-rpc to ask
  --anchor-key <HEX|SURI>    secp256k1 anchor key (default: derived from the validator key, like
                             BEEFY's dev keys); it also pays for submissions
  --anchor-confirmations <N> L1 blocks to wait before a commitment counts as anchored (default 2)
  --anchor-max-gas-price <GWEI>  Do not submit while the L1 gas price is above this
  --anchor-max-batch <N>     Most periods one transaction anchors when behind (default 16)
  --no-mdns, --no-telemetry, --insecure-validator-i-know-what-i-do
                             Accepted and ignored (zombienet compatibility)
`;
