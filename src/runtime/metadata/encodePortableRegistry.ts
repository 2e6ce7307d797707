import { ScaleWriter } from './scaleWriter.ts';
import type { PortableField, PortablePrimitive, PortableType } from './portableType.ts';

const PRIMITIVE_INDEX: Readonly<Record<PortablePrimitive, number>> = {
  Bool: 0, Char: 1, Str: 2, U8: 3, U16: 4, U32: 5, U64: 6, U128: 7, U256: 8,
  I8: 9, I16: 10, I32: 11, I64: 12, I128: 13, I256: 14,
};

/** SCALE bytes of a scale-info `PortableRegistry` (`Vec<PortableType>`, ids as `Compact<u32>`). */
export function encodePortableRegistry(types: readonly PortableType[]): Uint8Array {
  const w = new ScaleWriter();
  writePortableRegistry(w, types);
  return w.finish();
}

/** Writes `Vec<String>` docs. */
export function writeDocs(w: ScaleWriter, docs: readonly string[]): void {
  w.vec(docs, (w, d) => w.str(d));
}

export function writePortableRegistry(w: ScaleWriter, types: readonly PortableType[]): void {
  w.vec(types, (w, { id, type }) => {
    w.compact(id);
    w.vec(type.path, (w, s) => w.str(s));
    w.vec(type.params, (w, p) => w.str(p.name).option(p.type, (w, id) => w.compact(id)));
    const def = type.def;
    if ('Composite' in def) w.u8(0).vec(def.Composite.fields, writeField);
    else if ('Variant' in def) {
      w.u8(1).vec(def.Variant.variants, (w, v) => {
        w.str(v.name).vec(v.fields, writeField).u8(v.index);
        writeDocs(w, v.docs);
      });
    } else if ('Sequence' in def) w.u8(2).compact(def.Sequence.type);
    else if ('Array' in def) w.u8(3).u32(def.Array.len).compact(def.Array.type);
    else if ('Tuple' in def) w.u8(4).vec(def.Tuple, (w, id) => w.compact(id));
    else if ('Primitive' in def) w.u8(5).u8(PRIMITIVE_INDEX[def.Primitive]);
    else w.u8(6).compact(def.Compact.type);
    writeDocs(w, type.docs);
  });
}

function writeField(w: ScaleWriter, f: PortableField): void {
  w.option(f.name, (w, n) => w.str(n)).compact(f.type).option(f.typeName, (w, n) => w.str(n));
  writeDocs(w, f.docs);
}

