import { encodeValue } from '../codec/scaleValue.ts';
import type { PalletDecl } from '../metadata/RuntimeDecl.ts';
import { t } from '../metadata/typeInfo.ts';
import type { Pallet } from '../pallet.ts';
import type { RuntimeConfig } from '../RuntimeConfig.ts';
import { StorageValue } from '../storage/storageItems.ts';
import * as F from './frameTypes.ts';

const NAME = 'TransactionPayment';
export const TRANSACTION_PAYMENT_INDEX = 3;

const FixedU128 = t.composite(['sp_arithmetic', 'fixed_point', 'FixedU128'], [{ type: F.u128, typeName: 'u128' }]);

export const transactionPaymentStorage = {
  nextFeeMultiplier: new StorageValue<bigint>(NAME, 'NextFeeMultiplier', FixedU128, { default: 1_000_000_000_000_000_000n }),
} as const;

/**
 * Spindle's fee: `baseFee + byteFee × encoded length + tip`, in the relay token. Sequencing
 * is paid per byte because the sequencer never executes what it orders; weight only bounds
 * the block.
 */
export function lengthFee(config: RuntimeConfig, encodedLength: number): bigint {
  return config.baseFee + config.byteFee * BigInt(encodedLength);
}

export function transactionPaymentPallet(config: RuntimeConfig): Pallet {
  const decl: PalletDecl = {
    name: NAME,
    index: TRANSACTION_PAYMENT_INDEX,
    crate: 'pallet_transaction_payment',
    storage: { prefix: NAME, items: [transactionPaymentStorage.nextFeeMultiplier.decl()] },
    events: [
      {
        name: 'TransactionFeePaid',
        index: 0,
        fields: [
          { name: 'who', type: F.AccountId32, typeName: 'T::AccountId' },
          { name: 'actual_fee', type: F.u128, typeName: 'BalanceOf<T>' },
          { name: 'tip', type: F.u128, typeName: 'BalanceOf<T>' },
        ],
        docs: [' A transaction fee `actual_fee`, of which `tip` was added to the minimum inclusion fee, has been paid by `who`.'],
      },
    ],
    constants: [
      { name: 'OperationalFeeMultiplier', type: F.u8, value: encodeValue(F.u8, 5) },
      { name: 'BaseFee', type: F.u128, value: encodeValue(F.u128, config.baseFee), docs: [' Fee of every signed transaction, before its length.'] },
      { name: 'ByteFee', type: F.u128, value: encodeValue(F.u128, config.byteFee), docs: [' Fee per byte of a signed transaction.'] },
    ],
  };
  return { decl, calls: {} };
}
