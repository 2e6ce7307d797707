import { hashHeader, type Header } from '../header.ts';
import { SignatureVerifier } from '../verifySignature.ts';
import { checkBytes } from './checkFields.ts';
import { ConsensusMessageError } from './ConsensusMessageError.ts';
import { SPINDLE_ENGINE } from './spindleEngine.ts';
import { decodePreDigest } from './preDigest.ts';
import type { ConsensusSigner, ConsensusValidator } from './types.ts';

/**
 * Appends the proposer's seal, as Aura does: the last digest item becomes `Seal("SPDL", signature)`
 * where `signature` is the proposer's ed25519 signature over the 32 raw bytes of
 * `hashHeader(header)`, the hash of the header *without* the seal (the pre-seal hash). The block
 * hash is the hash of the sealed header. Seals carry no domain prefix: a 32-byte message never
 * collides with the longer `SPINDLE/v1/…` signing bytes. `MALFORMED` when `header` is already sealed.
 */
export function sealHeader(header: Header, signer: ConsensusSigner): Header {
  if (header.digest.at(-1)?.type === 'Seal') throw new ConsensusMessageError('MALFORMED', 'the header is already sealed');
  const signature = signer.sign(hashHeader(header));
  checkBytes(signature, 64, 'signature returned by the signer');
  return { ...header, digest: [...header.digest, { type: 'Seal', engine: SPINDLE_ENGINE, data: signature }] };
}

/** Splits a sealed header into the pre-seal header and its `SPDL` seal signature; `MALFORMED` when the last item is not one. */
export function unsealHeader(header: Header): { header: Header; signature: Uint8Array } {
  const last = header.digest.at(-1);
  if (last === undefined || last.type !== 'Seal' || last.engine !== SPINDLE_ENGINE) {
    throw new ConsensusMessageError('MALFORMED', 'the header does not end with an SPDL seal');
  }
  checkBytes(last.data, 64, 'seal signature');
  return { header: { ...header, digest: header.digest.slice(0, -1) }, signature: last.data };
}

/**
 * Checks the `SPDL` seal of `header` against `publicKey` and returns the pre-seal hash it signs.
 * `MALFORMED` when unsealed, `BAD_SIGNATURE` when the signature does not verify (a tampered header
 * or another signer). Needs `initHashing()`.
 */
export function verifySeal(header: Header, publicKey: Uint8Array, verifier: SignatureVerifier = new SignatureVerifier()): Uint8Array {
  checkBytes(publicKey, 32, 'publicKey');
  const { header: preSeal, signature } = unsealHeader(header);
  const preSealHash = hashHeader(preSeal);
  if (!verifier.verify({ type: 'Ed25519', signature }, preSealHash, publicKey)) {
    throw new ConsensusMessageError('BAD_SIGNATURE', 'the seal does not verify', { validator: publicKey });
  }
  return preSealHash;
}

/**
 * The author of a sealed header: reads its `SPDL` pre-runtime digest, takes that index in
 * `validators` (the height's set, in session order) and verifies the seal with its key.
 * `MALFORMED` without a pre-digest or seal, `UNKNOWN_VALIDATOR` when the index is out of range,
 * `BAD_SIGNATURE` when the seal is not by that validator.
 */
export function verifyAuthor(
  header: Header,
  validators: readonly ConsensusValidator[],
  verifier: SignatureVerifier = new SignatureVerifier(),
): { round: number; proposerIndex: number; proposer: Uint8Array; preSealHash: Uint8Array } {
  const pre = decodePreDigest(header);
  if (pre === null) throw new ConsensusMessageError('MALFORMED', 'the header has no SPDL pre-runtime digest');
  const proposer = validators[pre.proposerIndex];
  if (proposer === undefined) {
    throw new ConsensusMessageError('UNKNOWN_VALIDATOR', `proposer index ${pre.proposerIndex} is outside a set of ${validators.length}`);
  }
  const preSealHash = verifySeal(header, proposer.publicKey, verifier);
  return { round: pre.round, proposerIndex: pre.proposerIndex, proposer: proposer.publicKey, preSealHash };
}
