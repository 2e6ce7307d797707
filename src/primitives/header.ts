import { u8aToHex } from '@polkadot/util';
import { blake2_256, concatBytes } from './hashing.ts';
import { decodeBytes, decodeCompact, encodeBytes, encodeCompact, ScaleError } from './scale.ts';

/** `sp_runtime::generic::DigestItem`, with Substrate's variant indices. */
export type DigestItem =
  | { readonly type: 'PreRuntime'; readonly engine: string; readonly data: Uint8Array }
  | { readonly type: 'Consensus'; readonly engine: string; readonly data: Uint8Array }
  | { readonly type: 'Seal'; readonly engine: string; readonly data: Uint8Array }
  | { readonly type: 'Other'; readonly data: Uint8Array }
  | { readonly type: 'RuntimeEnvironmentUpdated' };

/** `sp_runtime::generic::Header<u32, BlakeTwo256>`; the block hash is blake2_256 of its encoding. */
export interface Header {
  readonly parentHash: Uint8Array;
  readonly number: bigint;
  readonly stateRoot: Uint8Array;
  readonly extrinsicsRoot: Uint8Array;
  readonly digest: readonly DigestItem[];
}

const DIGEST_INDEX = { Other: 0, Consensus: 4, Seal: 5, PreRuntime: 6, RuntimeEnvironmentUpdated: 8 } as const;

export function engineId(engine: string): Uint8Array {
  const bytes = new TextEncoder().encode(engine);
  if (bytes.length !== 4) throw new ScaleError('INVALID_VALUE', `consensus engine id must be 4 bytes: ${engine}`);
  return bytes;
}

export function encodeDigestItem(item: DigestItem): Uint8Array {
  switch (item.type) {
    case 'Other':
      return concatBytes(Uint8Array.of(DIGEST_INDEX.Other), encodeBytes(item.data));
    case 'RuntimeEnvironmentUpdated':
      return Uint8Array.of(DIGEST_INDEX.RuntimeEnvironmentUpdated);
    default:
      return concatBytes(Uint8Array.of(DIGEST_INDEX[item.type]), engineId(item.engine), encodeBytes(item.data));
  }
}

function decodeDigestItem(bytes: Uint8Array, offset: number): { item: DigestItem; length: number } {
  const tag = bytes[offset];
  const start = offset + 1;
  switch (tag) {
    case DIGEST_INDEX.Other: {
      const data = decodeBytes(bytes, start);
      return { item: { type: 'Other', data: data.value.slice() }, length: 1 + data.length };
    }
    case DIGEST_INDEX.RuntimeEnvironmentUpdated:
      return { item: { type: 'RuntimeEnvironmentUpdated' }, length: 1 };
    case DIGEST_INDEX.Consensus:
    case DIGEST_INDEX.Seal:
    case DIGEST_INDEX.PreRuntime: {
      if (start + 4 > bytes.length) throw new ScaleError('UNEXPECTED_END', 'digest engine id truncated');
      const engine = new TextDecoder().decode(bytes.subarray(start, start + 4));
      const data = decodeBytes(bytes, start + 4);
      const type = tag === DIGEST_INDEX.Consensus ? 'Consensus' : tag === DIGEST_INDEX.Seal ? 'Seal' : 'PreRuntime';
      return { item: { type, engine, data: data.value.slice() }, length: 5 + data.length };
    }
    default:
      throw new ScaleError('INVALID_VARIANT', `unknown digest item variant ${String(tag)}`);
  }
}

export function encodeHeader(header: Header): Uint8Array {
  return concatBytes(
    header.parentHash,
    encodeCompact(header.number),
    header.stateRoot,
    header.extrinsicsRoot,
    encodeCompact(header.digest.length),
    ...header.digest.map(encodeDigestItem),
  );
}

export function decodeHeader(bytes: Uint8Array): Header {
  const { header, length } = decodeHeaderAt(bytes, 0);
  if (length !== bytes.length) throw new ScaleError('TRAILING_BYTES', 'header has trailing bytes');
  return header;
}

/** Decodes a header that starts at `offset` of a larger buffer (a block). */
export function decodeHeaderAt(bytes: Uint8Array, offset: number): { header: Header; length: number } {
  let at = offset;
  const take = (n: number): Uint8Array => {
    if (at + n > bytes.length) throw new ScaleError('UNEXPECTED_END', 'header truncated');
    const out = bytes.slice(at, at + n);
    at += n;
    return out;
  };
  const parentHash = take(32);
  const number = decodeCompact(bytes, at);
  at += number.length;
  const stateRoot = take(32);
  const extrinsicsRoot = take(32);
  const count = decodeCompact(bytes, at);
  at += count.length;
  const digest: DigestItem[] = [];
  for (let i = 0n; i < count.value; i++) {
    const d = decodeDigestItem(bytes, at);
    digest.push(d.item);
    at += d.length;
  }
  return { header: { parentHash, number: number.value, stateRoot, extrinsicsRoot, digest }, length: at - offset };
}

export function hashHeader(header: Header): Uint8Array {
  return blake2_256(encodeHeader(header));
}

/** The JSON shape Substrate's RPC gives a header (`chain_getHeader`). */
export interface HeaderJson {
  parentHash: string;
  number: string;
  stateRoot: string;
  extrinsicsRoot: string;
  digest: { logs: string[] };
}

export function headerToJson(header: Header): HeaderJson {
  return {
    parentHash: u8aToHex(header.parentHash),
    number: `0x${header.number.toString(16)}`,
    stateRoot: u8aToHex(header.stateRoot),
    extrinsicsRoot: u8aToHex(header.extrinsicsRoot),
    digest: { logs: header.digest.map((d) => u8aToHex(encodeDigestItem(d))) },
  };
}
