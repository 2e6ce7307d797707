import { decodeBytes, decodeCompact, ScaleError } from '../../primitives/scale.ts';

/**
 * One justification as Substrate's serde writes `(ConsensusEngineId, EncodedJustification)`:
 * the 4-byte engine id and the justification both as arrays of byte values (they are a plain
 * `[u8; 4]` and `Vec<u8>`, not hex `Bytes`).
 */
export type JustificationJson = [number[], number[]];

/**
 * Decodes SCALE `Justifications` (`Vec<(ConsensusEngineId, Vec<u8>)>`) into the JSON of
 * `chain_getBlock`'s `justifications`.
 *
 * @example
 * justificationsJson(encoded) // [[[70,82,78,75],[1,2,3]]]
 */
export function justificationsJson(encoded: Uint8Array): JustificationJson[] {
  const count = decodeCompact(encoded, 0);
  let at = count.length;
  const out: JustificationJson[] = [];
  for (let i = 0n; i < count.value; i++) {
    if (at + 4 > encoded.length) throw new ScaleError('UNEXPECTED_END', 'justification engine id truncated');
    const engine = [...encoded.subarray(at, at + 4)];
    const data = decodeBytes(encoded, at + 4);
    out.push([engine, [...data.value]]);
    at += 4 + data.length;
  }
  if (at !== encoded.length) throw new ScaleError('TRAILING_BYTES', 'justifications have trailing bytes');
  return out;
}
