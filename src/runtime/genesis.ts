import { encodeValue } from './codec/scaleValue.ts';
import * as C from './metadata/commonTypes.ts';
import { runtimeVersion } from './runtimeVersion.ts';
import { WELL_KNOWN_KEYS } from './storage/storageKey.ts';
import { StorageOverlay } from './storage/StorageOverlay.ts';
import { balancesStorage } from './pallets/balances.ts';
import { parasStorage, type ParaInfoValue } from './pallets/paras.ts';
import { sessionStorage, type ValidatorValue } from './pallets/session.ts';
import { EMPTY_ACCOUNT, systemStorage, writeAccount } from './pallets/system.ts';
import type { RuntimeConfig } from './RuntimeConfig.ts';

/** The runtime part of a chain spec (`genesis.runtimeGenesis.patch`), decoded. */
export interface GenesisConfig {
  /** Endowed accounts (AccountId32) and their free balance. */
  readonly balances: readonly (readonly [Uint8Array, bigint])[];
  /** App chains registered at genesis. */
  readonly paras: readonly { readonly id: number; readonly manager: Uint8Array; readonly sponsor?: Uint8Array }[];
  /** The initial validator set (may be empty for a chain that is only followed). */
  readonly validators: readonly ValidatorValue[];
  /** The account allowed to change the validator set; absent: the set is fixed. */
  readonly sessionAdmin?: Uint8Array;
  /** Anchor period in blocks (default: the pallet's, 16). */
  readonly anchorPeriodBlocks?: number;
  /** Anchor period in milliseconds of block time (default 0: by block count only). */
  readonly anchorPeriodMillis?: bigint;
}

export class GenesisError extends Error {
  override readonly name = 'GenesisError';
  constructor(
    readonly code: 'BELOW_EXISTENTIAL_DEPOSIT' | 'DUPLICATE_ACCOUNT' | 'DUPLICATE_PARA' | 'INVALID_PARA_ID' | 'DUPLICATE_VALIDATOR' | 'DUPLICATE_ANCHOR_ADDRESS' | 'INVALID_POWER',
    message: string,
  ) {
    super(message);
  }
}

const EMPTY_STATE = { get: () => undefined, keys: () => [] };

/** The genesis storage entries (hex key → value) a GenesisConfig implies. */
export function genesisStorage(config: RuntimeConfig, genesis: GenesisConfig): ReadonlyMap<string, Uint8Array> {
  const state = new StorageOverlay(EMPTY_STATE);
  let issuance = 0n;
  const seen = new Set<string>();
  for (const [who, free] of genesis.balances) {
    const id = Buffer.from(who).toString('hex');
    if (seen.has(id)) throw new GenesisError('DUPLICATE_ACCOUNT', `account 0x${id} is endowed twice`);
    seen.add(id);
    if (free < config.existentialDeposit) throw new GenesisError('BELOW_EXISTENTIAL_DEPOSIT', `account 0x${id} endowed below the existential deposit`);
    writeAccount(state, who, { ...EMPTY_ACCOUNT, providers: 1, data: { ...EMPTY_ACCOUNT.data, free } });
    issuance += free;
  }
  balancesStorage.totalIssuance.set(state, issuance);
  for (const para of genesis.paras) {
    if (para.id <= 0 || para.id > 0xffff_ffff) throw new GenesisError('INVALID_PARA_ID', `invalid para id ${para.id}`);
    if (parasStorage.paras.has(state, para.id)) throw new GenesisError('DUPLICATE_PARA', `para ${para.id} registered twice`);
    const info: ParaInfoValue = {
      manager: para.manager,
      sponsor: para.sponsor === undefined ? { type: 'None' } : { type: 'Some', value: para.sponsor },
      deposit: 0n,
    };
    parasStorage.paras.set(state, para.id, info);
  }
  parasStorage.paraCount.set(state, genesis.paras.length);
  const keys = new Set<string>();
  const addresses = new Set<string>();
  for (const v of genesis.validators) {
    const k = Buffer.from(v.consensus_key).toString('hex');
    const a = Buffer.from(v.anchor_address).toString('hex');
    if (keys.has(k)) throw new GenesisError('DUPLICATE_VALIDATOR', `consensus key 0x${k} appears twice`);
    if (addresses.has(a)) throw new GenesisError('DUPLICATE_ANCHOR_ADDRESS', `anchor address 0x${a} appears twice`);
    if (v.power <= 0n) throw new GenesisError('INVALID_POWER', `validator 0x${k} has no voting power`);
    keys.add(k);
    addresses.add(a);
  }
  sessionStorage.validators.set(state, [...genesis.validators]);
  if (genesis.sessionAdmin !== undefined) sessionStorage.admin.set(state, { type: 'Some', value: genesis.sessionAdmin });
  if (genesis.anchorPeriodBlocks !== undefined) sessionStorage.anchorPeriodBlocks.set(state, genesis.anchorPeriodBlocks);
  if (genesis.anchorPeriodMillis !== undefined) sessionStorage.anchorPeriodMillis.set(state, genesis.anchorPeriodMillis);
  // Spindle's runtime is native TypeScript, so `:code` holds no wasm: it holds the SCALE
  // RuntimeVersion, which changes exactly when the runtime does. Clients that tell runtimes
  // apart by the hash of `:code` (polkadot-api) need it to exist.
  state.set(WELL_KNOWN_KEYS.code, encodeValue(C.runtimeVersion, runtimeVersion(config)));
  systemStorage.parentHash.set(state, new Uint8Array(32).fill(0x69));
  systemStorage.blockHash.set(state, 0, new Uint8Array(32).fill(0x69));
  const out = new Map<string, Uint8Array>();
  for (const [k, v] of state.changes()) if (v !== null) out.set(k, v);
  return out;
}
