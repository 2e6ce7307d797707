/**
 * The key layout of the `wal` column. Three key spaces, told apart by the first byte; all integers
 * big-endian so that byte order is numeric order.
 *
 *   0x00 ‖ id                                     meta: 0x01 lastEnded, 0x02 nextSequence, 0x03 prunedBelow (value u64be)
 *   0x01 ‖ height:u64 ‖ sequence:u64               log record (walEntryCodec), iterated in (height, sequence) order
 *   0x02 ‖ height:u64 ‖ round:u32 ‖ slot:u8       own-signature index (slot 0 proposal, 1 prevote, 2 precommit);
 *                                                  the value is the own vote/proposal record itself
 */
export const META_PREFIX = 0x00;
export const LOG_PREFIX = 0x01;
export const OWN_PREFIX = 0x02;

export const LOG_KEY_LENGTH = 1 + 8 + 8;
export const OWN_KEY_LENGTH = 1 + 8 + 4 + 1;

export type MetaId = 'lastEnded' | 'nextSequence' | 'prunedBelow';
const META_IDS: Readonly<Record<MetaId, number>> = { lastEnded: 1, nextSequence: 2, prunedBelow: 3 };

export function metaKey(id: MetaId): Uint8Array {
  return Uint8Array.of(META_PREFIX, META_IDS[id]);
}

export function logKey(height: bigint, sequence: bigint): Uint8Array {
  const key = new Uint8Array(LOG_KEY_LENGTH);
  const view = new DataView(key.buffer);
  key[0] = LOG_PREFIX;
  view.setBigUint64(1, height, false);
  view.setBigUint64(9, sequence, false);
  return key;
}

/** The smallest log key of `height`: iteration from here visits `height` and above. */
export function logKeyFrom(height: bigint): Uint8Array {
  const key = new Uint8Array(1 + 8);
  key[0] = LOG_PREFIX;
  new DataView(key.buffer).setBigUint64(1, height, false);
  return key;
}

/** Height and sequence of a log key, or undefined when the key does not have the log key shape. */
export function parseLogKey(key: Uint8Array): { height: bigint; sequence: bigint } | undefined {
  if (key.length !== LOG_KEY_LENGTH || key[0] !== LOG_PREFIX) return undefined;
  const view = new DataView(key.buffer, key.byteOffset, key.length);
  return { height: view.getBigUint64(1, false), sequence: view.getBigUint64(9, false) };
}

/** Which signature of a round an own-signature key stands for. */
export type OwnSlot = 'proposal' | 'prevote' | 'precommit';
const SLOTS: Readonly<Record<OwnSlot, number>> = { proposal: 0, prevote: 1, precommit: 2 };

export function ownKey(height: bigint, round: number, slot: OwnSlot): Uint8Array {
  const key = new Uint8Array(OWN_KEY_LENGTH);
  const view = new DataView(key.buffer);
  key[0] = OWN_PREFIX;
  view.setBigUint64(1, height, false);
  view.setUint32(9, round, false);
  key[13] = SLOTS[slot];
  return key;
}

/** The smallest own-signature key of `height`. */
export function ownKeyFrom(height: bigint): Uint8Array {
  const key = new Uint8Array(1 + 8);
  key[0] = OWN_PREFIX;
  new DataView(key.buffer).setBigUint64(1, height, false);
  return key;
}

/** The height of an own-signature key, or undefined when the key does not have that shape. */
export function parseOwnKeyHeight(key: Uint8Array): bigint | undefined {
  if (key.length !== OWN_KEY_LENGTH || key[0] !== OWN_PREFIX) return undefined;
  return new DataView(key.buffer, key.byteOffset, key.length).getBigUint64(1, false);
}

export function encodeU64BE(n: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n, false);
  return out;
}

/** A u64 meta value, or undefined when it is not 8 bytes. */
export function decodeU64BE(bytes: Uint8Array): bigint | undefined {
  if (bytes.length !== 8) return undefined;
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, false);
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
