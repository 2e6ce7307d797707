import { ConnectorError } from './ConnectorError.ts';

const HEX_BYTES = /^0x(?:[0-9a-fA-F]{2})*$/;

/** A node's list of `0x` hex byte strings (e.g. `author_pendingExtrinsics`) as bytes; BAD_RESPONSE otherwise. */
export function parseHexList(value: unknown, method: string): Uint8Array[] {
  if (!Array.isArray(value)) throw new ConnectorError('BAD_RESPONSE', `${method} answered ${typeof value}, expected an array of hex strings`);
  return value.map((item, i) => parseHexBytes(item, `${method}[${i}]`));
}

/** One `0x` hex byte string as bytes; BAD_RESPONSE otherwise. */
export function parseHexBytes(value: unknown, what: string): Uint8Array {
  if (typeof value !== 'string' || !HEX_BYTES.test(value)) {
    throw new ConnectorError('BAD_RESPONSE', `${what} is not 0x-prefixed hex bytes`);
  }
  return Uint8Array.from(Buffer.from(value.slice(2), 'hex'));
}

export function toHex(bytes: Uint8Array): `0x${string}` {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}
