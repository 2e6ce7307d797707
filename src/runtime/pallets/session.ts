import type { PalletDecl } from '../metadata/RuntimeDecl.ts';
import { t } from '../metadata/typeInfo.ts';
import type { Pallet } from '../pallet.ts';
import { StorageValue } from '../storage/storageItems.ts';
import type { StateReader } from '../storage/StorageOverlay.ts';
import * as F from './frameTypes.ts';

const NAME = 'Session';
export const SESSION_INDEX = 6;

/** A relay validator: its account, its ed25519 consensus key and its voting power. */
export interface ValidatorValue {
  account: Uint8Array;
  consensus_key: Uint8Array;
  power: bigint;
}

export const ValidatorInfo = t.composite(
  ['pallet_spindle_session', 'ValidatorInfo'],
  [
    { name: 'account', type: F.AccountId32, typeName: 'T::AccountId' },
    { name: 'consensus_key', type: t.array(32, F.u8), typeName: 'ed25519::Public' },
    { name: 'power', type: F.u64, typeName: 'u64' },
  ],
);

export const sessionStorage = {
  validators: new StorageValue<ValidatorValue[]>(NAME, 'Validators', t.sequence(ValidatorInfo), {
    default: [],
    docs: [' The current validator set, in proposer order, with voting power.'],
  }),
  currentIndex: new StorageValue<number>(NAME, 'CurrentIndex', F.u32, { default: 0, docs: [' Current session (validator set) index.'] }),
} as const;

export function validatorSet(state: StateReader): ValidatorValue[] {
  return sessionStorage.validators.read(state);
}

/**
 * The relay's validator set. Set at genesis for now; set changes (and their handover on
 * Ethereum) come with the anchoring work.
 */
export function sessionPallet(): Pallet {
  const decl: PalletDecl = {
    name: NAME,
    index: SESSION_INDEX,
    crate: 'pallet_spindle_session',
    storage: { prefix: NAME, items: [sessionStorage.validators.decl(), sessionStorage.currentIndex.decl()] },
    docs: [' The validator set that orders relay blocks.'],
  };
  return { decl, calls: {} };
}
