import type { Field, TypeInfo } from './typeInfo.ts';

/** Storage hashers, named as in metadata (`StorageHasher`). */
export type StorageHasher =
  | 'Blake2_128' | 'Blake2_256' | 'Blake2_128Concat' | 'Twox128' | 'Twox256' | 'Twox64Concat' | 'Identity';

export type StorageEntryType =
  | { readonly kind: 'plain'; readonly value: TypeInfo }
  | {
      readonly kind: 'map';
      readonly hashers: readonly StorageHasher[];
      /** For several hashers, a tuple of the key parts. */
      readonly key: TypeInfo;
      readonly value: TypeInfo;
    };

export interface StorageItemDecl {
  readonly name: string;
  readonly modifier: 'Optional' | 'Default';
  readonly type: StorageEntryType;
  /** SCALE bytes of the default value (for `Optional`: 0x00). */
  readonly fallback: Uint8Array;
  readonly docs?: readonly string[];
}

export interface CallDecl {
  readonly name: string;
  readonly index: number;
  readonly args: readonly Field[];
  readonly docs?: readonly string[];
}

export interface EventDecl {
  readonly name: string;
  readonly index: number;
  readonly fields: readonly Field[];
  readonly docs?: readonly string[];
}

export interface ErrorDecl {
  readonly name: string;
  readonly index: number;
  readonly docs?: readonly string[];
}

export interface ConstantDecl {
  readonly name: string;
  readonly type: TypeInfo;
  readonly value: Uint8Array;
  readonly docs?: readonly string[];
}

/** One pallet as FRAME's `construct_runtime!` would describe it. */
export interface PalletDecl {
  /** Name in the runtime, e.g. `Sequencer` (polkadot-js exposes it as `api.tx.sequencer`). */
  readonly name: string;
  readonly index: number;
  /** Crate name used in type paths, e.g. `pallet_sequencer` → `pallet_sequencer::pallet::Call`. */
  readonly crate: string;
  readonly storage?: { readonly prefix: string; readonly items: readonly StorageItemDecl[] };
  readonly calls?: readonly CallDecl[];
  readonly events?: readonly EventDecl[];
  readonly errors?: readonly ErrorDecl[];
  readonly constants?: readonly ConstantDecl[];
  readonly docs?: readonly string[];
}

export interface SignedExtensionDecl {
  readonly identifier: string;
  readonly type: TypeInfo;
  readonly additionalSigned: TypeInfo;
}

export interface RuntimeApiMethodDecl {
  readonly name: string;
  readonly inputs: readonly { readonly name: string; readonly type: TypeInfo }[];
  readonly output: TypeInfo;
  readonly docs?: readonly string[];
}

export interface RuntimeApiDecl {
  readonly name: string;
  readonly methods: readonly RuntimeApiMethodDecl[];
  readonly docs?: readonly string[];
}

/** Everything metadata is built from. */
export interface RuntimeDecl {
  /** Crate name of the runtime, used for `RuntimeCall` / `RuntimeEvent` paths, e.g. `spindle_runtime`. */
  readonly runtimeCrate: string;
  readonly pallets: readonly PalletDecl[];
  readonly extrinsic: {
    readonly version: 4;
    readonly address: TypeInfo;
    readonly signature: TypeInfo;
    readonly signedExtensions: readonly SignedExtensionDecl[];
  };
  readonly apis: readonly RuntimeApiDecl[];
}
