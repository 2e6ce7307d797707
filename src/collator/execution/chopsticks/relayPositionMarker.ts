import { hexToU8a, isHex, stringToU8a, u8aToHex, u8aToString } from '@polkadot/util';

/** The relay position a feed writes into the app chain (a `system.remark` ending each block it builds). */
export interface RelayPositionMarker {
  readonly paraId: number;
  readonly relayBlockNumber: bigint;
  readonly relayBlockHash: Uint8Array;
}

const PREFIX = 'spindle:v1:';

/**
 * The remark bytes: UTF-8 `spindle:v1:<paraId>:<relayBlockNumber>:<relayBlockHash hex>`.
 *
 * @example
 * u8aToString(encodeRelayPositionMarker({ paraId: 2000, relayBlockNumber: 7n, relayBlockHash: new Uint8Array(32) }));
 * // 'spindle:v1:2000:7:0x0000…00'
 */
export function encodeRelayPositionMarker(marker: RelayPositionMarker): Uint8Array {
  return stringToU8a(`${PREFIX}${marker.paraId}:${marker.relayBlockNumber}:${u8aToHex(marker.relayBlockHash)}`);
}

/** Parses remark bytes written by {@link encodeRelayPositionMarker}; `undefined` for anything else. */
export function decodeRelayPositionMarker(bytes: Uint8Array): RelayPositionMarker | undefined {
  if (bytes.length > 200) return undefined;
  const text = u8aToString(bytes);
  if (!text.startsWith(PREFIX)) return undefined;
  const parts = text.slice(PREFIX.length).split(':');
  if (parts.length !== 3) return undefined;
  const [para, relay, hash] = parts as [string, string, string];
  if (!/^(0|[1-9]\d{0,9})$/.test(para) || !/^(0|[1-9]\d*)$/.test(relay) || !isHex(hash) || hash.length !== 66) return undefined;
  const paraId = Number(para);
  if (paraId > 0xffff_ffff) return undefined;
  return { paraId, relayBlockNumber: BigInt(relay), relayBlockHash: hexToU8a(hash) };
}
