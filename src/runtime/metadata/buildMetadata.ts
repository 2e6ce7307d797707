import type { PalletDecl, RuntimeDecl, StorageItemDecl } from './RuntimeDecl.ts';
import type { MetadataModel, PalletModel, RuntimeApiModel, StorageEntryModel } from './metadataModel.ts';
import { PortableRegistryBuilder } from './PortableRegistryBuilder.ts';
import { MetadataError } from './metadataError.ts';
import { encodeRuntimeMetadata } from './encodeRuntimeMetadata.ts';
import { palletCallType, palletErrorType, palletEventType } from './palletEnums.ts';
import { runtimeTypes } from './runtimeTypes.ts';
import type { RuntimeTypes } from './runtimeTypes.ts';

/** Registry ids of the types clients look for. */
export interface MetadataIds {
  readonly runtime: number;
  readonly runtimeCall: number;
  readonly runtimeEvent: number;
  readonly runtimeError: number;
  readonly eventRecord: number;
  /** `Vec<EventRecord>`, the type of `System::Events`. */
  readonly eventRecordVec: number;
  readonly uncheckedExtrinsic: number;
  readonly address: number;
  readonly signature: number;
  readonly extra: number;
  readonly header: number;
  readonly block: number;
}

export interface BuiltMetadata {
  /** `RuntimeMetadataPrefixed` bytes, version 14 (what `state_getMetadata` / `Metadata_metadata` return). */
  readonly v14: Uint8Array;
  /** `RuntimeMetadataPrefixed` bytes, version 15 (`Metadata_metadata_at_version(15)`). */
  readonly v15: Uint8Array;
  /** The registry both versions share (same ids in both). */
  readonly registry: PortableRegistryBuilder;
  readonly ids: MetadataIds;
  /** The runtime-wide types the ids refer to. */
  readonly types: RuntimeTypes;
  readonly model: MetadataModel;
}

/**
 * Builds V14 and V15 metadata from the pallet declarations, as FRAME would for the same
 * runtime: per pallet `<crate>::pallet::{Call, Event, Error}<T>`, storage, constants and
 * index; outer `RuntimeCall` / `RuntimeEvent` / `RuntimeError` enums; the
 * `UncheckedExtrinsic` with its signed extensions; and (V15) runtime APIs and outer enums.
 * Both versions share one type registry, so a type has the same id in both.
 *
 * @example
 * const { v14, v15, ids } = buildMetadata(decl);
 * const metadata = new Metadata(registry, v15); // @polkadot/types
 */
export function buildMetadata(decl: RuntimeDecl): BuiltMetadata {
  validate(decl);
  const reg = new PortableRegistryBuilder();
  const pallets = decl.pallets.map((p) => palletModel(reg, p));

  const types = runtimeTypes(decl);
  const uncheckedExtrinsic = reg.register(types.uncheckedExtrinsic);
  const extrinsic = {
    version: decl.extrinsic.version,
    uncheckedExtrinsic,
    address: reg.register(types.address),
    call: reg.register(types.runtimeCall),
    signature: reg.register(types.signature),
    extra: reg.register(types.extra),
    signedExtensions: decl.extrinsic.signedExtensions.map((e) => ({
      identifier: e.identifier,
      type: reg.register(e.type),
      additionalSigned: reg.register(e.additionalSigned),
    })),
  };
  const runtime = reg.register(types.runtime);
  const apis: RuntimeApiModel[] = decl.apis.map((api) => ({
    name: api.name,
    methods: api.methods.map((m) => ({
      name: m.name,
      inputs: m.inputs.map((i) => ({ name: i.name, type: reg.register(i.type) })),
      output: reg.register(m.output),
      docs: m.docs ?? [],
    })),
    docs: api.docs ?? [],
  }));
  const outerEnums = {
    call: extrinsic.call,
    event: reg.register(types.runtimeEvent),
    error: reg.register(types.runtimeError),
  };
  const ids: MetadataIds = {
    runtime,
    runtimeCall: outerEnums.call,
    runtimeEvent: outerEnums.event,
    runtimeError: outerEnums.error,
    eventRecord: reg.register(types.eventRecord),
    eventRecordVec: reg.register(types.eventRecords),
    uncheckedExtrinsic,
    address: extrinsic.address,
    signature: extrinsic.signature,
    extra: extrinsic.extra,
    header: reg.register(types.header),
    block: reg.register(types.block),
  };

  const model: MetadataModel = { types: reg.types(), pallets, extrinsic, runtime, apis, outerEnums };
  return {
    v14: encodeRuntimeMetadata(model, 14),
    v15: encodeRuntimeMetadata(model, 15),
    registry: reg,
    ids,
    types,
    model,
  };
}

function palletModel(reg: PortableRegistryBuilder, p: PalletDecl): PalletModel {
  const storage = p.storage === undefined
    ? undefined
    : { prefix: p.storage.prefix, items: p.storage.items.map((s) => storageEntry(reg, s)) };
  const calls = palletCallType(p);
  const event = palletEventType(p);
  const callsId = calls === undefined ? undefined : reg.register(calls);
  const eventId = event === undefined ? undefined : reg.register(event);
  const constants = (p.constants ?? []).map((c) => ({ name: c.name, type: reg.register(c.type), value: c.value, docs: c.docs ?? [] }));
  const error = palletErrorType(p);
  return {
    name: p.name,
    index: p.index,
    storage,
    calls: callsId,
    event: eventId,
    constants,
    error: error === undefined ? undefined : reg.register(error),
    docs: p.docs ?? [],
  };
}

function storageEntry(reg: PortableRegistryBuilder, s: StorageItemDecl): StorageEntryModel {
  const ty = s.type;
  return {
    name: s.name,
    modifier: s.modifier,
    type: ty.kind === 'plain'
      ? { kind: 'plain', value: reg.register(ty.value) }
      : { kind: 'map', hashers: ty.hashers, key: reg.register(ty.key), value: reg.register(ty.value) },
    fallback: s.fallback,
    docs: s.docs ?? [],
  };
}

function validate(decl: RuntimeDecl): void {
  if (decl.runtimeCrate === '') throw new MetadataError('INVALID_DECL', 'runtimeCrate is empty');
  if (decl.extrinsic.version !== 4) throw new MetadataError('INVALID_DECL', `extrinsic version ${String(decl.extrinsic.version)} is not 4`);
  unique(decl.pallets.map((p) => p.name), 'pallet name', 'runtime');
  unique(decl.pallets.map((p) => p.index), 'pallet index', 'runtime');
  for (const p of decl.pallets) {
    const at = `pallet ${p.name}`;
    if (!isU8(p.index)) throw new MetadataError('INVALID_DECL', `pallet index ${p.index} is not a u8`, { at });
    if (p.crate === '') throw new MetadataError('INVALID_DECL', 'crate is empty', { at });
    for (const [what, items] of [['call', p.calls], ['event', p.events], ['error', p.errors]] as const) {
      if (items === undefined) continue;
      unique(items.map((i) => i.name), `${what} name`, at);
      unique(items.map((i) => i.index), `${what} index`, at);
      for (const i of items) if (!isU8(i.index)) throw new MetadataError('INVALID_DECL', `${what} index ${i.index} is not a u8`, { at: `${at} / ${i.name}` });
    }
    unique((p.constants ?? []).map((c) => c.name), 'constant name', at);
    if (p.storage !== undefined) {
      unique(p.storage.items.map((s) => s.name), 'storage item name', at);
      for (const s of p.storage.items) {
        if (s.type.kind !== 'map') continue;
        const n = s.type.hashers.length;
        const parts = s.type.key.kind === 'tuple' ? s.type.key.of.length : 1;
        if (n === 0 || (n > 1 && parts !== n)) {
          throw new MetadataError('INVALID_DECL', `${n} hashers for a key of ${parts} part(s)`, { at: `${at} / storage ${s.name}` });
        }
      }
    }
  }
  unique(decl.extrinsic.signedExtensions.map((e) => e.identifier), 'signed extension', 'extrinsic');
  unique(decl.apis.map((a) => a.name), 'runtime api', 'apis');
  for (const a of decl.apis) unique(a.methods.map((m) => m.name), 'method', `api ${a.name}`);
}

function isU8(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 255;
}

function unique(values: readonly (string | number)[], what: string, at: string): void {
  const seen = new Set<string | number>();
  for (const v of values) {
    if (seen.has(v)) {
      throw new MetadataError(typeof v === 'number' ? 'DUPLICATE_INDEX' : 'DUPLICATE_NAME', `duplicate ${what} ${v}`, { at });
    }
    seen.add(v);
  }
}
