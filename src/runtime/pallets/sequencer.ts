import { blake2_256, keccak256 } from '../../primitives/hashing.ts';
import type { BlockEnv } from '../BlockEnv.ts';
import { encodeValue } from '../codec/scaleValue.ts';
import type { PalletDecl } from '../metadata/RuntimeDecl.ts';
import { t } from '../metadata/typeInfo.ts';
import { ensureSigned, moduleError, type Pallet } from '../pallet.ts';
import type { RuntimeConfig } from '../RuntimeConfig.ts';
import { StorageMap } from '../storage/storageItems.ts';
import type { StateReader, StorageOverlay } from '../storage/StorageOverlay.ts';
import * as F from './frameTypes.ts';
import { parasStorage } from './paras.ts';
import { systemStorage } from './system.ts';

const NAME = 'Sequencer';
export const SEQUENCER_INDEX = 5;

export const sequencerStorage = {
  totalSequenced: new StorageMap<number, bigint>(NAME, 'TotalSequenced', 'Twox64Concat', F.u32, F.u64, {
    default: 0n,
    docs: [' Number of payloads ever sequenced for each para: the next payload\'s global index.'],
  }),
} as const;

/** The sequencer's error names, in their metadata order. */
export const SEQUENCER_ERRORS = [
  'UnknownPara',
  'EmptyPayload',
  'PayloadTooLarge',
  'TooManyPayloads',
  'CandidateTooLarge',
  'EmptyBundle',
  'BundleTooLarge',
  'UnknownRelayParent',
] as const;
export type SequencerErrorName = (typeof SEQUENCER_ERRORS)[number];

const paraIdArg = { name: 'para_id', type: F.u32, typeName: 'ParaId' } as const;
const accountField = { type: F.AccountId32, typeName: 'T::AccountId' } as const;

/** A sequencer call with its decoded arguments. */
export type SequencerCall =
  | { readonly method: 'submit'; readonly paraId: number; readonly payload: Uint8Array }
  | { readonly method: 'submit_candidate'; readonly paraId: number; readonly relayParent: Uint8Array; readonly payloads: readonly Uint8Array[] }
  | { readonly method: 'submit_bundle'; readonly items: readonly (readonly [number, Uint8Array])[] };

export function toSequencerCall(method: string, args: Record<string, unknown>): SequencerCall | undefined {
  switch (method) {
    case 'submit':
      return { method, paraId: args['para_id'] as number, payload: args['payload'] as Uint8Array };
    case 'submit_candidate':
      return { method, paraId: args['para_id'] as number, relayParent: args['relay_parent'] as Uint8Array, payloads: args['payloads'] as Uint8Array[] };
    case 'submit_bundle':
      return { method, items: (args['items'] as [number, Uint8Array][]).map(([p, b]) => [p, b] as const) };
    default:
      return undefined;
  }
}

/** The para whose sponsor may pay for this call (bundles are always paid by their signer). */
export function sponsoredPara(call: SequencerCall): number | undefined {
  return call.method === 'submit_bundle' ? undefined : call.paraId;
}

/**
 * Stateless and state checks of a sequencer call, shared by transaction validation (so
 * the pool rejects it with a specific reason) and dispatch. `blockNumber` is the number
 * of the block the call would be included in.
 */
export function checkSequencerCall(config: RuntimeConfig, state: StateReader, call: SequencerCall, blockNumber: bigint): SequencerErrorName | undefined {
  const known = (paraId: number): boolean => parasStorage.paras.has(state, paraId);
  const checkPayload = (p: Uint8Array): SequencerErrorName | undefined =>
    p.length === 0 ? 'EmptyPayload' : p.length > config.maxPayloadBytes ? 'PayloadTooLarge' : undefined;
  switch (call.method) {
    case 'submit':
      return !known(call.paraId) ? 'UnknownPara' : checkPayload(call.payload);
    case 'submit_candidate': {
      if (!known(call.paraId)) return 'UnknownPara';
      if (call.payloads.length === 0) return 'EmptyPayload';
      if (call.payloads.length > config.maxCandidatePayloads) return 'TooManyPayloads';
      let total = 0;
      for (const p of call.payloads) {
        const e = checkPayload(p);
        if (e !== undefined) return e;
        total += p.length;
      }
      if (total > config.maxCandidateBytes) return 'CandidateTooLarge';
      return isRecentBlock(config, state, call.relayParent, blockNumber) ? undefined : 'UnknownRelayParent';
    }
    case 'submit_bundle': {
      if (call.items.length === 0) return 'EmptyBundle';
      if (call.items.length > config.maxBundleItems) return 'BundleTooLarge';
      for (const [paraId, payload] of call.items) {
        if (!known(paraId)) return 'UnknownPara';
        const e = checkPayload(payload);
        if (e !== undefined) return e;
      }
      return undefined;
    }
  }
}

/** Whether `hash` is one of the last `maxRelayParentAge` blocks before `blockNumber`. */
function isRecentBlock(config: RuntimeConfig, state: StateReader, hash: Uint8Array, blockNumber: bigint): boolean {
  const wanted = Buffer.from(hash);
  const newest = Number(blockNumber) - 1;
  for (let n = newest; n >= 0 && n >= newest - config.maxRelayParentAge; n--) {
    if (wanted.equals(systemStorage.blockHash.get(state, n) ?? new Uint8Array(32))) return true;
  }
  return false;
}

/**
 * pallet_sequencer: orders app-chain payloads. It never executes or interprets them;
 * each inclusion appends to the para's slice of the block (whose commitment goes into
 * the header's `spdl` digest) and deposits an event with the position.
 */
export function sequencerPallet(config: RuntimeConfig): Pallet {
  const decl: PalletDecl = {
    name: NAME,
    index: SEQUENCER_INDEX,
    crate: 'pallet_sequencer',
    storage: { prefix: NAME, items: [sequencerStorage.totalSequenced.decl()] },
    calls: [
      { name: 'submit', index: 0, args: [paraIdArg, { name: 'payload', type: F.Bytes, typeName: 'Vec<u8>' }], docs: [' Sequence one app-chain transaction, paid by the signer (or the para\'s sponsor).'] },
      {
        name: 'submit_candidate',
        index: 1,
        args: [paraIdArg, { name: 'relay_parent', type: F.H256, typeName: 'T::Hash' }, { name: 'payloads', type: t.sequence(F.Bytes), typeName: 'Vec<Vec<u8>>' }],
        docs: [' A collator\'s batch of app-chain transactions, sequenced in the collator\'s order.'],
      },
      {
        name: 'submit_bundle',
        index: 2,
        args: [{ name: 'items', type: t.sequence(t.tuple(F.u32, F.Bytes)), typeName: 'Vec<(ParaId, Vec<u8>)>' }],
        docs: [' Transactions for several app chains, included together or not at all.'],
      },
    ],
    events: [
      {
        name: 'Submitted',
        index: 0,
        fields: [paraIdArg, { name: 'position', type: F.u32, typeName: 'u32' }, { name: 'payload_hash', type: F.H256, typeName: 'H256' }, { name: 'who', ...accountField }],
        docs: [' A payload was sequenced at `position` of the para\'s slice of this block; `payload_hash` is its keccak-256.'],
      },
      {
        name: 'CandidateIncluded',
        index: 1,
        fields: [
          paraIdArg,
          { name: 'collator', ...accountField },
          { name: 'relay_parent', type: F.H256, typeName: 'T::Hash' },
          { name: 'first_position', type: F.u32, typeName: 'u32' },
          { name: 'count', type: F.u32, typeName: 'u32' },
        ],
        docs: [' A collator\'s candidate was sequenced at positions `first_position..first_position + count`.'],
      },
      {
        name: 'BundleIncluded',
        index: 2,
        fields: [{ name: 'bundle_hash', type: F.H256, typeName: 'H256' }, { name: 'items', type: F.u32, typeName: 'u32' }],
        docs: [' An atomic bundle was sequenced whole; its items follow as `Submitted` events.'],
      },
    ],
    errors: SEQUENCER_ERRORS.map((name, index) => ({ name, index })),
    constants: [
      { name: 'MaxPayloadBytes', type: F.u32, value: encodeValue(F.u32, config.maxPayloadBytes), docs: [' Largest app-chain payload.'] },
      { name: 'MaxCandidatePayloads', type: F.u32, value: encodeValue(F.u32, config.maxCandidatePayloads) },
      { name: 'MaxCandidateBytes', type: F.u32, value: encodeValue(F.u32, config.maxCandidateBytes) },
      { name: 'MaxBundleItems', type: F.u32, value: encodeValue(F.u32, config.maxBundleItems) },
      { name: 'MaxRelayParentAge', type: F.u32, value: encodeValue(F.u32, config.maxRelayParentAge) },
    ],
    docs: [' Orders app-chain transactions into relay blocks without executing them.'],
  };

  const include = (state: StorageOverlay, block: BlockEnv, paraId: number, payload: Uint8Array, who: Uint8Array): number => {
    const position = block.appendPayload(paraId, payload);
    sequencerStorage.totalSequenced.set(state, paraId, sequencerStorage.totalSequenced.read(state, paraId) + 1n);
    block.deposit(decl, 'Submitted', { para_id: paraId, position, payload_hash: keccak256(payload), who });
    return position;
  };

  const dispatch = (method: string) => (ctx: Parameters<Pallet['calls'][string]>[0], args: Record<string, unknown>) => {
    const who = ensureSigned(ctx.origin);
    const call = toSequencerCall(method, args)!;
    const error = checkSequencerCall(config, ctx.state, call, ctx.block.number);
    if (error !== undefined) throw moduleError(decl, error);
    switch (call.method) {
      case 'submit':
        include(ctx.state, ctx.block, call.paraId, call.payload, who);
        return;
      case 'submit_candidate': {
        const first = ctx.block.nextPosition(call.paraId);
        for (const p of call.payloads) {
          ctx.block.appendPayload(call.paraId, p);
        }
        sequencerStorage.totalSequenced.set(ctx.state, call.paraId, sequencerStorage.totalSequenced.read(ctx.state, call.paraId) + BigInt(call.payloads.length));
        ctx.block.deposit(decl, 'CandidateIncluded', { para_id: call.paraId, collator: who, relay_parent: call.relayParent, first_position: first, count: call.payloads.length });
        return;
      }
      case 'submit_bundle': {
        const encoded = encodeValue(t.sequence(t.tuple(F.u32, F.Bytes)), call.items.map(([p, b]) => [p, b]));
        ctx.block.deposit(decl, 'BundleIncluded', { bundle_hash: blake2_256(encoded), items: call.items.length });
        for (const [paraId, payload] of call.items) include(ctx.state, ctx.block, paraId, payload, who);
        return;
      }
    }
  };

  return {
    decl,
    calls: { submit: dispatch('submit'), submit_candidate: dispatch('submit_candidate'), submit_bundle: dispatch('submit_bundle') },
  };
}
