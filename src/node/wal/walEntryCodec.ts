/**
 * The binary format of one WAL record (the value stored under a log key or an own-signature key).
 * SCALE-like: little-endian fixed-width integers, Compact<u32> length prefixes, 0/1 option tags.
 *
 *   record      := version:u8 (= 1) ‖ body ‖ crc:u32le        crc = CRC-32 (IEEE) of version ‖ body
 *   body        := tag:u8 ‖ fields
 *     tag 0 input        height:u64le ‖ data:Bytes
 *     tag 1 ownVote      height:u64le ‖ round:u32le ‖ step:u8 (0 prevote, 1 precommit) ‖ blockHash:Option<Bytes> ‖ signed:Bytes
 *     tag 2 ownProposal  height:u64le ‖ round:u32le ‖ blockHash:Bytes ‖ signed:Bytes
 *     tag 3 endHeight    height:u64le
 *   Bytes       := Compact<u32> length ‖ that many bytes     (canonical compact encoding only)
 *   Option<X>   := 0x00 | 0x01 ‖ X
 *
 * Decoding accepts exactly this: any other version, tag, step, option byte, a non-canonical or
 * overlong length, missing or trailing bytes, or a checksum mismatch is CORRUPT. The CRC detects
 * every error burst of up to 32 bits, so any single changed byte is caught.
 */
import { crc32 } from './crc32.ts';
import type { OwnVoteStep, WalEntry } from './WalEntry.ts';
import { WalError } from './WalError.ts';

export const WAL_RECORD_VERSION = 1;

const TAG = { input: 0, ownVote: 1, ownProposal: 2, endHeight: 3 } as const;
const STEPS: readonly OwnVoteStep[] = ['prevote', 'precommit'];
const U64_MAX = (1n << 64n) - 1n;
const U32_MAX = 0xffff_ffff;

/** Encodes a record. Throws WalError INVALID_ARGUMENT for out-of-range fields. */
export function encodeWalEntry(entry: WalEntry): Uint8Array {
  const w = new Writer();
  w.u8(WAL_RECORD_VERSION);
  w.u8(TAG[entry.kind]);
  w.u64(checkHeight(entry.height));
  switch (entry.kind) {
    case 'input':
      w.bytes(checkBytes(entry.data, 'data'));
      break;
    case 'ownVote': {
      w.u32(checkRound(entry.round));
      const step = STEPS.indexOf(entry.step);
      if (step < 0) throw invalid('step', `not prevote/precommit: ${String(entry.step)}`);
      w.u8(step);
      if (entry.blockHash === null) w.u8(0);
      else {
        w.u8(1);
        w.bytes(checkBytes(entry.blockHash, 'blockHash'));
      }
      w.bytes(checkBytes(entry.signed, 'signed'));
      break;
    }
    case 'ownProposal':
      w.u32(checkRound(entry.round));
      w.bytes(checkBytes(entry.blockHash, 'blockHash'));
      w.bytes(checkBytes(entry.signed, 'signed'));
      break;
    case 'endHeight':
      break;
    default:
      throw invalid('kind', `unknown entry kind ${JSON.stringify((entry as { kind: unknown }).kind)}`);
  }
  const head = w.finish();
  const out = new Uint8Array(head.length + 4);
  out.set(head);
  new DataView(out.buffer).setUint32(head.length, crc32(head), true);
  return out;
}

/**
 * Decodes a record stored under `key` (hex, for the error). Throws WalError CORRUPT with the reason
 * when the bytes are not exactly one valid record. The returned byte arrays are fresh copies.
 */
export function decodeWalEntry(record: Uint8Array, key: string): WalEntry {
  const corrupt = (reason: string): WalError => new WalError({ code: 'CORRUPT', key, reason });
  if (record.length < 1 + 1 + 8 + 4) throw corrupt(`record too short (${record.length} bytes)`);
  const view = new DataView(record.buffer, record.byteOffset, record.length);
  const bodyEnd = record.length - 4;
  if (crc32(record.subarray(0, bodyEnd)) !== view.getUint32(bodyEnd, true)) throw corrupt('checksum mismatch');
  const r = new Reader(record.subarray(0, bodyEnd), corrupt);
  const version = r.u8();
  if (version !== WAL_RECORD_VERSION) throw corrupt(`unknown record version ${version}`);
  const tag = r.u8();
  const height = r.u64();
  let entry: WalEntry;
  switch (tag) {
    case TAG.input:
      entry = { kind: 'input', height, data: r.bytes() };
      break;
    case TAG.ownVote: {
      const round = r.u32();
      const stepByte = r.u8();
      const step = STEPS[stepByte];
      if (step === undefined) throw corrupt(`unknown vote step ${stepByte}`);
      const blockHash = r.option(() => r.bytes());
      entry = { kind: 'ownVote', height, round, step, blockHash, signed: r.bytes() };
      break;
    }
    case TAG.ownProposal: {
      const round = r.u32();
      const blockHash = r.bytes();
      entry = { kind: 'ownProposal', height, round, blockHash, signed: r.bytes() };
      break;
    }
    case TAG.endHeight:
      entry = { kind: 'endHeight', height };
      break;
    default:
      throw corrupt(`unknown entry tag ${tag}`);
  }
  r.end();
  return entry;
}

function invalid(field: string, reason: string): WalError {
  return new WalError({ code: 'INVALID_ARGUMENT', field, reason });
}

function checkHeight(height: bigint): bigint {
  if (typeof height !== 'bigint' || height < 0n || height > U64_MAX) throw invalid('height', `not a u64: ${String(height)}`);
  return height;
}

function checkRound(round: number): number {
  if (!Number.isInteger(round) || round < 0 || round > U32_MAX) throw invalid('round', `not a u32: ${String(round)}`);
  return round;
}

function checkBytes(bytes: Uint8Array, field: string): Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw invalid(field, 'not a Uint8Array');
  if (bytes.length > U32_MAX) throw invalid(field, `longer than ${U32_MAX} bytes`);
  return bytes;
}

/** Appends into a list of chunks, concatenated once. */
class Writer {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  u8(n: number): void {
    this.push(Uint8Array.of(n));
  }

  u32(n: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n, true);
    this.push(b);
  }

  u64(n: bigint): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, n, true);
    this.push(b);
  }

  /** Compact<u32> length, then the bytes. */
  bytes(data: Uint8Array): void {
    const n = data.length;
    if (n < 1 << 6) this.u8(n << 2);
    else if (n < 1 << 14) {
      const b = new Uint8Array(2);
      new DataView(b.buffer).setUint16(0, (n << 2) | 1, true);
      this.push(b);
    } else if (n < 1 << 30) this.u32(((n << 2) | 2) >>> 0);
    else {
      this.u8(3); // big-integer mode, (3 >> 2) + 4 = 4 bytes follow
      this.u32(n);
    }
    this.push(data);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  private push(b: Uint8Array): void {
    this.chunks.push(b);
    this.size += b.length;
  }
}

/** Reads fields in order; every shortfall or malformed field throws the given CORRUPT error. */
class Reader {
  private at = 0;
  private readonly view: DataView;

  constructor(
    private readonly buf: Uint8Array,
    private readonly corrupt: (reason: string) => WalError,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.length);
  }

  u8(): number {
    this.need(1);
    return this.view.getUint8(this.at++);
  }

  u32(): number {
    this.need(4);
    const n = this.view.getUint32(this.at, true);
    this.at += 4;
    return n;
  }

  u64(): bigint {
    this.need(8);
    const n = this.view.getBigUint64(this.at, true);
    this.at += 8;
    return n;
  }

  /** Canonical Compact<u32> length, then a copy of that many bytes. */
  bytes(): Uint8Array {
    const first = this.u8();
    let n: number;
    switch (first & 3) {
      case 0:
        n = first >>> 2;
        break;
      case 1:
        this.at--;
        this.need(2);
        n = this.view.getUint16(this.at, true) >>> 2;
        this.at += 2;
        if (n < 1 << 6) throw this.corrupt('non-canonical compact length');
        break;
      case 2:
        this.at--;
        n = this.u32() >>> 2;
        if (n < 1 << 14) throw this.corrupt('non-canonical compact length');
        break;
      default:
        if (first !== 3) throw this.corrupt('compact length wider than u32');
        n = this.u32();
        if (n < 1 << 30) throw this.corrupt('non-canonical compact length');
    }
    this.need(n);
    const out = new Uint8Array(this.buf.subarray(this.at, this.at + n)); // a copy, even if buf is a Buffer
    this.at += n;
    return out;
  }

  option<T>(read: () => T): T | null {
    const flag = this.u8();
    if (flag === 0) return null;
    if (flag === 1) return read();
    throw this.corrupt(`invalid option tag ${flag}`);
  }

  end(): void {
    if (this.at !== this.buf.length) throw this.corrupt(`${this.buf.length - this.at} trailing bytes`);
  }

  private need(n: number): void {
    if (this.buf.length - this.at < n) throw this.corrupt(`truncated: needs ${n} more bytes at offset ${this.at}`);
  }
}
