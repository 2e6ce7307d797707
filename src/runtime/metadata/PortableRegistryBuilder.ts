import type { Field, PrimitiveName, TypeInfo, TypeParam, Variant } from './typeInfo.ts';
import type {
  PortableField, PortablePrimitive, PortableType, PortableTypeDef, PortableTypeParam, PortableVariant,
} from './portableType.ts';
import { MetadataError } from './metadataError.ts';

type Entry = PortableType['type'];

const PRIMITIVES: Readonly<Record<PrimitiveName, PortablePrimitive>> = {
  bool: 'Bool', char: 'Char', str: 'Str',
  u8: 'U8', u16: 'U16', u32: 'U32', u64: 'U64', u128: 'U128', u256: 'U256',
  i8: 'I8', i16: 'I16', i32: 'I32', i64: 'I64', i128: 'I128', i256: 'I256',
};

const NO_DOCS: readonly string[] = [];

/**
 * Interns {@link TypeInfo} values into a scale-info `PortableRegistry`.
 *
 * Types are deduplicated structurally: two values with the same path, generic parameters,
 * shape, field names, type names and docs get one id, whichever objects they are; a generic
 * type instantiated with different parameters gets different ids (as scale-info does).
 * Children are interned before their parent, so ids are dense and follow first use.
 *
 * Recursive types (e.g. a `RuntimeCall` reachable from a `sudo(call)` argument) are
 * supported when the cycle goes through the same object (a getter returning it): the
 * object being interned gets its id reserved when it is met again.
 *
 * @example
 * const reg = new PortableRegistryBuilder();
 * const id = reg.register(accountInfo());   // same id on every call
 * reg.types();                              // [{ id: 0, type: { path, params, def, docs } }, …]
 */
export class PortableRegistryBuilder {
  readonly #entries: (Entry | undefined)[] = [];
  readonly #byKey = new Map<string, number>();
  readonly #byObject = new WeakMap<TypeInfo, number>();
  /** Types being interned right now; `id` is set when a cycle reaches one of them. */
  readonly #inProgress = new Map<TypeInfo, { id: number | undefined }>();

  /** Number of types interned. */
  get size(): number {
    return this.#entries.length;
  }

  /** Interns `t` (and everything it refers to) and returns its id. */
  register(t: TypeInfo): number {
    const known = this.#byObject.get(t);
    if (known !== undefined) return known;
    const pending = this.#inProgress.get(t);
    if (pending !== undefined) {
      pending.id ??= this.#entries.push(undefined) - 1;
      return pending.id;
    }
    const slot: { id: number | undefined } = { id: undefined };
    this.#inProgress.set(t, slot);
    let key: string;
    let entry: Entry;
    try {
      [key, entry] = this.#resolve(t, (c) => this.register(c));
    } finally {
      this.#inProgress.delete(t);
    }
    let id: number;
    if (slot.id !== undefined) {
      id = slot.id;
      this.#entries[id] = entry;
      if (!this.#byKey.has(key)) this.#byKey.set(key, id);
    } else {
      const existing = this.#byKey.get(key);
      if (existing !== undefined) id = existing;
      else {
        id = this.#entries.push(entry) - 1;
        this.#byKey.set(key, id);
      }
    }
    this.#byObject.set(t, id);
    return id;
  }

  /** The id of `t` if it (or a structurally equal type) was interned, without interning anything. */
  idOf(t: TypeInfo): number | undefined {
    const visiting = new Set<TypeInfo>();
    const find = (c: TypeInfo): number => {
      const known = this.#byObject.get(c);
      if (known !== undefined) return known;
      if (visiting.has(c)) throw NOT_FOUND;
      visiting.add(c);
      const id = this.#byKey.get(this.#resolve(c, find)[0]);
      visiting.delete(c);
      if (id === undefined) throw NOT_FOUND;
      return id;
    };
    try {
      return find(t);
    } catch (e) {
      if (e === NOT_FOUND) return undefined;
      throw e;
    }
  }

  /** One interned type by id. */
  get(id: number): PortableType {
    const entry = this.#entries[id];
    if (entry === undefined) throw new MetadataError('UNKNOWN_TYPE', `no type with id ${id}`);
    return { id, type: entry };
  }

  /** All interned types, in id order. */
  types(): PortableType[] {
    return this.#entries.map((entry, id) => {
      if (entry === undefined) throw new MetadataError('INVALID_TYPE', `type ${id} was reserved by a cycle but never completed`);
      return { id, type: entry };
    });
  }

  /** Key and entry of `t`, with child types mapped to ids by `child`. */
  #resolve(t: TypeInfo, child: (c: TypeInfo) => number): [string, Entry] {
    switch (t.kind) {
      case 'primitive': {
        const p = PRIMITIVES[t.name];
        if (p === undefined) throw new MetadataError('INVALID_TYPE', `unknown primitive ${String(t.name)}`);
        return [`P${p}`, plain({ Primitive: p })];
      }
      case 'compact': {
        const of = child(t.of);
        return [`K${of}`, plain({ Compact: { type: of } })];
      }
      case 'sequence': {
        const of = child(t.of);
        return [`S${of}`, plain({ Sequence: { type: of } })];
      }
      case 'array': {
        if (!Number.isInteger(t.len) || t.len < 0 || t.len > 0xffff_ffff) {
          throw new MetadataError('INVALID_TYPE', `array length ${t.len} is not a u32`);
        }
        const of = child(t.of);
        return [`A${t.len};${of}`, plain({ Array: { len: t.len, type: of } })];
      }
      case 'tuple': {
        const of = t.of.map(child);
        return [`T${of.join(',')}`, plain({ Tuple: of })];
      }
      case 'composite': {
        const at = t.path.join('::');
        checkFields(t.fields, at);
        const params = resolveParams(t.params, child);
        const fields = t.fields.map((f) => resolveField(f, child));
        const docs = t.docs ?? NO_DOCS;
        const entry: Entry = { path: t.path, params, def: { Composite: { fields } }, docs };
        return [`C${JSON.stringify([t.path, params, fields, docs])}`, entry];
      }
      case 'variant': {
        const at = t.path.join('::');
        checkVariants(t.variants, at);
        const params = resolveParams(t.params, child);
        const variants: PortableVariant[] = t.variants.map((v) => ({
          name: v.name,
          fields: v.fields.map((f) => resolveField(f, child)),
          index: v.index,
          docs: v.docs ?? NO_DOCS,
        }));
        const docs = t.docs ?? NO_DOCS;
        const entry: Entry = { path: t.path, params, def: { Variant: { variants } }, docs };
        return [`V${JSON.stringify([t.path, params, variants, docs])}`, entry];
      }
      default:
        throw new MetadataError('INVALID_TYPE', `unknown type kind ${JSON.stringify((t as { kind?: unknown }).kind)}`);
    }
  }
}

const NOT_FOUND = Symbol('not found');

function plain(def: PortableTypeDef): Entry {
  return { path: NO_DOCS, params: [], def, docs: NO_DOCS };
}

function resolveParams(params: readonly TypeParam[] | undefined, child: (c: TypeInfo) => number): PortableTypeParam[] {
  return (params ?? []).map((p) => ({ name: p.name, type: p.type === undefined ? null : child(p.type) }));
}

function resolveField(f: Field, child: (c: TypeInfo) => number): PortableField {
  return { name: f.name ?? null, type: child(f.type), typeName: f.typeName ?? null, docs: f.docs ?? NO_DOCS };
}

/** scale-info fields are either all named (a struct) or all unnamed (a tuple struct). */
function checkFields(fields: readonly Field[], at: string): void {
  const named = fields.filter((f) => f.name !== undefined).length;
  if (named !== 0 && named !== fields.length) {
    throw new MetadataError('INVALID_TYPE', 'fields must be all named or all unnamed', { at });
  }
  const names = new Set<string>();
  for (const f of fields) {
    if (f.name === undefined) continue;
    if (names.has(f.name)) throw new MetadataError('INVALID_TYPE', `duplicate field ${f.name}`, { at });
    names.add(f.name);
  }
}

function checkVariants(variants: readonly Variant[], at: string): void {
  const names = new Set<string>();
  const indices = new Set<number>();
  for (const v of variants) {
    const where = `${at}::${v.name}`;
    if (!Number.isInteger(v.index) || v.index < 0 || v.index > 255) {
      throw new MetadataError('INVALID_TYPE', `variant index ${v.index} is not a u8`, { at: where });
    }
    if (names.has(v.name)) throw new MetadataError('INVALID_TYPE', 'duplicate variant name', { at: where });
    if (indices.has(v.index)) throw new MetadataError('INVALID_TYPE', `duplicate variant index ${v.index}`, { at: where });
    names.add(v.name);
    indices.add(v.index);
    checkFields(v.fields, where);
  }
}
