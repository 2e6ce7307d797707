import { compactFromU8a, compactToU8a } from '@polkadot/util';
import type { Field, TypeInfo } from '../metadata/typeInfo.ts';

/**
 * SCALE encoding driven by the same TypeInfo values the metadata is built from, so the
 * runtime's storage, events and call arguments can never disagree with what clients
 * decode. Values in JS:
 *   u8/u16/u32/i8/i16/i32 → number; 64-bit and wider → bigint; bool → boolean; str → string;
 *   Compact<T> → bigint (numbers accepted); Vec<u8> and [u8; N] → Uint8Array;
 *   other sequences and tuples → arrays; a composite with named fields → an object,
 *   with one unnamed field → that field's value (newtype), with several → an array;
 *   a variant → { type: variantName, value? } where value follows the composite rule.
 */
export type ScaleValue = unknown;

export interface EnumValue {
  readonly type: string;
  readonly value?: unknown;
}

export class ScaleValueError extends Error {
  override readonly name = 'ScaleValueError';
  constructor(
    readonly code: 'UNEXPECTED_END' | 'TRAILING_BYTES' | 'INVALID_VARIANT' | 'INVALID_VALUE',
    message: string,
  ) {
    super(message);
  }
}

const INT_BYTES: Record<string, number> = { u8: 1, u16: 2, u32: 4, u64: 8, u128: 16, u256: 32, i8: 1, i16: 2, i32: 4, i64: 8, i128: 16, i256: 32 };

class Writer {
  readonly parts: Uint8Array[] = [];
  push(b: Uint8Array): void {
    this.parts.push(b);
  }
  finish(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}

export function encodeValue(type: TypeInfo, value: ScaleValue): Uint8Array {
  const w = new Writer();
  write(w, type, value);
  return w.finish();
}

export function decodeValue<T = unknown>(type: TypeInfo, bytes: Uint8Array): T {
  const r = { bytes, at: 0 };
  const out = read(r, type);
  if (r.at !== bytes.length) throw new ScaleValueError('TRAILING_BYTES', `${bytes.length - r.at} trailing bytes`);
  return out as T;
}

/** Decodes a value at the start of `bytes`, returning it with the number of bytes consumed. */
export function decodeValuePrefix<T = unknown>(type: TypeInfo, bytes: Uint8Array, offset = 0): { value: T; length: number } {
  const r = { bytes, at: offset };
  const value = read(r, type) as T;
  return { value, length: r.at - offset };
}

function isU8(t: TypeInfo): boolean {
  return t.kind === 'primitive' && t.name === 'u8';
}

function write(w: Writer, type: TypeInfo, value: ScaleValue): void {
  switch (type.kind) {
    case 'primitive':
      return writePrimitive(w, type.name, value);
    case 'compact':
      w.push(compactToU8a(toBigInt(value)));
      return;
    case 'sequence': {
      if (isU8(type.of)) {
        const bytes = asBytes(value);
        w.push(compactToU8a(bytes.length));
        w.push(bytes);
        return;
      }
      const items = asArray(value);
      w.push(compactToU8a(items.length));
      for (const item of items) write(w, type.of, item);
      return;
    }
    case 'array': {
      if (isU8(type.of)) {
        const bytes = asBytes(value);
        if (bytes.length !== type.len) throw new ScaleValueError('INVALID_VALUE', `expected ${type.len} bytes, got ${bytes.length}`);
        w.push(bytes);
        return;
      }
      const items = asArray(value);
      if (items.length !== type.len) throw new ScaleValueError('INVALID_VALUE', `expected ${type.len} items`);
      for (const item of items) write(w, type.of, item);
      return;
    }
    case 'tuple': {
      if (type.of.length === 0) return;
      const items = asArray(value);
      type.of.forEach((t, i) => write(w, t, items[i]));
      return;
    }
    case 'composite':
      return writeFields(w, type.fields, value);
    case 'variant': {
      const v = value as EnumValue;
      const variant = type.variants.find((x) => x.name === v?.type);
      if (variant === undefined) throw new ScaleValueError('INVALID_VARIANT', `no variant ${String(v?.type)} in ${type.path.join('::')}`);
      w.push(Uint8Array.of(variant.index));
      writeFields(w, variant.fields, v.value);
      return;
    }
  }
}

function writeFields(w: Writer, fields: readonly Field[], value: ScaleValue): void {
  if (fields.length === 0) return;
  if (fields[0]!.name !== undefined) {
    const obj = value as Record<string, unknown>;
    if (obj === null || typeof obj !== 'object') throw new ScaleValueError('INVALID_VALUE', 'expected an object');
    for (const f of fields) write(w, f.type, obj[f.name!]);
    return;
  }
  if (fields.length === 1) return write(w, fields[0]!.type, value);
  const items = asArray(value);
  fields.forEach((f, i) => write(w, f.type, items[i]));
}

function writePrimitive(w: Writer, name: string, value: ScaleValue): void {
  switch (name) {
    case 'bool':
      w.push(Uint8Array.of(value === true ? 1 : 0));
      return;
    case 'str': {
      const bytes = new TextEncoder().encode(String(value));
      w.push(compactToU8a(bytes.length));
      w.push(bytes);
      return;
    }
    case 'char':
      throw new ScaleValueError('INVALID_VALUE', 'char is not supported');
    default: {
      const size = INT_BYTES[name]!;
      let n = toBigInt(value);
      if (name.startsWith('i') && n < 0n) n += 1n << BigInt(size * 8);
      if (n < 0n || n >= 1n << BigInt(size * 8)) throw new ScaleValueError('INVALID_VALUE', `${String(value)} out of range for ${name}`);
      const out = new Uint8Array(size);
      for (let i = 0; i < size; i++) {
        out[i] = Number(n & 0xffn);
        n >>= 8n;
      }
      w.push(out);
    }
  }
}

interface Reader {
  bytes: Uint8Array;
  at: number;
}

function take(r: Reader, n: number): Uint8Array {
  if (r.at + n > r.bytes.length) throw new ScaleValueError('UNEXPECTED_END', `needed ${n} bytes at offset ${r.at}`);
  const out = r.bytes.subarray(r.at, r.at + n);
  r.at += n;
  return out;
}

function readCompact(r: Reader): bigint {
  if (r.at >= r.bytes.length) throw new ScaleValueError('UNEXPECTED_END', 'compact expected');
  const [len, bn] = compactFromU8a(r.bytes.subarray(r.at));
  if (r.at + len > r.bytes.length) throw new ScaleValueError('UNEXPECTED_END', 'compact truncated');
  r.at += len;
  return BigInt(bn.toString());
}

function readLength(r: Reader): number {
  const n = readCompact(r);
  if (n > BigInt(r.bytes.length - r.at)) throw new ScaleValueError('UNEXPECTED_END', `length ${n} exceeds input`);
  return Number(n);
}

function read(r: Reader, type: TypeInfo): unknown {
  switch (type.kind) {
    case 'primitive':
      return readPrimitive(r, type.name);
    case 'compact':
      return readCompact(r);
    case 'sequence': {
      const n = readLength(r);
      if (isU8(type.of)) return take(r, n).slice();
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(read(r, type.of));
      return out;
    }
    case 'array': {
      if (isU8(type.of)) return take(r, type.len).slice();
      const out: unknown[] = [];
      for (let i = 0; i < type.len; i++) out.push(read(r, type.of));
      return out;
    }
    case 'tuple':
      return type.of.map((t) => read(r, t));
    case 'composite':
      return readFields(r, type.fields);
    case 'variant': {
      const index = take(r, 1)[0]!;
      const variant = type.variants.find((v) => v.index === index);
      if (variant === undefined) throw new ScaleValueError('INVALID_VARIANT', `no variant index ${index} in ${type.path.join('::')}`);
      return variant.fields.length === 0 ? { type: variant.name } : { type: variant.name, value: readFields(r, variant.fields) };
    }
  }
}

function readFields(r: Reader, fields: readonly Field[]): unknown {
  if (fields.length === 0) return undefined;
  if (fields[0]!.name !== undefined) {
    const out: Record<string, unknown> = {};
    for (const f of fields) out[f.name!] = read(r, f.type);
    return out;
  }
  if (fields.length === 1) return read(r, fields[0]!.type);
  return fields.map((f) => read(r, f.type));
}

function readPrimitive(r: Reader, name: string): unknown {
  switch (name) {
    case 'bool': {
      const b = take(r, 1)[0];
      if (b !== 0 && b !== 1) throw new ScaleValueError('INVALID_VALUE', `invalid bool byte ${String(b)}`);
      return b === 1;
    }
    case 'str':
      return new TextDecoder('utf-8', { fatal: true }).decode(take(r, readLength(r)));
    case 'char':
      throw new ScaleValueError('INVALID_VALUE', 'char is not supported');
    default: {
      const size = INT_BYTES[name]!;
      const bytes = take(r, size);
      let n = 0n;
      for (let i = size - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
      if (name.startsWith('i') && (bytes[size - 1]! & 0x80) !== 0) n -= 1n << BigInt(size * 8);
      return size <= 4 ? Number(n) : n;
    }
  }
}

function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'boolean') return value ? 1n : 0n;
  throw new ScaleValueError('INVALID_VALUE', `expected an integer, got ${typeof value}`);
}

function asBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new ScaleValueError('INVALID_VALUE', 'expected bytes');
}

function asArray(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  throw new ScaleValueError('INVALID_VALUE', 'expected an array');
}
