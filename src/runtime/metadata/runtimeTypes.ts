import { t } from './typeInfo.ts';
import type { TypeInfo } from './typeInfo.ts';
import type { RuntimeDecl } from './RuntimeDecl.ts';
import { palletCallType, palletErrorType, palletEventType } from './palletEnums.ts';
import type { PalletEnumSource } from './palletEnums.ts';
import { block, eventRecord, header, u32, uncheckedExtrinsic } from './commonTypes.ts';

/**
 * What the runtime-wide types are built from. A full {@link RuntimeDecl} fits; so does a
 * declaration still missing storage and apis, which is how a System pallet can declare its
 * `Events: Vec<EventRecord<RuntimeEvent, H256>>` storage before the declaration is complete.
 */
export interface RuntimeTypesSource {
  readonly runtimeCrate: string;
  readonly pallets: readonly PalletEnumSource[];
  readonly extrinsic: Pick<RuntimeDecl['extrinsic'], 'address' | 'signature' | 'signedExtensions'>;
}

/** The runtime-wide types FRAME's `construct_runtime!` generates, as {@link TypeInfo}. */
export interface RuntimeTypes {
  /** `<runtimeCrate>::Runtime`, a struct with no fields (the metadata's top-level `ty`). */
  readonly runtime: TypeInfo;
  /** `<runtimeCrate>::RuntimeCall`: one variant per pallet with calls, index = pallet index. */
  readonly runtimeCall: TypeInfo;
  /** `<runtimeCrate>::RuntimeEvent`: one variant per pallet with events. */
  readonly runtimeEvent: TypeInfo;
  /** `<runtimeCrate>::RuntimeError`: one variant per pallet with errors (V15 `outerEnums.errorType`). */
  readonly runtimeError: TypeInfo;
  /** `frame_system::EventRecord<RuntimeEvent, H256>` */
  readonly eventRecord: TypeInfo;
  /** `Vec<EventRecord<RuntimeEvent, H256>>`: the type of `System::Events`. */
  readonly eventRecords: TypeInfo;
  readonly address: TypeInfo;
  readonly signature: TypeInfo;
  /** The tuple of signed extension types, in order. */
  readonly extra: TypeInfo;
  /** `UncheckedExtrinsic<Address, RuntimeCall, Signature, Extra>` */
  readonly uncheckedExtrinsic: TypeInfo;
  /** `Header<u32, BlakeTwo256>` */
  readonly header: TypeInfo;
  /** `Block<Header, UncheckedExtrinsic>` */
  readonly block: TypeInfo;
}

/**
 * Builds the outer enums and extrinsic types of a runtime. Structurally equal results from
 * repeated calls intern to the same ids, so callers may build them as often as convenient.
 */
export function runtimeTypes(src: RuntimeTypesSource): RuntimeTypes {
  const runtimeCall = outerEnum(src, 'RuntimeCall', palletCallType,
    (p) => `self::sp_api_hidden_includes_construct_runtime::hidden_include::dispatch\n::CallableCallFor<${p.name}, Runtime>`);
  const runtimeEvent = outerEnum(src, 'RuntimeEvent', palletEventType, (p) => `${p.crate}::Event<Runtime>`);
  const runtimeError = outerEnum(src, 'RuntimeError', palletErrorType, (p) => `${p.crate}::Error<Runtime>`);
  const record = eventRecord(runtimeEvent);
  const extra = t.tuple(...src.extrinsic.signedExtensions.map((e) => e.type));
  const uxt = uncheckedExtrinsic(src.extrinsic.address, runtimeCall, src.extrinsic.signature, extra);
  const hdr = header(u32);
  return {
    runtime: t.composite([src.runtimeCrate, 'Runtime'], []),
    runtimeCall,
    runtimeEvent,
    runtimeError,
    eventRecord: record,
    eventRecords: t.sequence(record),
    address: src.extrinsic.address,
    signature: src.extrinsic.signature,
    extra,
    uncheckedExtrinsic: uxt,
    header: hdr,
    block: block(hdr, uxt),
  };
}

function outerEnum(
  src: RuntimeTypesSource,
  name: string,
  inner: (p: PalletEnumSource) => TypeInfo | undefined,
  typeName: (p: PalletEnumSource) => string,
): TypeInfo {
  const variants = [];
  for (const p of src.pallets) {
    const type = inner(p);
    if (type !== undefined) variants.push({ name: p.name, index: p.index, fields: [{ type, typeName: typeName(p) }] });
  }
  return t.variant([src.runtimeCrate, name], variants);
}
