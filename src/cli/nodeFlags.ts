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
  /** Flags parsed but not acted on yet (anchoring): reported at start-up. */
  readonly notYetSupported: readonly string[];
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
  const notYet = ['l1-rpc', 'anchor-contract', 'anchor-key'].filter((f) => v[f] !== undefined);
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
    notYetSupported: notYet,
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
  --l1-rpc, --anchor-contract, --anchor-key
                             Accepted; anchoring arrives with a later release
  --no-mdns, --no-telemetry, --insecure-validator-i-know-what-i-do
                             Accepted and ignored (zombienet compatibility)
`;
