import { Keyring } from '@polkadot/keyring';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import type { GenesisConfig } from '../runtime/genesis.ts';
import { devAnchorAddress } from './devAnchorKey.ts';

/**
 * A Substrate-style chain spec. `genesis` holds either the runtime genesis config
 * (`runtimeGenesis.patch`, human-editable) or, after `build-spec --raw`, the raw storage.
 */
export interface ChainSpec {
  name: string;
  id: string;
  chainType: 'Development' | 'Local' | 'Live';
  bootNodes: string[];
  telemetryEndpoints: null;
  protocolId: string | null;
  properties: { ss58Format: number; tokenDecimals: number; tokenSymbol: string };
  codeSubstitutes: Record<string, never>;
  genesis: { runtimeGenesis: { patch: GenesisPatch } } | { raw: { top: Record<string, string>; childrenDefault: Record<string, never> } };
}

/** The JSON form of the genesis config: SS58 addresses, balances as decimal strings (u128 does not fit a JSON number). */
export interface GenesisPatch {
  balances: { balances: [string, string | number][] };
  paras: { paras: [number, string, string | null][] };
  session?: {
    /** Validators: [account SS58, ed25519 consensus public key (hex), voting power, anchor key's Ethereum address (hex)]. */
    validators: [string, string, number, string][];
    /** The account allowed to change the validator set (SS58); absent: the set is fixed. */
    admin?: string;
    /** An anchor commitment covers at most this many blocks (default 16). */
    anchorPeriodBlocks?: number;
    /** An anchor commitment closes once its blocks span this many ms of block time (default 0: off). */
    anchorPeriodMillis?: number;
  };
}

export class ChainSpecError extends Error {
  override readonly name = 'ChainSpecError';
  constructor(
    readonly code: 'UNKNOWN_CHAIN' | 'INVALID_SPEC' | 'INVALID_ADDRESS',
    message: string,
  ) {
    super(message);
  }
}

const DEV_NAMES = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const;
/** 1 000 000 000 SPDL, 12 decimals. */
const DEV_ENDOWMENT = 10n ** 21n;
const PROPERTIES = { ss58Format: 42, tokenDecimals: 12, tokenSymbol: 'SPDL' };

/** The SS58 address of a dev account (`//Alice` …). Needs crypto to be ready. */
export function devAddress(name: string): string {
  return new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(`//${name}`).address;
}

/** The ed25519 consensus public key of a dev validator (`//Alice` derived as ed25519, like GRANDPA's dev keys). */
export function devConsensusKey(name: string): string {
  return u8aToHex(new Keyring({ type: 'ed25519' }).addFromUri(`//${name}`).publicKey);
}

function devPatch(validators: readonly string[]): GenesisPatch {
  const accounts = DEV_NAMES.map((n) => devAddress(n));
  return {
    session: { validators: validators.map((n) => [devAddress(n), devConsensusKey(n), 1, devAnchorAddress(n)]), admin: accounts[0]!, anchorPeriodBlocks: 8 },
    balances: { balances: accounts.map((a) => [a, DEV_ENDOWMENT.toString()]) },
    // Para 100 is managed by Alice and pays nobody's fees; para 200 (Bob) sponsors its users.
    paras: { paras: [[100, accounts[0]!, null], [200, accounts[1]!, accounts[1]!]] },
  };
}

/** The built-in specs: `dev` (one validator, Alice) and `local` (alice, bob, charlie, dave). */
export function builtinChainSpec(name: string): ChainSpec {
  switch (name) {
    case 'dev':
      return { name: 'Spindle Development', id: 'spindle_dev', chainType: 'Development', bootNodes: [], telemetryEndpoints: null, protocolId: 'spdl', properties: PROPERTIES, codeSubstitutes: {}, genesis: { runtimeGenesis: { patch: devPatch(['Alice']) } } };
    case 'local':
      return { name: 'Spindle Local Testnet', id: 'spindle_local', chainType: 'Local', bootNodes: [], telemetryEndpoints: null, protocolId: 'spdl', properties: PROPERTIES, codeSubstitutes: {}, genesis: { runtimeGenesis: { patch: devPatch(['Alice', 'Bob', 'Charlie', 'Dave']) } } };
    default:
      throw new ChainSpecError('UNKNOWN_CHAIN', `unknown chain "${name}": use dev, local or a chain spec file`);
  }
}

/** Validates parsed JSON as a chain spec (the edge: after this the types are trusted). */
export function parseChainSpec(json: unknown, source: string): ChainSpec {
  const fail = (why: string): never => {
    throw new ChainSpecError('INVALID_SPEC', `${source}: ${why}`);
  };
  if (typeof json !== 'object' || json === null) return fail('not a JSON object');
  const s = json as Record<string, unknown>;
  if (typeof s['name'] !== 'string' || typeof s['id'] !== 'string') fail('"name" and "id" must be strings');
  const genesis = s['genesis'] as Record<string, unknown> | undefined;
  if (genesis === undefined || typeof genesis !== 'object') return fail('"genesis" is missing');
  if (!('raw' in genesis) && !('runtimeGenesis' in genesis)) fail('"genesis" needs "raw" or "runtimeGenesis"');
  if ('raw' in genesis) {
    const top = (genesis['raw'] as Record<string, unknown> | undefined)?.['top'];
    if (typeof top !== 'object' || top === null) fail('"genesis.raw.top" must be an object');
    for (const [k, v] of Object.entries(top as Record<string, unknown>)) {
      if (!/^0x([0-9a-fA-F]{2})*$/.test(k) || typeof v !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(v)) fail(`raw storage entry ${k} is not hex`);
    }
  }
  return {
    bootNodes: [],
    telemetryEndpoints: null,
    protocolId: null,
    properties: PROPERTIES,
    codeSubstitutes: {},
    chainType: 'Live',
    ...(s as object),
  } as unknown as ChainSpec;
}

function accountId(address: string, what: string): Uint8Array {
  try {
    return decodeAddress(address);
  } catch {
    throw new ChainSpecError('INVALID_ADDRESS', `${what}: "${address}" is not an SS58 address`);
  }
}

/** The runtime genesis config a (non-raw) spec describes. */
export function genesisConfigOf(patch: GenesisPatch): GenesisConfig {
  return {
    balances: (patch.balances?.balances ?? []).map(([who, amount]) => [accountId(who, 'balances'), BigInt(amount)] as const),
    paras: (patch.paras?.paras ?? []).map(([id, manager, sponsor]) => ({
      id,
      manager: accountId(manager, `para ${id} manager`),
      ...(sponsor === null ? {} : { sponsor: accountId(sponsor, `para ${id} sponsor`) }),
    })),
    validators: (patch.session?.validators ?? []).map(([account, key, power, anchorAddress]) => {
      if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new ChainSpecError('INVALID_SPEC', `validator ${account}: consensus key must be 32 bytes of hex`);
      if (!Number.isSafeInteger(power) || power <= 0) throw new ChainSpecError('INVALID_SPEC', `validator ${account}: power must be a positive integer`);
      if (typeof anchorAddress !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(anchorAddress)) {
        throw new ChainSpecError('INVALID_SPEC', `validator ${account}: the 4th entry must be the anchor key's Ethereum address (20 bytes of hex)`);
      }
      return { account: accountId(account, 'validator'), consensus_key: hexToU8a(key), power: BigInt(power), anchor_address: hexToU8a(anchorAddress) };
    }),
    ...(patch.session?.admin === undefined ? {} : { sessionAdmin: accountId(patch.session.admin, 'session admin') }),
    ...(patch.session?.anchorPeriodBlocks === undefined ? {} : { anchorPeriodBlocks: positiveInteger(patch.session.anchorPeriodBlocks, 'session.anchorPeriodBlocks') }),
    ...(patch.session?.anchorPeriodMillis === undefined ? {} : { anchorPeriodMillis: BigInt(nonNegativeInteger(patch.session.anchorPeriodMillis, 'session.anchorPeriodMillis')) }),
  };
}

function positiveInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0 || value > 0xffff_ffff) throw new ChainSpecError('INVALID_SPEC', `${what} must be a positive 32-bit integer`);
  return value;
}

function nonNegativeInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new ChainSpecError('INVALID_SPEC', `${what} must be a non-negative integer`);
  return value;
}

/** Readable SS58 of an account id (for logs). */
export function ss58(accountId: Uint8Array): string {
  return encodeAddress(accountId, 42);
}
