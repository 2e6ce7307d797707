import { decodeCompact } from '../scale.ts';
import { ConsensusMessageError } from './ConsensusMessageError.ts';

/** A bounds-checked cursor over SCALE bytes whose every failure is a `MALFORMED` ConsensusMessageError. */
export class ByteReader {
  #at = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  get remaining(): number {
    return this.bytes.length - this.#at;
  }

  /** A copy of the next `n` bytes. */
  take(n: number): Uint8Array {
    if (n > this.remaining) throw this.#malformed(`truncated: ${n} bytes expected at offset ${this.#at}, ${this.remaining} left`);
    const out = this.bytes.slice(this.#at, this.#at + n);
    this.#at += n;
    return out;
  }

  u8(): number {
    return this.take(1)[0]!;
  }

  u32(): number {
    return Buffer.from(this.take(4)).readUInt32LE(0);
  }

  u64(): bigint {
    return Buffer.from(this.take(8)).readBigUInt64LE(0);
  }

  /** `Compact<u32>` used as a count or length; refuses values that cannot fit in what is left. */
  compactLength(minBytesPerItem: number): number {
    let decoded: { value: bigint; length: number };
    try {
      decoded = decodeCompact(this.bytes, this.#at);
    } catch (cause) {
      throw this.#malformed(`bad compact integer at offset ${this.#at}`, cause);
    }
    this.#at += decoded.length;
    if (decoded.value * BigInt(minBytesPerItem) > BigInt(this.remaining)) {
      throw this.#malformed(`length ${decoded.value} exceeds the ${this.remaining} bytes left`);
    }
    return Number(decoded.value);
  }

  /** `Vec<u8>`. */
  bytesVec(): Uint8Array {
    return this.take(this.compactLength(1));
  }

  /** `Option<[u8; 32]>`. */
  optionHash(): Uint8Array | null {
    const tag = this.u8();
    if (tag === 0) return null;
    if (tag === 1) return this.take(32);
    throw this.#malformed(`bad Option tag ${tag}`);
  }

  /** `Option<u32>`, `None` read as -1. */
  optionU32(): number {
    const tag = this.u8();
    if (tag === 0) return -1;
    if (tag === 1) return this.u32();
    throw this.#malformed(`bad Option tag ${tag}`);
  }

  end(): void {
    if (this.remaining !== 0) throw this.#malformed(`${this.remaining} trailing bytes`);
  }

  #malformed(reason: string, cause?: unknown): ConsensusMessageError {
    return new ConsensusMessageError('MALFORMED', `${this.what}: ${reason}`, cause === undefined ? {} : { cause });
  }
}

/**
 * Runs a decoder and turns anything it throws that is not already a ConsensusMessageError into
 * `MALFORMED`, so decoding untrusted bytes only ever fails with this one error class.
 */
export function decodeWith<T>(what: string, decode: () => T): T {
  try {
    return decode();
  } catch (cause) {
    if (cause instanceof ConsensusMessageError) throw cause;
    throw new ConsensusMessageError('MALFORMED', `${what}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
