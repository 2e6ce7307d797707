import { Metadata, PortableRegistry, TypeRegistry } from '@polkadot/types';
import type { Codec, CodecClass } from '@polkadot/types/types';
import { u8aToHex } from '@polkadot/util';
import type { TypeInfo } from './typeInfo.ts';
import type { PortableRegistryBuilder } from './PortableRegistryBuilder.ts';
import type { PortableType } from './portableType.ts';
import type { BuiltMetadata } from './buildMetadata.ts';
import { encodePortableRegistry } from './encodePortableRegistry.ts';
import { MetadataError } from './metadataError.ts';

/**
 * SCALE codecs for {@link TypeInfo} values, backed by @polkadot/types: a TypeInfo is mapped
 * to its registry id (cached) and encoded or decoded as polkadot-js's `Lookup<id>` type, so
 * bytes are exactly what a client reading our metadata produces and accepts.
 *
 * Two polkadot-js registries are kept:
 * - `registry` has the metadata set, as a client would: use it to decode extrinsics,
 *   `Call`, `Vec<EventRecord>` (with `section` / `method`), errors, storage keys.
 * - `encode` / `decode` / `create` use a twin registry over the same ids in which the
 *   outer `RuntimeCall` / `RuntimeEvent` are plain enums (polkadot-js's `GenericEvent`
 *   cannot be built from a JS value), so events and calls are written as
 *   `{ Sequencer: { Submitted: { paraId: 7, … } } }`.
 *
 * Values use polkadot-js conventions: structs as objects with camelCase keys, enums as
 * `{ Variant: value }` (or the variant name), `Option` as value or `null`, integers as
 * number / bigint, `AccountId32` as SS58 or bytes, `Era` as `{ MortalEra: … }`. A
 * `Uint8Array` anywhere in a value is raw bytes (the content of a `Vec<u8>` / `[u8; N]`),
 * never SCALE-encoded input.
 *
 * @example
 * const codec = RuntimeCodec.fromBuilt(buildMetadata(decl));
 * const bytes = codec.encode(accountInfo(), { nonce: 1, providers: 1, data: { free: 10n ** 12n } });
 * codec.decode(accountInfo(), bytes).toJSON();
 */
export class RuntimeCodec {
  /** polkadot-js registry with our metadata set (without metadata: the codec registry). */
  readonly registry: TypeRegistry;
  /** The decoded metadata, when the codec was built from metadata bytes. */
  readonly metadata: Metadata | undefined;
  readonly #codecRegistry: TypeRegistry;
  readonly #types: PortableRegistryBuilder;
  readonly #ids = new WeakMap<TypeInfo, number>();
  readonly #classes = new Map<number, CodecClass>();

  /**
   * @param types the registry the metadata was built with (ids must match it)
   * @param metadata `RuntimeMetadataPrefixed` bytes (V14 or V15) built from `types`; without
   *   it only the types are known, which is enough to encode constants before metadata exists.
   */
  constructor(types: PortableRegistryBuilder, metadata?: Uint8Array) {
    this.#types = types;
    this.#codecRegistry = new TypeRegistry();
    // `isContract` only silences polkadot-js's "no UncheckedExtrinsic / EventRecord" warnings.
    this.#codecRegistry.setLookup(new PortableRegistry(this.#codecRegistry, encodePortableRegistry(withoutOuterEnumAliases(types.types())), true));
    if (metadata === undefined) {
      this.metadata = undefined;
      this.registry = this.#codecRegistry;
      return;
    }
    this.registry = new TypeRegistry();
    try {
      this.metadata = new Metadata(this.registry, metadata);
      this.registry.setMetadata(this.metadata);
    } catch (cause) {
      throw new MetadataError('INVALID_METADATA', 'polkadot-js could not load the metadata', { cause });
    }
    const count = this.metadata.asLatest.lookup.types.length;
    if (count !== types.size) {
      throw new MetadataError('INVALID_METADATA', `metadata has ${count} types, the registry ${types.size}`);
    }
  }

  /** A codec over the V15 (default) or V14 metadata of a {@link buildMetadata} result. */
  static fromBuilt(built: BuiltMetadata, version: 14 | 15 = 15): RuntimeCodec {
    return new RuntimeCodec(built.registry, version === 14 ? built.v14 : built.v15);
  }

  /** Registry id of `t`; throws `UNKNOWN_TYPE` if the metadata does not contain it. */
  idOf(t: TypeInfo): number {
    let id = this.#ids.get(t);
    if (id === undefined) {
      id = this.#types.idOf(t);
      if (id === undefined) throw new MetadataError('UNKNOWN_TYPE', `type not in the metadata: ${describe(t)}`);
      this.#ids.set(t, id);
    }
    return id;
  }

  /** polkadot-js type name of `t` (`Lookup<id>`), for `registry.createType` (client view). */
  typeName(t: TypeInfo): string {
    return this.registry.createLookupType(this.idOf(t));
  }

  /** A polkadot-js codec instance of `t` holding `value`. */
  create<T extends Codec = Codec>(t: TypeInfo, value?: unknown): T {
    const Cls = this.#class(t);
    try {
      return new Cls(this.#codecRegistry, rawBytesToHex(value)) as T;
    } catch (cause) {
      throw new MetadataError('ENCODE_FAILED', `cannot build ${describe(t)} from the value`, { cause });
    }
  }

  /** SCALE encoding of `value` as `t`. */
  encode(t: TypeInfo, value: unknown): Uint8Array {
    return this.create(t, value).toU8a();
  }

  /** Decodes `bytes` as `t`; all bytes must be consumed. */
  decode<T extends Codec = Codec>(t: TypeInfo, bytes: Uint8Array): T {
    const Cls = this.#class(t);
    let codec: T;
    try {
      codec = new Cls(this.#codecRegistry, bytes) as T;
    } catch (cause) {
      throw new MetadataError('DECODE_FAILED', `cannot decode ${describe(t)}`, { cause });
    }
    if (codec.encodedLength !== bytes.length) {
      throw new MetadataError('DECODE_FAILED', `${describe(t)} used ${codec.encodedLength} of ${bytes.length} bytes`);
    }
    return codec;
  }

  #class(t: TypeInfo): CodecClass {
    const id = this.idOf(t);
    let Cls = this.#classes.get(id);
    if (Cls === undefined) {
      Cls = this.#codecRegistry.createClassUnsafe(this.#codecRegistry.createLookupType(id));
      this.#classes.set(id, Cls);
    }
    return Cls;
  }
}

const UNCHECKED_EXTRINSIC = 'sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic';
const EVENT_RECORD = 'frame_system::EventRecord';

/**
 * The same types (same ids, same encoding) minus what makes polkadot-js alias the outer
 * enums to `Call` / `Event`: the paths of `UncheckedExtrinsic` and `EventRecord` (whose
 * generic parameters it reads) and of `<crate>::RuntimeCall` / `RuntimeEvent`. A type
 * without a path is decoded structurally.
 */
function withoutOuterEnumAliases(types: readonly PortableType[]): PortableType[] {
  return types.map((pt) => {
    const { path } = pt.type;
    const name = path.join('::');
    const outer = path.length === 2 && (path[1] === 'RuntimeCall' || path[1] === 'RuntimeEvent');
    return outer || name === UNCHECKED_EXTRINSIC || name === EVENT_RECORD ? { id: pt.id, type: { ...pt.type, path: [] } } : pt;
  });
}

function describe(t: TypeInfo): string {
  switch (t.kind) {
    case 'primitive': return t.name;
    case 'composite':
    case 'variant': return t.path.join('::') || `anonymous ${t.kind}`;
    default: return t.kind;
  }
}

/** Copies `value`, turning every `Uint8Array` into hex, which polkadot-js reads as raw content. */
function rawBytesToHex(value: unknown): unknown {
  if (value instanceof Uint8Array) return u8aToHex(value);
  if (Array.isArray(value)) return value.map(rawBytesToHex);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [rawBytesToHex(k), rawBytesToHex(v)]));
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return value; // a Codec or other class instance
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = rawBytesToHex(v);
    return out;
  }
  return value;
}
