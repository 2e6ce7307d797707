import { blake2_256, concatBytes } from '../primitives/hashing.ts';
import { decodeHeader, type Header, type HeaderJson } from '../primitives/header.ts';
import { encodeCompact } from '../primitives/scale.ts';

const HASH = /^0x[0-9a-fA-F]{64}$/;
const HEX = /^0x(?:[0-9a-fA-F]{2})*$/;
const NUMBER = /^0x[0-9a-fA-F]{1,8}$/;

/**
 * A header as `chain_getHeader` returns it, re-encoded exactly as the relay hashed it, so that
 * its hash can be compared with the block hash a slice names. Undefined when the JSON does not
 * have the shape of a header.
 *
 * @example
 * const { header, hash } = headerFromJson(await client.call('chain_getHeader', [blockHash]))!;
 */
export function headerFromJson(json: unknown): { header: Header; hash: Uint8Array } | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const j = json as Partial<Record<keyof HeaderJson, unknown>>;
  const logs = (j.digest as { logs?: unknown } | undefined)?.logs;
  if (
    typeof j.parentHash !== 'string' || !HASH.test(j.parentHash) ||
    typeof j.number !== 'string' || !NUMBER.test(j.number) ||
    typeof j.stateRoot !== 'string' || !HASH.test(j.stateRoot) ||
    typeof j.extrinsicsRoot !== 'string' || !HASH.test(j.extrinsicsRoot) ||
    !Array.isArray(logs) || !logs.every((l): l is string => typeof l === 'string' && HEX.test(l))
  ) {
    return undefined;
  }
  const bytes = concatBytes(
    Buffer.from(j.parentHash.slice(2), 'hex'),
    encodeCompact(BigInt(j.number)),
    Buffer.from(j.stateRoot.slice(2), 'hex'),
    Buffer.from(j.extrinsicsRoot.slice(2), 'hex'),
    encodeCompact(logs.length),
    ...logs.map((l) => Buffer.from(l.slice(2), 'hex')),
  );
  try {
    return { header: decodeHeader(bytes), hash: blake2_256(bytes) };
  } catch {
    return undefined;
  }
}
