import { encodeValue } from '../codec/scaleValue.ts';
import type { PalletDecl } from '../metadata/RuntimeDecl.ts';
import { t } from '../metadata/typeInfo.ts';
import { DispatchError, type Pallet } from '../pallet.ts';
import type { RuntimeConfig } from '../RuntimeConfig.ts';
import { StorageValue } from '../storage/storageItems.ts';
import * as F from './frameTypes.ts';

const NAME = 'Timestamp';
export const TIMESTAMP_INDEX = 1;

export const timestampStorage = {
  now: new StorageValue<bigint>(NAME, 'Now', F.u64, { default: 0n, docs: [' The current time for the current block.'] }),
  didUpdate: new StorageValue<boolean>(NAME, 'DidUpdate', F.bool, { default: false, docs: [' Whether the timestamp has been updated in this block.'] }),
} as const;

/**
 * pallet_timestamp: the block author sets `Now` with a mandatory unsigned inherent
 * (`timestamp.set`), first in every block; it must advance by at least MinimumPeriod.
 */
export function timestampPallet(config: RuntimeConfig): Pallet {
  const minimumPeriod = config.targetBlockTimeMs / 2n;
  const decl: PalletDecl = {
    name: NAME,
    index: TIMESTAMP_INDEX,
    crate: 'pallet_timestamp',
    storage: { prefix: NAME, items: [timestampStorage.now.decl(), timestampStorage.didUpdate.decl()] },
    calls: [{ name: 'set', index: 0, args: [{ name: 'now', type: t.compact(F.u64), typeName: 'T::Moment' }], docs: [' Set the current time.'] }],
    constants: [{ name: 'MinimumPeriod', type: F.u64, value: encodeValue(F.u64, minimumPeriod), docs: [' The minimum period between blocks.'] }],
    docs: [' The Timestamp pallet provides functionality to get and set the on-chain time.'],
  };
  return {
    decl,
    calls: {
      set: (ctx, args) => {
        if (ctx.origin.kind !== 'none') throw new DispatchError({ type: 'BadOrigin' }, 'timestamp.set is an inherent');
        if (timestampStorage.didUpdate.read(ctx.state)) throw new DispatchError({ type: 'Other' }, 'Timestamp must be updated only once in the block');
        const now = args['now'] as bigint;
        const prev = timestampStorage.now.read(ctx.state);
        if (prev !== 0n && now < prev + minimumPeriod) {
          throw new DispatchError({ type: 'Other' }, 'Timestamp must increment by at least MinimumPeriod between sequential blocks');
        }
        timestampStorage.now.set(ctx.state, now);
        timestampStorage.didUpdate.set(ctx.state, true);
      },
    },
    onFinalize: (state) => {
      if (!timestampStorage.didUpdate.read(state)) throw new Error('Timestamp must be updated once in the block');
      timestampStorage.didUpdate.kill(state);
    },
  };
}
