import type { PortableType } from './portableType.ts';
import type { StorageHasher } from './RuntimeDecl.ts';

/**
 * Runtime metadata with every type resolved to a registry id: the common content of V14 and
 * V15, from which {@link encodeRuntimeMetadata} writes either version.
 */
export interface MetadataModel {
  readonly types: readonly PortableType[];
  readonly pallets: readonly PalletModel[];
  readonly extrinsic: {
    readonly version: number;
    /** `UncheckedExtrinsic<…>` (V14 `extrinsic.ty`). */
    readonly uncheckedExtrinsic: number;
    readonly address: number;
    readonly call: number;
    readonly signature: number;
    readonly extra: number;
    readonly signedExtensions: readonly { readonly identifier: string; readonly type: number; readonly additionalSigned: number }[];
  };
  /** `<runtime>::Runtime` */
  readonly runtime: number;
  readonly apis: readonly RuntimeApiModel[];
  readonly outerEnums: { readonly call: number; readonly event: number; readonly error: number };
}

export interface PalletModel {
  readonly name: string;
  readonly index: number;
  readonly storage: { readonly prefix: string; readonly items: readonly StorageEntryModel[] } | undefined;
  readonly calls: number | undefined;
  readonly event: number | undefined;
  readonly constants: readonly { readonly name: string; readonly type: number; readonly value: Uint8Array; readonly docs: readonly string[] }[];
  readonly error: number | undefined;
  readonly docs: readonly string[];
}

export interface StorageEntryModel {
  readonly name: string;
  readonly modifier: 'Optional' | 'Default';
  readonly type:
    | { readonly kind: 'plain'; readonly value: number }
    | { readonly kind: 'map'; readonly hashers: readonly StorageHasher[]; readonly key: number; readonly value: number };
  readonly fallback: Uint8Array;
  readonly docs: readonly string[];
}

export interface RuntimeApiModel {
  readonly name: string;
  readonly methods: readonly {
    readonly name: string;
    readonly inputs: readonly { readonly name: string; readonly type: number }[];
    readonly output: number;
    readonly docs: readonly string[];
  }[];
  readonly docs: readonly string[];
}
