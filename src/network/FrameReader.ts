import { NetworkError } from './NetworkError.ts';

/** A chunk as streams yield it: a Uint8Array or a Uint8ArrayList (both flatten with `subarray()`). */
export interface ByteChunk {
  subarray(): Uint8Array;
}

export type FrameResult = { kind: 'frame'; payload: Uint8Array } | { kind: 'oversized'; length: number };

export interface NextFrameOptions {
  /** Largest payload accepted. */
  maxBytes: number;
  /**
   * For a payload over `maxBytes`: discard it as it arrives (up to this many bytes, never buffered)
   * so the next frame can be read. 0 (default) = return `oversized` at once without reading it.
   */
  skipUpTo?: number;
}

const MAX_VARINT_BYTES = 8; // 2^56 > Number.MAX_SAFE_INTEGER is already absurd for a frame

/** `unsigned varint length ‖ payload`, the framing used on every stream. */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  const prefix: number[] = [];
  let n = payload.length;
  while (n >= 0x80) {
    prefix.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  prefix.push(n);
  const out = new Uint8Array(prefix.length + payload.length);
  out.set(prefix, 0);
  out.set(payload, prefix.length);
  return out;
}

/**
 * Reads length-prefixed frames from a stream's source. Memory stays bounded by `maxBytes` plus one
 * chunk: an oversized length is reported before its payload is read.
 * Throws NetworkError PROTOCOL on a malformed or truncated frame.
 */
export class FrameReader {
  readonly #source: AsyncIterator<ByteChunk>;
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  #ended = false;

  constructor(source: AsyncIterable<ByteChunk>) {
    this.#source = source[Symbol.asyncIterator]();
  }

  /** The next frame, or undefined when the stream ended cleanly between frames. */
  async next(opts: NextFrameOptions): Promise<FrameResult | undefined> {
    const length = await this.#readLength();
    if (length === undefined) return undefined;
    if (length > opts.maxBytes) {
      const skipUpTo = opts.skipUpTo ?? 0;
      if (length <= skipUpTo) await this.#skip(length);
      return { kind: 'oversized', length };
    }
    while (this.#buffered < length) {
      if (!(await this.#pull())) throw truncated();
    }
    return { kind: 'frame', payload: this.#take(length) };
  }

  async #readLength(): Promise<number | undefined> {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      while (this.#buffered === 0) {
        if (!(await this.#pull())) {
          if (i === 0) return undefined;
          throw truncated();
        }
      }
      const byte = this.#take(1)[0]!;
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) {
        if (i > 0 && byte === 0) throw malformed('non-minimal length prefix');
        return value;
      }
      scale *= 128;
    }
    throw malformed('length prefix too long');
  }

  async #skip(length: number): Promise<void> {
    let left = length;
    for (;;) {
      const n = Math.min(left, this.#buffered);
      if (n > 0) this.#drop(n);
      left -= n;
      if (left === 0) return;
      if (!(await this.#pull())) return; // ended mid-frame: the caller sees the end on its next read
    }
  }

  async #pull(): Promise<boolean> {
    if (this.#ended) return false;
    const r = await this.#source.next();
    if (r.done === true) {
      this.#ended = true;
      return false;
    }
    const bytes = r.value.subarray();
    if (bytes.length > 0) {
      this.#chunks.push(bytes);
      this.#buffered += bytes.length;
    }
    return true;
  }

  /** Removes and returns the first `n` buffered bytes as a fresh copy. */
  #take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let off = 0;
    while (off < n) {
      const head = this.#chunks[0]!;
      const k = Math.min(head.length, n - off);
      out.set(head.subarray(0, k), off);
      off += k;
      this.#consumeHead(k);
    }
    return out;
  }

  #drop(n: number): void {
    let left = n;
    while (left > 0) {
      const k = Math.min(this.#chunks[0]!.length, left);
      this.#consumeHead(k);
      left -= k;
    }
  }

  #consumeHead(k: number): void {
    const head = this.#chunks[0]!;
    if (k === head.length) this.#chunks.shift();
    else this.#chunks[0] = head.subarray(k);
    this.#buffered -= k;
  }
}

function truncated(): NetworkError {
  return malformed('stream ended inside a frame');
}

function malformed(reason: string): NetworkError {
  return new NetworkError({ code: 'PROTOCOL', peerId: '', protocol: '', reason }, `malformed frame: ${reason}`);
}
