import { decodeValue, encodeValue } from '../codec/scaleValue.ts';
import type { StorageHasher, StorageItemDecl } from '../metadata/RuntimeDecl.ts';
import type { TypeInfo } from '../metadata/typeInfo.ts';
import { hashKey, storagePrefix } from './storageKey.ts';
import type { StateReader } from './StorageOverlay.ts';

export interface StorageWriter extends StateReader {
  set(key: Uint8Array, value: Uint8Array): void;
  delete(key: Uint8Array): void;
}

interface ItemOptions<V> {
  /** With a default the item is `ValueQuery` (modifier Default), else `OptionQuery`. */
  readonly default?: V;
  readonly docs?: readonly string[];
}

/** A FRAME `StorageValue`: one key, one value; its declaration feeds the metadata. */
export class StorageValue<V> {
  #key: Uint8Array | undefined;

  constructor(
    readonly pallet: string,
    readonly name: string,
    readonly type: TypeInfo,
    readonly options: ItemOptions<V> = {},
  ) {}

  /** Computed on first use: hashing needs the wasm crypto, which is ready only after start-up. */
  key(): Uint8Array {
    return (this.#key ??= storagePrefix(this.pallet, this.name));
  }

  get(state: StateReader): V | undefined {
    const raw = state.get(this.key());
    return raw === undefined ? this.options.default : decodeValue<V>(this.type, raw);
  }

  /** For ValueQuery items: the value or the default. */
  read(state: StateReader): V {
    const v = this.get(state);
    if (v === undefined) throw new Error(`storage ${this.pallet}.${this.name} has no value and no default`);
    return v;
  }

  set(state: StorageWriter, value: V): void {
    state.set(this.key(), encodeValue(this.type, value));
  }

  kill(state: StorageWriter): void {
    state.delete(this.key());
  }

  decl(): StorageItemDecl {
    return {
      name: this.name,
      modifier: this.options.default === undefined ? 'Optional' : 'Default',
      type: { kind: 'plain', value: this.type },
      fallback: this.options.default === undefined ? Uint8Array.of(0) : encodeValue(this.type, this.options.default),
      docs: this.options.docs ?? [],
    };
  }
}

/** A FRAME `StorageMap` with one hasher. */
export class StorageMap<K, V> {
  #prefix: Uint8Array | undefined;

  constructor(
    readonly pallet: string,
    readonly name: string,
    readonly hasher: StorageHasher,
    readonly keyType: TypeInfo,
    readonly valueType: TypeInfo,
    readonly options: ItemOptions<V> = {},
  ) {}

  prefix(): Uint8Array {
    return (this.#prefix ??= storagePrefix(this.pallet, this.name));
  }

  key(k: K): Uint8Array {
    return Buffer.concat([this.prefix(), hashKey(this.hasher, encodeValue(this.keyType, k))]);
  }

  get(state: StateReader, k: K): V | undefined {
    const raw = state.get(this.key(k));
    return raw === undefined ? this.options.default : decodeValue<V>(this.valueType, raw);
  }

  /** For ValueQuery maps: the value or the default. */
  read(state: StateReader, k: K): V {
    const v = this.get(state, k);
    if (v === undefined) throw new Error(`storage ${this.pallet}.${this.name} has no value and no default`);
    return v;
  }

  has(state: StateReader, k: K): boolean {
    return state.get(this.key(k)) !== undefined;
  }

  set(state: StorageWriter, k: K, value: V): void {
    state.set(this.key(k), encodeValue(this.valueType, value));
  }

  remove(state: StorageWriter, k: K): void {
    state.delete(this.key(k));
  }

  /** Decodes the key part of a full storage key (only for `…Concat` and `Identity` hashers). */
  decodeKey(fullKey: Uint8Array): K {
    const skip = this.hasher === 'Blake2_128Concat' ? 16 : this.hasher === 'Twox64Concat' ? 8 : this.hasher === 'Identity' ? 0 : -1;
    if (skip < 0) throw new Error(`hasher ${this.hasher} is not reversible`);
    return decodeValue<K>(this.keyType, fullKey.subarray(this.prefix().length + skip));
  }

  decl(): StorageItemDecl {
    return {
      name: this.name,
      modifier: this.options.default === undefined ? 'Optional' : 'Default',
      type: { kind: 'map', hashers: [this.hasher], key: this.keyType, value: this.valueType },
      fallback: this.options.default === undefined ? Uint8Array.of(0) : encodeValue(this.valueType, this.options.default),
      docs: this.options.docs ?? [],
    };
  }
}
