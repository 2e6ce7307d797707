import type { DigestItem, Header } from '../header.ts';
import { concatBytes } from '../hashing.ts';
import { encodeU32 } from '../scale.ts';
import { ByteReader, decodeWith } from './byteReader.ts';
import { checkU32 } from './checkFields.ts';
import { ConsensusMessageError } from './ConsensusMessageError.ts';
import { SPINDLE_ENGINE } from './spindleEngine.ts';

/** Who proposed a block, in which round: the payload of the `PreRuntime` `SPDL` digest item. */
export interface PreDigest {
  readonly round: number;
  /** Index of the proposer in the height's validator set, in the order the session pallet stores it. */
  readonly proposerIndex: number;
}

/** The `PreRuntime` digest item, engine `SPDL`, data `round u32 ‖ proposerIndex u32` (`SpindlePreDigest`). */
export function encodePreDigest(pre: PreDigest): DigestItem {
  checkU32(pre.round, 'round');
  checkU32(pre.proposerIndex, 'proposerIndex');
  return { type: 'PreRuntime', engine: SPINDLE_ENGINE, data: concatBytes(encodeU32(pre.round), encodeU32(pre.proposerIndex)) };
}

/**
 * The `SPDL` pre-runtime digest of `header`, or null when it has none (genesis).
 * `MALFORMED` when there are two or the payload is not 8 bytes.
 */
export function decodePreDigest(header: Pick<Header, 'digest'>): PreDigest | null {
  const items = header.digest.filter((d): d is Extract<DigestItem, { type: 'PreRuntime' }> => d.type === 'PreRuntime' && d.engine === SPINDLE_ENGINE);
  if (items.length === 0) return null;
  if (items.length > 1) throw new ConsensusMessageError('MALFORMED', `header has ${items.length} SPDL pre-runtime digests`);
  const item = items[0]!;
  return decodeWith('SPDL pre-runtime digest', () => {
    const reader = new ByteReader(item.data, 'SPDL pre-runtime digest');
    const pre = { round: reader.u32(), proposerIndex: reader.u32() };
    reader.end();
    return pre;
  });
}
