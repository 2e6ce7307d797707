import { dirname, isAbsolute, resolve } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { APP_CHAIN_KINDS, DEV_KEY_NAMES, type AppChainKind, type CollatorDefinition, type DevKeyName, type L1Definition, type NetworkDefinition, type ParachainDefinition, type RelayNodeDefinition } from './NetworkDefinition.ts';
import { NetworkDefinitionError, type NetworkDefinitionIssue } from './NetworkDefinitionError.ts';
import { lineOfPath, tomlKeyLines } from './tomlKeyLines.ts';

type Table = Record<string, unknown>;

const DEFAULT_TIMEOUT_SEC = 300;
const BUILTIN_CHAINS = ['dev', 'local'];
const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/i;
/** Flags the launcher sets itself for each node or collator; a file sets them through keys instead. */
interface ManagedFlags {
  readonly flags: readonly string[];
  readonly hint: string;
}
const NODE_FLAGS: ManagedFlags = {
  flags: ['--chain', '--name', '--base-path', '-d', '--node-key', '--listen-addr', '--port', '--rpc-port', '--prometheus-port', '--bootnodes', '--tmp', '--dev'],
  hint: "use the file's keys: chain, name, rpc_port, p2p_port, prometheus_port",
};
const COLLATOR_FLAGS: ManagedFlags = {
  flags: ['--para-id', '--relay', '--parachain-rpc', '--parachain-spec', '--execute', '--base-path', '-d', '--tmp', '--rpc-port', '--name'],
  hint: "use the file's keys: the parachain's id and app_chain, the collator's name and rpc_port",
};

/** Collects issues while walking the parsed document. */
class Reader {
  readonly issues: NetworkDefinitionIssue[] = [];

  issue(code: NetworkDefinitionIssue['code'], path: string, message: string): void {
    this.issues.push({ code, path, message });
  }

  /** Reports every key of `t` not in `known`. */
  keys(t: Table, path: string, known: readonly string[]): void {
    for (const k of Object.keys(t)) {
      if (!known.includes(k)) this.issue('UNKNOWN_KEY', join(path, k), `unknown key (expected one of: ${known.join(', ')})`);
    }
  }

  table(v: unknown, path: string): Table | undefined {
    if (v === undefined) return undefined;
    if (isTable(v)) return v;
    this.issue('BAD_VALUE', path, `expected a table, got ${describe(v)}`);
    return undefined;
  }

  tables(v: unknown, path: string): Table[] {
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      this.issue('BAD_VALUE', path, `expected an array of tables ([[${path}]]), got ${describe(v)}`);
      return [];
    }
    return v.filter((e, i) => isTable(e) || (this.issue('BAD_VALUE', `${path}[${i}]`, `expected a table, got ${describe(e)}`), false)) as Table[];
  }

  string(v: unknown, path: string): string | undefined {
    if (v === undefined || typeof v === 'string') return v;
    this.issue('BAD_VALUE', path, `expected a string, got ${describe(v)}`);
    return undefined;
  }

  bool(v: unknown, path: string, fallback: boolean): boolean {
    if (v === undefined) return fallback;
    if (typeof v === 'boolean') return v;
    this.issue('BAD_VALUE', path, `expected true or false, got ${describe(v)}`);
    return fallback;
  }

  int(v: unknown, path: string, min: number, max: number): number | undefined {
    if (v === undefined) return undefined;
    const n = typeof v === 'bigint' ? Number(v) : v;
    if (typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max) return n;
    this.issue('BAD_VALUE', path, `expected a whole number from ${min} to ${max}, got ${describe(v)}`);
    return undefined;
  }

  /** An array of strings; each entry is split on whitespace (`"--block-time 1000"` is two arguments). */
  args(v: unknown, path: string, managed: ManagedFlags = NODE_FLAGS): string[] {
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every((a) => typeof a === 'string')) {
      this.issue('BAD_VALUE', path, `expected an array of strings, got ${describe(v)}`);
      return [];
    }
    const out = (v as string[]).flatMap((a) => a.split(/\s+/).filter((s) => s !== ''));
    for (const a of out) {
      const flag = a.split('=')[0]!;
      if (managed.flags.includes(flag)) this.issue('BAD_VALUE', path, `${flag} is set by the launcher (${managed.hint})`);
    }
    return out;
  }

  name(v: unknown, path: string): string | undefined {
    if (v === undefined) {
      this.issue('MISSING_KEY', path, 'a name is required');
      return undefined;
    }
    const s = this.string(v, path);
    if (s !== undefined && !NAME.test(s)) this.issue('BAD_VALUE', path, `"${s}" is not a valid name (letters, digits, - and _, at most 63)`);
    return s;
  }
}

function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (isTable(v)) return 'a table';
  return typeof v === 'string' ? `"${v}"` : `${String(v)} (${typeof v})`;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Parses and validates a zombienet-style network definition (TOML). Supported subset:
 * `[settings]` timeout, provider = "native"; `[relaychain]` default_command, chain | chain_spec_path,
 * default_args, `[[relaychain.nodes]]` name, validator (default true), command, args, rpc_port,
 * p2p_port, prometheus_port; `[[parachains]]` id, app_chain ("reference" | "chopsticks", a Spindle key,
 * default "reference") with `[parachains.collator]` / `[[parachains.collators]]` (name, command, args,
 * rpc_port); `[l1]` anvil, deploy_contract, submitters (Spindle's L1 for anchoring). Any other key is an error.
 * Throws NetworkDefinitionError listing every problem, each with the line it is on.
 * @example parseNetworkToml('[relaychain]\nchain = "local"\n[[relaychain.nodes]]\nname = "alice"\n', 'net.toml')
 */
export function parseNetworkToml(text: string, file: string): NetworkDefinition {
  let doc: Table;
  try {
    doc = parse(text) as Table;
  } catch (e) {
    if (e instanceof TomlError) {
      const message = e.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
      throw new NetworkDefinitionError(file, [{ code: 'TOML_SYNTAX', line: e.line, column: e.column, message: `invalid TOML: ${message}` }]);
    }
    throw e;
  }
  const r = new Reader();
  r.keys(doc, '', ['settings', 'relaychain', 'parachains', 'l1']);

  const settingsT = r.table(doc['settings'], 'settings') ?? {};
  r.keys(settingsT, 'settings', ['timeout', 'provider']);
  const timeoutSec = r.int(settingsT['timeout'], 'settings.timeout', 1, 86_400) ?? DEFAULT_TIMEOUT_SEC;
  const provider = r.string(settingsT['provider'], 'settings.provider') ?? 'native';
  if (provider !== 'native') r.issue('BAD_VALUE', 'settings.provider', `only the "native" provider is supported, got "${provider}"`);

  const relayT = r.table(doc['relaychain'], 'relaychain');
  if (relayT === undefined && doc['relaychain'] === undefined) r.issue('MISSING_KEY', 'relaychain', 'a [relaychain] table is required');
  const relay = relayT ?? {};
  r.keys(relay, 'relaychain', ['default_command', 'chain', 'chain_spec_path', 'default_args', 'nodes']);
  const defaultCommand = r.string(relay['default_command'], 'relaychain.default_command');
  const chainName = r.string(relay['chain'], 'relaychain.chain');
  const specPath = r.string(relay['chain_spec_path'], 'relaychain.chain_spec_path');
  let chain = 'local';
  if (chainName !== undefined && specPath !== undefined) r.issue('BAD_VALUE', 'relaychain', 'set chain or chain_spec_path, not both');
  else if (specPath !== undefined) chain = isAbsolute(specPath) ? specPath : resolve(dirname(resolve(file)), specPath);
  else if (chainName !== undefined) {
    if (BUILTIN_CHAINS.includes(chainName)) chain = chainName;
    else r.issue('BAD_VALUE', 'relaychain.chain', `unknown chain "${chainName}" (built in: ${BUILTIN_CHAINS.join(', ')}; use chain_spec_path for a file)`);
  }
  const defaultArgs = r.args(relay['default_args'], 'relaychain.default_args');

  const names = new Map<string, string>();
  const ports = new Map<number, string>();
  const claimName = (name: string | undefined, path: string): void => {
    if (name === undefined) return;
    const other = names.get(name);
    if (other !== undefined) r.issue('DUPLICATE', path, `name "${name}" is already used by ${other}`);
    else names.set(name, path);
  };
  const port = (v: unknown, path: string): number | undefined => {
    const p = r.int(v, path, 1, 65535);
    if (p === undefined) return undefined;
    const other = ports.get(p);
    if (other !== undefined) r.issue('DUPLICATE', path, `port ${p} is already used by ${other}`);
    else ports.set(p, path);
    return p;
  };

  const nodeTables = r.tables(relay['nodes'], 'relaychain.nodes');
  if (relayT !== undefined && nodeTables.length === 0 && relay['nodes'] === undefined) r.issue('MISSING_KEY', 'relaychain.nodes', 'at least one [[relaychain.nodes]] is required');
  const nodes: RelayNodeDefinition[] = nodeTables.map((t, i) => {
    const path = `relaychain.nodes[${i}]`;
    r.keys(t, path, ['name', 'validator', 'command', 'args', 'rpc_port', 'p2p_port', 'prometheus_port']);
    const name = r.name(t['name'], `${path}.name`);
    claimName(name, path);
    const validator = r.bool(t['validator'], `${path}.validator`, true);
    const lower = name?.toLowerCase();
    const devKey = validator && (DEV_KEY_NAMES as readonly string[]).includes(lower ?? '') ? (lower as DevKeyName) : undefined;
    return {
      name: name ?? `node-${i}`,
      validator,
      devKey,
      command: r.string(t['command'], `${path}.command`) ?? defaultCommand,
      args: [...defaultArgs, ...r.args(t['args'], `${path}.args`)],
      rpcPort: port(t['rpc_port'], `${path}.rpc_port`),
      p2pPort: port(t['p2p_port'], `${path}.p2p_port`),
      prometheusPort: port(t['prometheus_port'], `${path}.prometheus_port`),
    };
  });

  const paraIds = new Set<number>();
  const parachains: ParachainDefinition[] = r.tables(doc['parachains'], 'parachains').map((t, i) => {
    const path = `parachains[${i}]`;
    r.keys(t, path, ['id', 'app_chain', 'collator', 'collators']);
    if (t['id'] === undefined) r.issue('MISSING_KEY', `${path}.id`, 'a parachain id is required');
    const id = r.int(t['id'], `${path}.id`, 1, 4_294_967_295) ?? -1;
    const appChainName = r.string(t['app_chain'], `${path}.app_chain`) ?? 'reference';
    const appChain: AppChainKind = (APP_CHAIN_KINDS as readonly string[]).includes(appChainName) ? (appChainName as AppChainKind) : 'reference';
    if (appChain !== appChainName) r.issue('BAD_VALUE', `${path}.app_chain`, `unknown app chain "${appChainName}" (expected one of: ${APP_CHAIN_KINDS.join(', ')})`);
    if (id >= 0 && paraIds.has(id)) r.issue('DUPLICATE', `${path}.id`, `parachain id ${id} is defined twice`);
    paraIds.add(id);
    const collator = (c: Table, cpath: string): CollatorDefinition => {
      r.keys(c, cpath, ['name', 'command', 'args', 'rpc_port']);
      const name = r.name(c['name'], `${cpath}.name`);
      claimName(name, cpath);
      return {
        name: name ?? cpath,
        command: r.string(c['command'], `${cpath}.command`),
        args: r.args(c['args'], `${cpath}.args`, COLLATOR_FLAGS),
        rpcPort: port(c['rpc_port'], `${cpath}.rpc_port`),
      };
    };
    const single = r.table(t['collator'], `${path}.collator`);
    const collators = [
      ...(single === undefined ? [] : [collator(single, `${path}.collator`)]),
      ...r.tables(t['collators'], `${path}.collators`).map((c, j) => collator(c, `${path}.collators[${j}]`)),
    ];
    if (collators.length === 0) r.issue('MISSING_KEY', `${path}.collator`, 'a parachain needs a [parachains.collator] or [[parachains.collators]]');
    return { id, appChain, collators };
  });

  let l1: L1Definition | undefined;
  const l1T = r.table(doc['l1'], 'l1');
  if (l1T !== undefined) {
    r.keys(l1T, 'l1', ['anvil', 'deploy_contract', 'submitters']);
    const validators = nodes.filter((n) => n.validator).length;
    l1 = {
      anvil: r.bool(l1T['anvil'], 'l1.anvil', false),
      deployContract: r.bool(l1T['deploy_contract'], 'l1.deploy_contract', false),
      submitters: r.int(l1T['submitters'], 'l1.submitters', 1, Math.max(1, validators)) ?? 1,
    };
    if (l1.deployContract && !l1.anvil) r.issue('BAD_VALUE', 'l1.deploy_contract', 'deploy_contract needs anvil = true');
  }

  const keyLines = tomlKeyLines(text);
  const located = r.issues.map((i) => {
    // A missing top-level table is written nowhere: it is reported at line 1, like a missing DSL header.
    const line = i.path === undefined ? undefined : lineOfPath(keyLines, i.path) ?? 1;
    return line === undefined || i.line !== undefined ? i : { ...i, line };
  });
  const [first, ...rest] = located;
  if (first !== undefined) throw new NetworkDefinitionError(file, [first, ...rest]);
  return { file, settings: { timeoutSec, provider: 'native' }, relaychain: { chain, defaultCommand, nodes }, parachains, l1 };
}
