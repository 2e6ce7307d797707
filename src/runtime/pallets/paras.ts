import { encodeValue } from '../codec/scaleValue.ts';
import type { PalletDecl } from '../metadata/RuntimeDecl.ts';
import { t } from '../metadata/typeInfo.ts';
import { ensureSigned, moduleError, type Pallet } from '../pallet.ts';
import type { RuntimeConfig } from '../RuntimeConfig.ts';
import { StorageMap, StorageValue } from '../storage/storageItems.ts';
import type { StateReader } from '../storage/StorageOverlay.ts';
import type { Currency } from './balances.ts';
import * as F from './frameTypes.ts';

const NAME = 'Paras';
export const PARAS_INDEX = 4;

export interface ParaInfoValue {
  manager: Uint8Array;
  /** The account that pays the sequencing fees of this para's users, if any. */
  sponsor: { type: 'None' } | { type: 'Some'; value: Uint8Array };
  deposit: bigint;
}

export const ParaInfo = t.composite(
  ['pallet_paras', 'ParaInfo'],
  [
    { name: 'manager', type: F.AccountId32, typeName: 'T::AccountId' },
    { name: 'sponsor', type: F.option(F.AccountId32), typeName: 'Option<T::AccountId>' },
    { name: 'deposit', type: F.u128, typeName: 'BalanceOf<T>' },
  ],
);

export const parasStorage = {
  paras: new StorageMap<number, ParaInfoValue>(NAME, 'Paras', 'Twox64Concat', F.u32, ParaInfo, { docs: [' Registered app chains.'] }),
  paraCount: new StorageValue<number>(NAME, 'ParaCount', F.u32, { default: 0, docs: [' Number of registered app chains.'] }),
} as const;

export function paraInfo(state: StateReader, paraId: number): ParaInfoValue | undefined {
  return parasStorage.paras.get(state, paraId);
}

/** The account that pays for `signer`'s sequencing on `paraId`: the para's sponsor when it has one. */
export function feePayerFor(state: StateReader, paraId: number, signer: Uint8Array): Uint8Array {
  const info = paraInfo(state, paraId);
  return info !== undefined && info.sponsor.type === 'Some' ? info.sponsor.value : signer;
}

const paraIdArg = { name: 'para_id', type: F.u32, typeName: 'ParaId' } as const;
const sponsorArg = { name: 'sponsor', type: F.option(F.AccountId32), typeName: 'Option<T::AccountId>' } as const;

/**
 * pallet_paras: the registry of app chains. Anyone may register a free para id by
 * reserving a deposit and becomes its manager. A para may be sponsored: its sponsor pays
 * the sequencing fees of every `sequencer.submit` / `submitCandidate` for it. Only the
 * manager sets the sponsor, and may only name itself (or nobody), so no account can be
 * made to pay without signing for it.
 */
export function parasPallet(config: RuntimeConfig, currency: Currency): Pallet {
  const decl: PalletDecl = {
    name: NAME,
    index: PARAS_INDEX,
    crate: 'pallet_paras',
    storage: { prefix: NAME, items: [parasStorage.paras.decl(), parasStorage.paraCount.decl()] },
    calls: [
      { name: 'register', index: 0, args: [paraIdArg, sponsorArg], docs: [' Register a new app chain, reserving the registration deposit; the caller becomes its manager.'] },
      { name: 'set_sponsor', index: 1, args: [paraIdArg, sponsorArg], docs: [' Set or clear the account paying this para\'s sequencing fees (the manager itself, or none).'] },
      { name: 'deregister', index: 2, args: [paraIdArg], docs: [' Remove an app chain and return its deposit to the manager.'] },
    ],
    events: [
      { name: 'Registered', index: 0, fields: [paraIdArg, { name: 'manager', type: F.AccountId32, typeName: 'T::AccountId' }], docs: [' An app chain was registered.'] },
      { name: 'SponsorSet', index: 1, fields: [paraIdArg, sponsorArg], docs: [' The sponsor of an app chain changed.'] },
      { name: 'Deregistered', index: 2, fields: [paraIdArg], docs: [' An app chain was removed.'] },
    ],
    errors: [
      { name: 'AlreadyRegistered', index: 0, docs: [' The para id is taken.'] },
      { name: 'NotRegistered', index: 1, docs: [' No such para.'] },
      { name: 'NotManager', index: 2, docs: [' Only the para manager may do this.'] },
      { name: 'BadSponsor', index: 3, docs: [' A sponsor must be the manager itself.'] },
      { name: 'InvalidParaId', index: 4, docs: [' Para id 0 is reserved.'] },
    ],
    constants: [{ name: 'RegistrationDeposit', type: F.u128, value: encodeValue(F.u128, config.paraDeposit), docs: [' Reserved from the manager on registration.'] }],
    docs: [' The registry of app chains sequenced by this relay.'],
  };
  const checkSponsor = (who: Uint8Array, sponsor: ParaInfoValue['sponsor']): void => {
    if (sponsor.type === 'Some' && !Buffer.from(sponsor.value).equals(Buffer.from(who))) throw moduleError(decl, 'BadSponsor');
  };
  return {
    decl,
    calls: {
      register: (ctx, args) => {
        const who = ensureSigned(ctx.origin);
        const paraId = args['para_id'] as number;
        const sponsor = args['sponsor'] as ParaInfoValue['sponsor'];
        if (paraId === 0) throw moduleError(decl, 'InvalidParaId');
        if (parasStorage.paras.has(ctx.state, paraId)) throw moduleError(decl, 'AlreadyRegistered');
        checkSponsor(who, sponsor);
        currency.reserve(ctx.state, ctx.block, who, config.paraDeposit);
        parasStorage.paras.set(ctx.state, paraId, { manager: who, sponsor, deposit: config.paraDeposit });
        parasStorage.paraCount.set(ctx.state, parasStorage.paraCount.read(ctx.state) + 1);
        ctx.block.deposit(decl, 'Registered', { para_id: paraId, manager: who });
        if (sponsor.type === 'Some') ctx.block.deposit(decl, 'SponsorSet', { para_id: paraId, sponsor });
      },
      set_sponsor: (ctx, args) => {
        const who = ensureSigned(ctx.origin);
        const paraId = args['para_id'] as number;
        const sponsor = args['sponsor'] as ParaInfoValue['sponsor'];
        const info = parasStorage.paras.get(ctx.state, paraId);
        if (info === undefined) throw moduleError(decl, 'NotRegistered');
        if (!Buffer.from(info.manager).equals(Buffer.from(who))) throw moduleError(decl, 'NotManager');
        checkSponsor(who, sponsor);
        parasStorage.paras.set(ctx.state, paraId, { ...info, sponsor });
        ctx.block.deposit(decl, 'SponsorSet', { para_id: paraId, sponsor });
      },
      deregister: (ctx, args) => {
        const who = ensureSigned(ctx.origin);
        const paraId = args['para_id'] as number;
        const info = parasStorage.paras.get(ctx.state, paraId);
        if (info === undefined) throw moduleError(decl, 'NotRegistered');
        if (!Buffer.from(info.manager).equals(Buffer.from(who))) throw moduleError(decl, 'NotManager');
        parasStorage.paras.remove(ctx.state, paraId);
        parasStorage.paraCount.set(ctx.state, Math.max(0, parasStorage.paraCount.read(ctx.state) - 1));
        if (info.deposit > 0n) currency.unreserve(ctx.state, ctx.block, who, info.deposit);
        ctx.block.deposit(decl, 'Deregistered', { para_id: paraId });
      },
    },
  };
}
