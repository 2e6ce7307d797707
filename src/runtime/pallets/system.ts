import { blake2_256 } from '../../primitives/hashing.ts';
import { encodeValue } from '../codec/scaleValue.ts';
import type { PalletDecl } from '../metadata/RuntimeDecl.ts';
import type { EventSource } from '../BlockEnv.ts';
import { t } from '../metadata/typeInfo.ts';
import { ensureSigned, type Pallet } from '../pallet.ts';
import type { RuntimeConfig } from '../RuntimeConfig.ts';
import { StorageMap, StorageValue } from '../storage/storageItems.ts';
import { storagePrefix } from '../storage/storageKey.ts';
import type { StateReader } from '../storage/StorageOverlay.ts';
import type { StorageWriter } from '../storage/storageItems.ts';
import * as F from './frameTypes.ts';
import * as C from '../metadata/commonTypes.ts';
import { runtimeVersion } from '../runtimeVersion.ts';

export interface AccountDataValue {
  free: bigint;
  reserved: bigint;
  frozen: bigint;
  flags: bigint;
}

export interface AccountInfoValue {
  nonce: number;
  consumers: number;
  providers: number;
  sufficients: number;
  data: AccountDataValue;
}

export const EMPTY_ACCOUNT: AccountInfoValue = {
  nonce: 0,
  consumers: 0,
  providers: 0,
  sufficients: 0,
  data: { free: 0n, reserved: 0n, frozen: 0n, flags: 1n << 127n },
};

const NAME = 'System';
export const SYSTEM_INDEX = 0;

/** frame_system's storage, as clients read it. */
export const systemStorage = {
  account: new StorageMap<Uint8Array, AccountInfoValue>(NAME, 'Account', 'Blake2_128Concat', F.AccountId32, F.AccountInfo, {
    default: EMPTY_ACCOUNT,
    docs: [' The full account information for a particular account ID.'],
  }),
  extrinsicCount: new StorageValue<number>(NAME, 'ExtrinsicCount', F.u32, { docs: [' Total extrinsics count for the current block.'] }),
  allExtrinsicsLen: new StorageValue<number>(NAME, 'AllExtrinsicsLen', F.u32, { docs: [' Total length (in bytes) for all extrinsics put together, for the current block.'] }),
  blockHash: new StorageMap<number, Uint8Array>(NAME, 'BlockHash', 'Twox64Concat', F.u32, F.H256, {
    default: new Uint8Array(32),
    docs: [' Map of block numbers to block hashes.'],
  }),
  number: new StorageValue<number>(NAME, 'Number', F.u32, { default: 0, docs: [' The current block number being processed. Set by `execute_block`.'] }),
  parentHash: new StorageValue<Uint8Array>(NAME, 'ParentHash', F.H256, { default: new Uint8Array(32), docs: [' Hash of the previous block.'] }),
  digest: new StorageValue<{ logs: unknown[] }>(NAME, 'Digest', F.Digest, { default: { logs: [] }, docs: [' Digest of the current block, also part of the block header.'] }),
  eventCount: new StorageValue<number>(NAME, 'EventCount', F.u32, { default: 0, docs: [' The number of events in the `Events<T>` list.'] }),
  executionPhase: new StorageValue<unknown>(NAME, 'ExecutionPhase', F.Phase, { docs: [' The execution phase of the block.'] }),
} as const;

/** System's events, needed (with its index) by every pallet that deposits them. */
export const SYSTEM_EVENTS = {
  name: NAME,
  index: SYSTEM_INDEX,
  events: [
      { name: 'ExtrinsicSuccess', index: 0, fields: [{ name: 'dispatch_info', type: F.DispatchInfo, typeName: 'DispatchInfo' }], docs: [' An extrinsic completed successfully.'] },
      {
        name: 'ExtrinsicFailed',
        index: 1,
        fields: [
          { name: 'dispatch_error', type: F.DispatchError, typeName: 'DispatchError' },
          { name: 'dispatch_info', type: F.DispatchInfo, typeName: 'DispatchInfo' },
        ],
        docs: [' An extrinsic failed.'],
      },
      { name: 'CodeUpdated', index: 2, fields: [], docs: [' `:code` was updated.'] },
      { name: 'NewAccount', index: 3, fields: [{ name: 'account', type: F.AccountId32, typeName: 'T::AccountId' }], docs: [' A new account was created.'] },
      { name: 'KilledAccount', index: 4, fields: [{ name: 'account', type: F.AccountId32, typeName: 'T::AccountId' }], docs: [' An account was reaped.'] },
      {
        name: 'Remarked',
        index: 5,
        fields: [
          { name: 'sender', type: F.AccountId32, typeName: 'T::AccountId' },
          { name: 'hash', type: F.H256, typeName: 'T::Hash' },
        ],
        docs: [' On on-chain remark happened.'],
      },
    ],
} as const satisfies EventSource;

/** `System.Events`: written whole at block finalization by encodeEvents(), declared in systemPallet(). */
export function eventsKey(): Uint8Array {
  return storagePrefix(NAME, 'Events');
}

/** Reads an account (the default empty account when absent). */
export function readAccount(state: StateReader, who: Uint8Array): AccountInfoValue {
  return systemStorage.account.get(state, who) ?? EMPTY_ACCOUNT;
}

/** Writes an account, or removes it when it holds nothing and no nonce worth keeping (FRAME reaps at zero providers). */
export function writeAccount(state: StorageWriter, who: Uint8Array, info: AccountInfoValue): void {
  if (info.providers === 0 && info.sufficients === 0 && info.data.free === 0n && info.data.reserved === 0n) {
    systemStorage.account.remove(state, who);
  } else {
    systemStorage.account.set(state, who, info);
  }
}

/** Encodes the `System.Events` value from the block's event records. */
export function encodeEvents(records: readonly { phase: unknown; event: Uint8Array; topics: readonly Uint8Array[] }[]): Uint8Array {
  const parts: Uint8Array[] = [encodeValue(t.compact(F.u32), records.length)];
  for (const r of records) {
    parts.push(encodeValue(F.Phase, r.phase), r.event, encodeValue(t.sequence(F.H256), r.topics));
  }
  return Buffer.concat(parts);
}

export function systemPallet(config: RuntimeConfig, runtimeEvent: Parameters<typeof F.eventRecord>[0]): Pallet {
  const blockWeights = {
    base_block: { ref_time: 5_000_000n, proof_size: 0n },
    max_block: { ref_time: config.maxBlockRefTime, proof_size: BigInt(config.maxBlockBytes) },
    per_class: {
      normal: perClassWeights(config, (config.maxBlockRefTime * 3n) / 4n),
      operational: perClassWeights(config, config.maxBlockRefTime),
      mandatory: { base_extrinsic: { ref_time: 100_000n, proof_size: 0n }, max_extrinsic: { type: 'None' }, max_total: { type: 'None' }, reserved: { type: 'None' } },
    },
  };
  const decl: PalletDecl = {
    name: NAME,
    index: SYSTEM_INDEX,
    crate: 'frame_system',
    storage: {
      prefix: NAME,
      items: [
        systemStorage.account.decl(),
        systemStorage.extrinsicCount.decl(),
        systemStorage.allExtrinsicsLen.decl(),
        systemStorage.blockHash.decl(),
        systemStorage.number.decl(),
        systemStorage.parentHash.decl(),
        systemStorage.digest.decl(),
        {
          name: 'Events',
          modifier: 'Default',
          type: { kind: 'plain', value: t.sequence(F.eventRecord(runtimeEvent)) },
          fallback: Uint8Array.of(0),
          docs: [' Events deposited for the current block.'],
        },
        systemStorage.eventCount.decl(),
        systemStorage.executionPhase.decl(),
      ],
    },
    calls: [
      { name: 'remark', index: 0, args: [{ name: 'remark', type: F.Bytes, typeName: 'Vec<u8>' }], docs: [' Make some on-chain remark.'] },
      { name: 'remark_with_event', index: 7, args: [{ name: 'remark', type: F.Bytes, typeName: 'Vec<u8>' }], docs: [' Make some on-chain remark and emit event.'] },
    ],
    events: SYSTEM_EVENTS.events,
    errors: [
      { name: 'InvalidSpecName', index: 0 },
      { name: 'SpecVersionNeedsToIncrease', index: 1 },
      { name: 'FailedToExtractRuntimeVersion', index: 2 },
      { name: 'NonDefaultComposite', index: 3 },
      { name: 'NonZeroRefCount', index: 4 },
      { name: 'CallFiltered', index: 5 },
    ],
    constants: [
      { name: 'BlockWeights', type: F.BlockWeights, value: encodeValue(F.BlockWeights, blockWeights), docs: [' Block & extrinsics weights: base values and limits.'] },
      {
        name: 'BlockLength',
        type: F.BlockLength,
        value: encodeValue(F.BlockLength, { max: { normal: (config.maxBlockBytes * 3) / 4, operational: config.maxBlockBytes, mandatory: config.maxBlockBytes } }),
        docs: [' The maximum length of a block (in bytes).'],
      },
      { name: 'BlockHashCount', type: F.u32, value: encodeValue(F.u32, config.blockHashCount), docs: [' Maximum number of block number to block hash mappings to keep (oldest pruned first).'] },
      { name: 'DbWeight', type: F.RuntimeDbWeight, value: encodeValue(F.RuntimeDbWeight, { read: 25_000_000n, write: 100_000_000n }), docs: [' The weight of runtime database operations the runtime can invoke.'] },
      { name: 'Version', type: C.runtimeVersion, value: encodeValue(C.runtimeVersion, runtimeVersion(config)), docs: [' Get the chain\'s in-code version.'] },
      { name: 'SS58Prefix', type: F.u16, value: encodeValue(F.u16, config.ss58Prefix), docs: [' The designated SS58 prefix of this chain.'] },
    ],
    docs: [' The System pallet provides low-level access to core types and cross-cutting utilities.'],
  };
  return {
    decl,
    calls: {
      remark: (ctx) => {
        ensureSigned(ctx.origin);
      },
      remark_with_event: (ctx, args) => {
        const who = ensureSigned(ctx.origin);
        ctx.block.deposit(decl, 'Remarked', { sender: who, hash: blake2_256(args['remark'] as Uint8Array) });
      },
    },
  };
}

function perClassWeights(config: RuntimeConfig, maxTotal: bigint): unknown {
  return {
    base_extrinsic: { ref_time: 100_000_000n, proof_size: 0n },
    max_extrinsic: { type: 'Some', value: { ref_time: maxTotal - 100_000_000n, proof_size: BigInt(config.maxBlockBytes) } },
    max_total: { type: 'Some', value: { ref_time: maxTotal, proof_size: BigInt(config.maxBlockBytes) } },
    reserved: { type: 'Some', value: { ref_time: 0n, proof_size: 0n } },
  };
}
