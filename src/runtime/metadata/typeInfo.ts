/**
 * A structural description of a SCALE type, carrying what scale-info records for it
 * (path, generic parameters, fields, variants, docs). Pallet declarations use these
 * values; the metadata builder interns them into a portable registry, deduplicating
 * structurally equal types, so one declaration is the single source of truth for both
 * the runtime's codecs and the metadata clients decode with.
 */
export type PrimitiveName =
  | 'bool' | 'char' | 'str'
  | 'u8' | 'u16' | 'u32' | 'u64' | 'u128' | 'u256'
  | 'i8' | 'i16' | 'i32' | 'i64' | 'i128' | 'i256';

export interface Field {
  readonly name?: string;
  readonly type: TypeInfo;
  /** The Rust type name as written in the source, e.g. `T::AccountId`, `BalanceOf<T>`. */
  readonly typeName?: string;
  readonly docs?: readonly string[];
}

export interface TypeParam {
  readonly name: string;
  /** `undefined` for a phantom / unused parameter (scale-info's `None`). */
  readonly type?: TypeInfo;
}

export interface Variant {
  readonly name: string;
  readonly index: number;
  readonly fields: readonly Field[];
  readonly docs?: readonly string[];
}

export type TypeInfo =
  | { readonly kind: 'primitive'; readonly name: PrimitiveName }
  | { readonly kind: 'compact'; readonly of: TypeInfo }
  | { readonly kind: 'sequence'; readonly of: TypeInfo }
  | { readonly kind: 'array'; readonly len: number; readonly of: TypeInfo }
  | { readonly kind: 'tuple'; readonly of: readonly TypeInfo[] }
  | {
      readonly kind: 'composite';
      readonly path: readonly string[];
      readonly params?: readonly TypeParam[];
      readonly fields: readonly Field[];
      readonly docs?: readonly string[];
    }
  | {
      readonly kind: 'variant';
      readonly path: readonly string[];
      readonly params?: readonly TypeParam[];
      readonly variants: readonly Variant[];
      readonly docs?: readonly string[];
    };

/** Small constructors so declarations read like the Rust they mirror. */
export const t = {
  primitive: (name: PrimitiveName): TypeInfo => ({ kind: 'primitive', name }),
  compact: (of: TypeInfo): TypeInfo => ({ kind: 'compact', of }),
  sequence: (of: TypeInfo): TypeInfo => ({ kind: 'sequence', of }),
  array: (len: number, of: TypeInfo): TypeInfo => ({ kind: 'array', len, of }),
  tuple: (...of: TypeInfo[]): TypeInfo => ({ kind: 'tuple', of }),
  composite: (
    path: readonly string[],
    fields: readonly Field[],
    extra: { params?: readonly TypeParam[]; docs?: readonly string[] } = {},
  ): TypeInfo => ({ kind: 'composite', path, fields, ...extra }),
  variant: (
    path: readonly string[],
    variants: readonly Variant[],
    extra: { params?: readonly TypeParam[]; docs?: readonly string[] } = {},
  ): TypeInfo => ({ kind: 'variant', path, variants, ...extra }),
} as const;
