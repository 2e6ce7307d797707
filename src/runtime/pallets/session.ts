import type { PalletDecl } from '../metadata/RuntimeDecl.ts';
import { t } from '../metadata/typeInfo.ts';
import { ensureSigned, moduleError, type Pallet } from '../pallet.ts';
import { StorageValue } from '../storage/storageItems.ts';
import type { StateReader } from '../storage/StorageOverlay.ts';
import * as F from './frameTypes.ts';

const NAME = 'Session';
export const SESSION_INDEX = 6;

/**
 * A relay validator: its account, its ed25519 consensus key, the Ethereum address of its
 * secp256k1 anchor key (it signs anchor commitments) and its voting power (also its weight
 * on Ethereum).
 */
export interface ValidatorValue {
  account: Uint8Array;
  consensus_key: Uint8Array;
  anchor_address: Uint8Array;
  power: bigint;
}

export const ValidatorInfo = t.composite(
  ['pallet_spindle_session', 'ValidatorInfo'],
  [
    { name: 'account', type: F.AccountId32, typeName: 'T::AccountId' },
    { name: 'consensus_key', type: t.array(32, F.u8), typeName: 'ed25519::Public' },
    { name: 'anchor_address', type: F.H160, typeName: 'H160' },
    { name: 'power', type: F.u64, typeName: 'u64' },
  ],
);

export const sessionStorage = {
  validators: new StorageValue<ValidatorValue[]>(NAME, 'Validators', t.sequence(ValidatorInfo), {
    default: [],
    docs: [' The current validator set, in proposer order, with voting power.'],
  }),
  currentIndex: new StorageValue<number>(NAME, 'CurrentIndex', F.u32, {
    default: 0,
    docs: [' Current session (validator set) index; it is also the set id on Ethereum.'],
  }),
  admin: new StorageValue<{ type: 'None' } | { type: 'Some'; value: Uint8Array }>(NAME, 'Admin', F.option(F.AccountId32), {
    default: { type: 'None' },
    docs: [' The account allowed to change the validator set (a stand-in for governance); none freezes the set.'],
  }),
  lastChange: new StorageValue<number>(NAME, 'LastChange', F.u32, {
    default: 0,
    docs: [' The block that last changed the set (one change per block keeps set ids consecutive).'],
  }),
  anchorPeriodBlocks: new StorageValue<number>(NAME, 'AnchorPeriodBlocks', F.u32, {
    default: 16,
    docs: [' An anchor commitment covers at most this many relay blocks.'],
  }),
  anchorPeriodMillis: new StorageValue<bigint>(NAME, 'AnchorPeriodMillis', F.u64, {
    default: 0n,
    docs: [' An anchor commitment closes once its blocks span this many milliseconds of block time (0: by block count only).'],
  }),
} as const;

export function validatorSet(state: StateReader): ValidatorValue[] {
  return sessionStorage.validators.read(state);
}

export type ValidatorSetProblem = 'EmptySet' | 'DuplicateConsensusKey' | 'DuplicateAnchorAddress' | 'ZeroPower';

/** Why a validator set cannot be installed, or undefined when it can. */
export function checkValidatorSet(validators: readonly ValidatorValue[]): ValidatorSetProblem | undefined {
  if (validators.length === 0) return 'EmptySet';
  const keys = new Set<string>();
  const addresses = new Set<string>();
  for (const v of validators) {
    if (v.power <= 0n) return 'ZeroPower';
    const key = Buffer.from(v.consensus_key).toString('hex');
    const address = Buffer.from(v.anchor_address).toString('hex');
    if (keys.has(key)) return 'DuplicateConsensusKey';
    if (addresses.has(address)) return 'DuplicateAnchorAddress';
    keys.add(key);
    addresses.add(address);
  }
  return undefined;
}

/**
 * The relay's validator set. `set_validators` (by the admin account) installs a new set
 * and bumps the session index; the new set finalizes from the next block on, and the
 * anchor commitment that ends at the changing block announces it to Ethereum.
 */
export function sessionPallet(): Pallet {
  const decl: PalletDecl = {
    name: NAME,
    index: SESSION_INDEX,
    crate: 'pallet_spindle_session',
    storage: {
      prefix: NAME,
      items: [
        sessionStorage.validators.decl(),
        sessionStorage.currentIndex.decl(),
        sessionStorage.admin.decl(),
        sessionStorage.lastChange.decl(),
        sessionStorage.anchorPeriodBlocks.decl(),
        sessionStorage.anchorPeriodMillis.decl(),
      ],
    },
    calls: [
      {
        name: 'set_validators',
        index: 0,
        args: [{ name: 'validators', type: t.sequence(ValidatorInfo), typeName: 'Vec<ValidatorInfo<T::AccountId>>' }],
        docs: [' Replace the validator set from the next block on (admin only).'],
      },
    ],
    events: [
      {
        name: 'NewSession',
        index: 0,
        fields: [{ name: 'session_index', type: F.u32, typeName: 'SessionIndex' }],
        docs: [' A new validator set was installed; it finalizes blocks from the next one on.'],
      },
    ],
    errors: [
      { name: 'NotAdmin', index: 0, docs: [' Only the admin account may change the validator set.'] },
      { name: 'EmptySet', index: 1, docs: [' A validator set needs at least one member.'] },
      { name: 'DuplicateConsensusKey', index: 2, docs: [' Two validators share a consensus key.'] },
      { name: 'DuplicateAnchorAddress', index: 3, docs: [' Two validators share an anchor address.'] },
      { name: 'ZeroPower', index: 4, docs: [' Every validator needs voting power.'] },
      { name: 'OneChangePerBlock', index: 5, docs: [' The set already changed in this block.'] },
    ],
    docs: [' The validator set that orders relay blocks and signs their anchor commitments.'],
  };
  return {
    decl,
    calls: {
      set_validators: (ctx, args) => {
        const who = ensureSigned(ctx.origin);
        const admin = sessionStorage.admin.read(ctx.state);
        if (admin.type !== 'Some' || !Buffer.from(admin.value).equals(Buffer.from(who))) throw moduleError(decl, 'NotAdmin');
        const validators = args['validators'] as ValidatorValue[];
        const problem = checkValidatorSet(validators);
        if (problem !== undefined) throw moduleError(decl, problem);
        if (sessionStorage.lastChange.read(ctx.state) === Number(ctx.block.number)) throw moduleError(decl, 'OneChangePerBlock');
        const index = sessionStorage.currentIndex.read(ctx.state) + 1;
        sessionStorage.lastChange.set(ctx.state, Number(ctx.block.number));
        sessionStorage.validators.set(ctx.state, validators);
        sessionStorage.currentIndex.set(ctx.state, index);
        ctx.block.deposit(decl, 'NewSession', { session_index: index });
      },
    },
  };
}
