/**
 * The scale-info `PortableRegistry` entry as plain JSON, shaped so @polkadot/types can take
 * it directly (`registry.createType('PortableRegistry', { types })`, `Si1Type`). Type
 * references are ids into the same registry.
 */
export type PortablePrimitive =
  | 'Bool' | 'Char' | 'Str'
  | 'U8' | 'U16' | 'U32' | 'U64' | 'U128' | 'U256'
  | 'I8' | 'I16' | 'I32' | 'I64' | 'I128' | 'I256';

export interface PortableField {
  readonly name: string | null;
  readonly type: number;
  readonly typeName: string | null;
  readonly docs: readonly string[];
}

export interface PortableVariant {
  readonly name: string;
  readonly fields: readonly PortableField[];
  readonly index: number;
  readonly docs: readonly string[];
}

export interface PortableTypeParam {
  readonly name: string;
  readonly type: number | null;
}

export type PortableTypeDef =
  | { readonly Composite: { readonly fields: readonly PortableField[] } }
  | { readonly Variant: { readonly variants: readonly PortableVariant[] } }
  | { readonly Sequence: { readonly type: number } }
  | { readonly Array: { readonly len: number; readonly type: number } }
  | { readonly Tuple: readonly number[] }
  | { readonly Primitive: PortablePrimitive }
  | { readonly Compact: { readonly type: number } };

export interface PortableType {
  readonly id: number;
  readonly type: {
    readonly path: readonly string[];
    readonly params: readonly PortableTypeParam[];
    readonly def: PortableTypeDef;
    readonly docs: readonly string[];
  };
}
