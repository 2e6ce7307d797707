import { bnToU8a, compactToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, xxhashAsU8a } from '@polkadot/util-crypto';

type Hex = `0x${string}`;

/**
 * The JSON chopsticks 1.1.0 accepts for `--genesis FILE` (its `genesisSchema`, zod, in
 * chopsticks-core `dist/esm/schema/index.js`): a chain-spec-like object whose `genesis.raw.top`
 * maps hex storage keys to hex SCALE values. Chopsticks' GenesisProvider iterates keys in the
 * object's insertion order, so `top` is written sorted.
 */
export interface ChopsticksGenesis {
  readonly id: string;
  readonly name: string;
  readonly properties: {
    readonly ss58Format?: number;
    readonly tokenDecimals?: number | readonly number[];
    readonly tokenSymbol?: string | readonly string[];
  };
  readonly genesis: { readonly raw: { readonly top: Readonly<Record<Hex, Hex>> } };
}

/** An endowed account: its 32-byte AccountId (an sr25519/ed25519 public key) and free balance. */
export interface GenesisAccount {
  readonly publicKey: Uint8Array;
  readonly free: bigint;
}

export interface BuildChopsticksGenesisOptions {
  /** The runtime's `:code` value (plain or zstd-compressed wasm), e.g. `loadSnapshotRuntime().code`. */
  readonly code: Uint8Array;
  /** `ParachainInfo.ParachainId`; chopsticks needs it to mock the relay parent. */
  readonly paraId: number;
  /** `Aura.Authorities` and `AuraExt.Authorities`: sr25519 public keys (chopsticks only supports Aura parachains). */
  readonly auraAuthorities: readonly Uint8Array[];
  /** `System.Account` entries; `Balances.TotalIssuance` is their sum. */
  readonly accounts: readonly GenesisAccount[];
  /**
   * `Timestamp.Now` in ms. Chopsticks times every block as parent + slot duration, and falls back to
   * the wall clock when this is absent: a fixed value makes the chain a function of its inputs.
   * Default 1_700_000_004_000 (a multiple of 12 s slots).
   */
  readonly timestampMs?: bigint;
  readonly id?: string;
  readonly name?: string;
  readonly properties?: ChopsticksGenesis['properties'];
  /** Further raw entries (they win over the built ones). */
  readonly extraStorage?: Readonly<Record<Hex, Hex>>;
}

export type ChopsticksGenesisErrorCode = 'INVALID_PARA_ID' | 'INVALID_KEY' | 'INVALID_BALANCE' | 'DUPLICATE_ACCOUNT';

export class ChopsticksGenesisError extends Error {
  override readonly name = 'ChopsticksGenesisError';
  constructor(
    readonly code: ChopsticksGenesisErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_GENESIS_TIMESTAMP_MS = 1_700_000_004_000n;

/** `AccountData.flags` with `IS_NEW_LOGIC` set, as pallet-balances' own genesis writes it. */
const NEW_LOGIC_FLAGS = 1n << 127n;
const U128_MAX = (1n << 128n) - 1n;

/**
 * Builds the `--genesis` JSON of an Aura parachain for chopsticks: `:code`, the para id, the Aura
 * authorities, a fixed timestamp and funded accounts, with FRAME's storage keys
 * (`twox128(pallet) ++ twox128(item) [++ blake2_128_concat(key)]`) and SCALE values.
 *
 * @example
 * const genesis = buildChopsticksGenesis({
 *   code: loadSnapshotRuntime().code,
 *   paraId: 2000,
 *   auraAuthorities: [alice.publicKey],
 *   accounts: [{ publicKey: alice.publicKey, free: 10n ** 18n }],
 * });
 */
export function buildChopsticksGenesis(options: BuildChopsticksGenesisOptions): ChopsticksGenesis {
  const { paraId } = options;
  if (!Number.isInteger(paraId) || paraId < 0 || paraId > 0xffff_ffff) throw new ChopsticksGenesisError('INVALID_PARA_ID', `para id ${paraId} is not a u32`);
  for (const key of options.auraAuthorities) {
    if (key.length !== 32) throw new ChopsticksGenesisError('INVALID_KEY', `aura authority of ${key.length} bytes, want 32`);
  }
  const top = new Map<Hex, Hex>();
  top.set('0x3a636f6465', u8aToHex(options.code));
  top.set(storageKey('ParachainInfo', 'ParachainId'), u8aToHex(uint(paraId, 32)));
  const authorities = u8aToHex(u8aConcat(compactToU8a(options.auraAuthorities.length), ...options.auraAuthorities));
  top.set(storageKey('Aura', 'Authorities'), authorities);
  top.set(storageKey('AuraExt', 'Authorities'), authorities);
  top.set(storageKey('Timestamp', 'Now'), u8aToHex(uint(options.timestampMs ?? DEFAULT_GENESIS_TIMESTAMP_MS, 64)));
  let issuance = 0n;
  for (const { publicKey, free } of options.accounts) {
    if (publicKey.length !== 32) throw new ChopsticksGenesisError('INVALID_KEY', `account id of ${publicKey.length} bytes, want 32`);
    if (free < 0n || free > U128_MAX) throw new ChopsticksGenesisError('INVALID_BALANCE', `balance ${free} is not a u128`);
    const key = storageKey('System', 'Account', u8aConcat(blake2AsU8a(publicKey, 128), publicKey));
    if (top.has(key)) throw new ChopsticksGenesisError('DUPLICATE_ACCOUNT', `account ${u8aToHex(publicKey)} listed twice`);
    top.set(key, accountInfo(free));
    issuance += free;
  }
  if (issuance > U128_MAX) throw new ChopsticksGenesisError('INVALID_BALANCE', `total issuance ${issuance} is not a u128`);
  top.set(storageKey('Balances', 'TotalIssuance'), u8aToHex(uint(issuance, 128)));
  for (const [key, value] of Object.entries(options.extraStorage ?? {})) top.set(key as Hex, value);
  const sorted = [...top.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    id: options.id ?? 'spindle-app',
    name: options.name ?? 'Spindle app chain',
    properties: options.properties ?? { ss58Format: 42 },
    genesis: { raw: { top: Object.fromEntries(sorted) as Record<Hex, Hex> } },
  };
}

/** A FRAME storage key: `twox128(pallet) ++ twox128(item) ++ suffix` (the suffix already hashed). */
export function storageKey(pallet: string, item: string, suffix: Uint8Array = new Uint8Array()): Hex {
  return u8aToHex(u8aConcat(xxhashAsU8a(pallet, 128), xxhashAsU8a(item, 128), suffix));
}

/** `frame_system::AccountInfo { nonce: 0, consumers: 0, providers: 1, sufficients: 0, data: AccountData { free, 0, 0, flags } }`. */
function accountInfo(free: bigint): Hex {
  return u8aToHex(
    u8aConcat(uint(0, 32), uint(0, 32), uint(free > 0n ? 1 : 0, 32), uint(0, 32), uint(free, 128), uint(0n, 128), uint(0n, 128), uint(NEW_LOGIC_FLAGS, 128)),
  );
}

function uint(value: number | bigint, bits: 32 | 64 | 128): Uint8Array {
  return bnToU8a(BigInt(value), { bitLength: bits, isLe: true, isNegative: false });
}
