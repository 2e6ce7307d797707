import { concatBytes } from '../hashing.ts';
import { encodeBytes, encodeCompact } from '../scale.ts';
import { ByteReader, decodeWith } from './byteReader.ts';
import { ConsensusMessageError } from './ConsensusMessageError.ts';
import { decodeCommit, encodeCommit, verifyCommit, type VerifyCommitOptions } from './commitCertificate.ts';
import { spindleEngineId } from './spindleEngine.ts';
import type { CommitCertificate } from './types.ts';

/** One entry of Substrate's `Justifications`: `(ConsensusEngineId, EncodedJustification)`. */
export interface JustificationEntry {
  readonly engineId: Uint8Array;
  readonly data: Uint8Array;
}

/**
 * Substrate's `Justifications = Vec<([u8;4], Vec<u8>)>` holding each certificate under engine `SPDL`:
 * `Compact<n> ‖ n × ("SPDL" ‖ Compact<len> ‖ encodeCommit(cert))`. A block normally has exactly one.
 */
export function encodeJustifications(certs: readonly CommitCertificate[]): Uint8Array {
  return concatBytes(encodeCompact(certs.length), ...certs.flatMap((cert) => [spindleEngineId(), encodeBytes(encodeCommit(cert))]));
}

/** All entries of an encoded `Justifications`, whatever their engine; any defect is `MALFORMED`. */
export function decodeJustificationEntries(bytes: Uint8Array): JustificationEntry[] {
  return decodeWith('justifications', () => {
    const reader = new ByteReader(bytes, 'justifications');
    const count = reader.compactLength(5);
    const entries: JustificationEntry[] = [];
    for (let i = 0; i < count; i++) entries.push({ engineId: reader.take(4), data: reader.bytesVec() });
    reader.end();
    return entries;
  });
}

/**
 * The `SPDL` commit certificates of an encoded `Justifications`, in order; entries of other
 * engines are skipped. Any defect (in the list or in an SPDL entry) is `MALFORMED`.
 */
export function decodeJustifications(bytes: Uint8Array): CommitCertificate[] {
  return decodeJustificationEntries(bytes)
    .filter((e) => Buffer.from(e.engineId).equals(spindleEngineId()))
    .map((e) => decodeCommit(e.data));
}

/**
 * Decodes a block's justifications and verifies its `SPDL` certificate (see `verifyCommit`);
 * returns the certificate. `MALFORMED` when there is none or more than one.
 */
export function verifyJustifications(bytes: Uint8Array, options: VerifyCommitOptions): CommitCertificate {
  const certs = decodeJustifications(bytes);
  if (certs.length !== 1) throw new ConsensusMessageError('MALFORMED', `justifications hold ${certs.length} SPDL certificates, 1 expected`);
  const cert = certs[0]!;
  verifyCommit(cert, options);
  return cert;
}
