import { Metadata, PortableRegistry, TypeRegistry } from '@polkadot/types';
import type { Codec, CodecClass } from '@polkadot/types/types';
import { u8aToHex } from '@polkadot/util';
import type { TypeInfo } from './typeInfo.ts';
import type { PortableRegistryBuilder } from './PortableRegistryBuilder.ts';
import type { BuiltMetadata } from './buildMetadata.ts';
import { encodePortableRegistry } from './encodePortableRegistry.ts';
import { MetadataError } from './metadataError.ts';

/**
 * SCALE codecs for {@link TypeInfo} values, backed by a @polkadot/types `TypeRegistry` that
 * knows our metadata: a TypeInfo is mapped to its registry id (cached) and encoded or
 * decoded as polkadot-js's `Lookup<id>` type, i.e. exactly as a client reading our metadata
 * would. With metadata set, `registry` also decodes extrinsics, calls and events.
 *
 * Values use polkadot-js conventions: structs as objects with camelCase keys, enums as
 * `{ Variant: value }` (or the variant name), `Option` as value or `null`, integers as
 * number / bigint. A `Uint8Array` anywhere in a value is taken as raw bytes (content of a
 * `Vec<u8>` or `[u8; N]`), never as SCALE-encoded input.
 *
 * @example
 * const codec = RuntimeCodec.fromBuilt(buildMetadata(decl));
 * const bytes = codec.encode(accountInfo(), { nonce: 1, providers: 1, data: { free: 10n ** 12n } });
 * codec.decode(accountInfo(), bytes).toJSON();
 */
export class RuntimeCodec {
  /** polkadot-js registry with our metadata (or, without metadata, just our types) set. */
  readonly registry: TypeRegistry;
  /** The decoded metadata, when the codec was built from metadata bytes. */
  readonly metadata: Metadata | undefined;
  readonly #types: PortableRegistryBuilder;
  readonly #ids = new WeakMap<TypeInfo, number>();
  readonly #classes = new Map<number, CodecClass>();

  /**
   * @param types the registry the metadata was built with (ids must match it)
   * @param metadata `RuntimeMetadataPrefixed` bytes (V14 or V15) built from `types`; without
   *   it, only the types are known (enough to encode constants before metadata exists).
   */
  constructor(types: PortableRegistryBuilder, metadata?: Uint8Array) {
    this.#types = types;
    this.registry = new TypeRegistry();
    if (metadata === undefined) {
      this.metadata = undefined;
      // `isContract` only silences the "no UncheckedExtrinsic / EventRecord" warnings of a bare type set.
      this.registry.setLookup(new PortableRegistry(this.registry, encodePortableRegistry(types.types()), true));
      return;
    }
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

  /** polkadot-js type name of `t` (`Lookup<id>`), for `registry.createType`. */
  typeName(t: TypeInfo): string {
    return this.registry.createLookupType(this.idOf(t));
  }

  /** A polkadot-js codec instance of `t` holding `value`. */
  create<T extends Codec = Codec>(t: TypeInfo, value?: unknown): T {
    const Cls = this.#class(t);
    try {
      return new Cls(this.registry, rawBytesToHex(value)) as T;
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
      codec = new Cls(this.registry, bytes) as T;
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
      Cls = this.registry.createClassUnsafe(this.registry.createLookupType(id));
      this.#classes.set(id, Cls);
    }
    return Cls;
  }
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
