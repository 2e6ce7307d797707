import { MetadataError } from './metadataError.ts';

const TEXT = new TextEncoder();

/**
 * An append-only SCALE encoder for the handful of shapes metadata is made of:
 * fixed ints, compact ints, strings, byte vectors, vectors and options.
 */
export class ScaleWriter {
  #buf = new Uint8Array(1024);
  #len = 0;

  #reserve(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  u8(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new MetadataError('INVALID_DECL', `u8 out of range: ${v}`);
    this.#reserve(1);
    this.#buf[this.#len++] = v;
    return this;
  }

  u32(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff) throw new MetadataError('INVALID_DECL', `u32 out of range: ${v}`);
    this.#reserve(4);
    new DataView(this.#buf.buffer, this.#buf.byteOffset).setUint32(this.#len, v, true);
    this.#len += 4;
    return this;
  }

  /** SCALE compact for values up to 2^32 - 1 (lengths and type ids). */
  compact(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff) throw new MetadataError('INVALID_DECL', `compact out of range: ${v}`);
    if (v < 1 << 6) return this.u8(v << 2);
    if (v < 1 << 14) {
      this.#reserve(2);
      const x = (v << 2) | 0b01;
      this.#buf[this.#len++] = x & 0xff;
      this.#buf[this.#len++] = x >>> 8;
      return this;
    }
    if (v < 1 << 30) {
      this.#reserve(4);
      new DataView(this.#buf.buffer, this.#buf.byteOffset).setUint32(this.#len, ((v << 2) | 0b10) >>> 0, true);
      this.#len += 4;
      return this;
    }
    this.u8(0b11); // big-integer mode, 4 bytes follow
    return this.u32(v);
  }

  raw(bytes: Uint8Array): this {
    this.#reserve(bytes.length);
    this.#buf.set(bytes, this.#len);
    this.#len += bytes.length;
    return this;
  }

  /** `Vec<u8>`: compact length then the bytes. */
  bytes(bytes: Uint8Array): this {
    return this.compact(bytes.length).raw(bytes);
  }

  str(s: string): this {
    return this.bytes(TEXT.encode(s));
  }

  vec<T>(items: readonly T[], each: (w: this, item: T) => void): this {
    this.compact(items.length);
    for (const item of items) each(this, item);
    return this;
  }

  option<T>(value: T | null | undefined, some: (w: this, value: T) => void): this {
    if (value === null || value === undefined) return this.u8(0);
    this.u8(1);
    some(this, value);
    return this;
  }

  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}
