import { encodeValue } from '../codec/scaleValue.ts';
import type { PalletDecl } from '../metadata/RuntimeDecl.ts';
import { t } from '../metadata/typeInfo.ts';
import { badOrigin, DispatchError, ensureSigned, moduleError, type Pallet } from '../pallet.ts';
import type { BlockEnv } from '../BlockEnv.ts';
import type { RuntimeConfig } from '../RuntimeConfig.ts';
import { StorageValue, type StorageWriter } from '../storage/storageItems.ts';
import * as F from './frameTypes.ts';
import { readAccount, SYSTEM_EVENTS, systemStorage, writeAccount, type AccountInfoValue } from './system.ts';

const NAME = 'Balances';
export const BALANCES_INDEX = 2;

export const balancesStorage = {
  totalIssuance: new StorageValue<bigint>(NAME, 'TotalIssuance', F.u128, { default: 0n, docs: [' The total units issued in the system.'] }),
  inactiveIssuance: new StorageValue<bigint>(NAME, 'InactiveIssuance', F.u128, { default: 0n, docs: [' The total units of outstanding deactivated balance in the system.'] }),
} as const;

const account = { type: F.AccountId32, typeName: 'T::AccountId' } as const;
const balance = { type: F.u128, typeName: 'T::Balance' } as const;

export const balancesDecl: PalletDecl = {
  name: NAME,
  index: BALANCES_INDEX,
  crate: 'pallet_balances',
  storage: { prefix: NAME, items: [balancesStorage.totalIssuance.decl(), balancesStorage.inactiveIssuance.decl()] },
  calls: [
    {
      name: 'transfer_allow_death',
      index: 0,
      args: [
        { name: 'dest', type: F.MultiAddress, typeName: 'AccountIdLookupOf<T>' },
        { name: 'value', type: t.compact(F.u128), typeName: 'T::Balance' },
      ],
      docs: [' Transfer some liquid free balance to another account; the sender may be reaped.'],
    },
    {
      name: 'transfer_keep_alive',
      index: 3,
      args: [
        { name: 'dest', type: F.MultiAddress, typeName: 'AccountIdLookupOf<T>' },
        { name: 'value', type: t.compact(F.u128), typeName: 'T::Balance' },
      ],
      docs: [' Same as `transfer_allow_death`, but keeps the sender above the existential deposit.'],
    },
    {
      name: 'transfer_all',
      index: 4,
      args: [
        { name: 'dest', type: F.MultiAddress, typeName: 'AccountIdLookupOf<T>' },
        { name: 'keep_alive', type: F.bool, typeName: 'bool' },
      ],
      docs: [' Transfer the entire transferable balance from the caller account.'],
    },
  ],
  events: [
    { name: 'Endowed', index: 0, fields: [{ name: 'account', ...account }, { name: 'free_balance', ...balance }], docs: [' An account was created with some free balance.'] },
    { name: 'DustLost', index: 1, fields: [{ name: 'account', ...account }, { name: 'amount', ...balance }], docs: [' An account was removed whose balance was non-zero but below ExistentialDeposit.'] },
    { name: 'Transfer', index: 2, fields: [{ name: 'from', ...account }, { name: 'to', ...account }, { name: 'amount', ...balance }], docs: [' Transfer succeeded.'] },
    { name: 'Reserved', index: 4, fields: [{ name: 'who', ...account }, { name: 'amount', ...balance }], docs: [' Some balance was reserved (moved from free to reserved).'] },
    { name: 'Unreserved', index: 5, fields: [{ name: 'who', ...account }, { name: 'amount', ...balance }], docs: [' Some balance was unreserved (moved from reserved to free).'] },
    { name: 'Deposit', index: 7, fields: [{ name: 'who', ...account }, { name: 'amount', ...balance }], docs: [' Some amount was deposited (e.g. for transaction fees).'] },
    { name: 'Withdraw', index: 8, fields: [{ name: 'who', ...account }, { name: 'amount', ...balance }], docs: [' Some amount was withdrawn from the account (e.g. for transaction fees).'] },
    { name: 'Burned', index: 11, fields: [{ name: 'who', ...account }, { name: 'amount', ...balance }], docs: [' Some amount was burned from an account.'] },
  ],
  errors: [
    { name: 'VestingBalance', index: 0 },
    { name: 'LiquidityRestrictions', index: 1 },
    { name: 'InsufficientBalance', index: 2, docs: [' Balance too low to send value.'] },
    { name: 'ExistentialDeposit', index: 3, docs: [' Value too low to create account due to existential deposit.'] },
    { name: 'Expendability', index: 4, docs: [' Transfer/payment would kill account.'] },
    { name: 'ExistingVestingSchedule', index: 5 },
    { name: 'DeadAccount', index: 6 },
    { name: 'TooManyReserves', index: 7 },
    { name: 'TooManyHolds', index: 8 },
    { name: 'TooManyFreezes', index: 9 },
    { name: 'IssuanceDeactivated', index: 10 },
    { name: 'DeltaZero', index: 11 },
  ],
  docs: [' The Balances pallet: the relay token, used for fees and deposits.'],
};

/** Whether a debit may leave the account below the existential deposit (and so reap it). */
export type Existence = 'keepAlive' | 'allowDeath';

/** The relay token's ledger: transfers, fee withdrawal, deposits and reserves, with FRAME's ED rules. */
export class Currency {
  constructor(private readonly config: RuntimeConfig) {}

  free(state: StorageWriter, who: Uint8Array): bigint {
    return readAccount(state, who).data.free;
  }

  /** Removes `amount` from free balance; throws a Balances module error when it cannot. Returns the dust burned when the account is reaped. */
  withdraw(state: StorageWriter, block: BlockEnv | undefined, who: Uint8Array, amount: bigint, existence: Existence): void {
    const info = readAccount(state, who);
    if (info.data.free < amount) throw moduleError(balancesDecl, 'InsufficientBalance');
    const remaining = info.data.free - amount;
    const ed = this.config.existentialDeposit;
    if (remaining < ed && existence === 'keepAlive') throw moduleError(balancesDecl, 'Expendability');
    const next: AccountInfoValue = { ...info, data: { ...info.data, free: remaining } };
    if (remaining < ed && info.data.reserved === 0n) {
      if (info.consumers > 0) throw moduleError(balancesDecl, 'Expendability');
      this.#reap(state, block, who, remaining);
      return;
    }
    writeAccount(state, who, next);
  }

  /** Adds `amount` to free balance, creating the account when the result reaches the existential deposit. */
  deposit(state: StorageWriter, block: BlockEnv | undefined, who: Uint8Array, amount: bigint): void {
    const info = readAccount(state, who);
    const free = info.data.free + amount;
    if (info.providers === 0) {
      if (free < this.config.existentialDeposit) throw moduleError(balancesDecl, 'ExistentialDeposit');
      writeAccount(state, who, { ...info, providers: 1, data: { ...info.data, free } });
      block?.deposit(SYSTEM_EVENTS, 'NewAccount', { account: who });
      block?.deposit(balancesDecl, 'Endowed', { account: who, free_balance: free });
      return;
    }
    writeAccount(state, who, { ...info, data: { ...info.data, free } });
  }

  transfer(state: StorageWriter, block: BlockEnv, from: Uint8Array, to: Uint8Array, amount: bigint, existence: Existence): void {
    if (amount === 0n || Buffer.from(from).equals(Buffer.from(to))) {
      block.deposit(balancesDecl, 'Transfer', { from, to, amount });
      return;
    }
    this.withdraw(state, block, from, amount, existence);
    this.deposit(state, block, to, amount);
    block.deposit(balancesDecl, 'Transfer', { from, to, amount });
  }

  /** Burns `amount` from the total issuance (fees with no author to pay). */
  burn(state: StorageWriter, amount: bigint): void {
    const total = balancesStorage.totalIssuance.read(state);
    balancesStorage.totalIssuance.set(state, total > amount ? total - amount : 0n);
  }

  reserve(state: StorageWriter, block: BlockEnv, who: Uint8Array, amount: bigint): void {
    const info = readAccount(state, who);
    if (info.data.free - amount < this.config.existentialDeposit) throw moduleError(balancesDecl, 'InsufficientBalance');
    writeAccount(state, who, { ...info, data: { ...info.data, free: info.data.free - amount, reserved: info.data.reserved + amount } });
    block.deposit(balancesDecl, 'Reserved', { who, amount });
  }

  unreserve(state: StorageWriter, block: BlockEnv, who: Uint8Array, amount: bigint): void {
    const info = readAccount(state, who);
    const moved = amount < info.data.reserved ? amount : info.data.reserved;
    writeAccount(state, who, { ...info, data: { ...info.data, free: info.data.free + moved, reserved: info.data.reserved - moved } });
    block.deposit(balancesDecl, 'Unreserved', { who, amount: moved });
  }

  #reap(state: StorageWriter, block: BlockEnv | undefined, who: Uint8Array, dust: bigint): void {
    systemStorage.account.remove(state, who);
    if (dust > 0n) {
      this.burn(state, dust);
      block?.deposit(balancesDecl, 'DustLost', { account: who, amount: dust });
    }
    block?.deposit(SYSTEM_EVENTS, 'KilledAccount', { account: who });
  }
}

function lookup(dest: unknown): Uint8Array {
  const d = dest as { type: string; value: unknown };
  if (d.type === 'Id' || d.type === 'Address32') return d.value as Uint8Array;
  throw new DispatchError({ type: 'Other' }, 'CannotLookup');
}

export function balancesPallet(config: RuntimeConfig, currency: Currency): Pallet {
  const decl: PalletDecl = {
    ...balancesDecl,
    constants: [
      { name: 'ExistentialDeposit', type: F.u128, value: encodeValue(F.u128, config.existentialDeposit), docs: [' The minimum amount required to keep an account open.'] },
      { name: 'MaxLocks', type: F.u32, value: encodeValue(F.u32, 50), docs: [' The maximum number of locks that should exist on an account.'] },
      { name: 'MaxReserves', type: F.u32, value: encodeValue(F.u32, 50), docs: [' The maximum number of named reserves that can exist on an account.'] },
      { name: 'MaxFreezes', type: F.u32, value: encodeValue(F.u32, 0), docs: [' The maximum number of individual freeze locks that can exist on an account.'] },
    ],
  };
  return {
    decl,
    calls: {
      transfer_allow_death: (ctx, args) => {
        const from = ensureSigned(ctx.origin);
        currency.transfer(ctx.state, ctx.block, from, lookup(args['dest']), args['value'] as bigint, 'allowDeath');
      },
      transfer_keep_alive: (ctx, args) => {
        const from = ensureSigned(ctx.origin);
        currency.transfer(ctx.state, ctx.block, from, lookup(args['dest']), args['value'] as bigint, 'keepAlive');
      },
      transfer_all: (ctx, args) => {
        const from = ensureSigned(ctx.origin);
        const keepAlive = args['keep_alive'] as boolean;
        const free = currency.free(ctx.state, from);
        const amount = keepAlive ? free - config.existentialDeposit : free;
        if (amount <= 0n) throw badOrigin();
        currency.transfer(ctx.state, ctx.block, from, lookup(args['dest']), amount, keepAlive ? 'keepAlive' : 'allowDeath');
      },
    },
  };
}
