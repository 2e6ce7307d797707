import { concatBytes } from '../hashing.ts';
import { encodeCompact, encodeU32, encodeU64 } from '../scale.ts';
import { SignatureVerifier } from '../verifySignature.ts';
import { ByteReader, decodeWith } from './byteReader.ts';
import { checkBytes, checkU32, checkU64 } from './checkFields.ts';
import { ConsensusMessageError } from './ConsensusMessageError.ts';
import { voteSigningBytes } from './signingBytes.ts';
import type { CommitCertificate, CommitSignature, ConsensusValidator, SignedVote } from './types.ts';

const PRECOMMIT_SIZE = 32 + 64;

/**
 * SCALE encoding of a commit certificate (`SpindleCommit` in `polkadotTypes.ts`):
 * `height u64 ‖ round u32 ‖ blockHash [u8;32] ‖ Compact<n> ‖ n × (validator [u8;32] ‖ signature [u8;64])`,
 * the precommits sorted by validator public key (bytewise ascending), so one set of signatures has one encoding.
 * Throws `MALFORMED` when a field is out of its type.
 */
export function encodeCommit(cert: CommitCertificate): Uint8Array {
  checkU64(cert.height, 'height');
  checkU32(cert.round, 'round');
  checkBytes(cert.blockHash, 32, 'blockHash');
  for (const p of cert.precommits) {
    checkBytes(p.validator, 32, 'precommit validator');
    checkBytes(p.signature, 64, 'precommit signature');
  }
  const sorted = [...cert.precommits].sort((a, b) => Buffer.compare(a.validator, b.validator));
  return concatBytes(
    encodeU64(cert.height),
    encodeU32(cert.round),
    cert.blockHash,
    encodeCompact(sorted.length),
    ...sorted.flatMap((p) => [p.validator, p.signature]),
  );
}

/**
 * Decodes exactly one commit certificate; any defect is `MALFORMED`, including precommits out of
 * canonical order. Two entries of one validator decode (and `verifyCommit` refuses them as `DUPLICATE_SIGNER`).
 */
export function decodeCommit(bytes: Uint8Array): CommitCertificate {
  return decodeWith('commit certificate', () => {
    const reader = new ByteReader(bytes, 'commit certificate');
    const height = reader.u64();
    const round = reader.u32();
    const blockHash = reader.take(32);
    const count = reader.compactLength(PRECOMMIT_SIZE);
    const precommits: CommitSignature[] = [];
    for (let i = 0; i < count; i++) {
      const validator = reader.take(32);
      const previous = precommits[i - 1];
      if (previous !== undefined && Buffer.compare(previous.validator, validator) > 0) {
        throw new ConsensusMessageError('MALFORMED', 'commit certificate: precommits are not sorted by validator key');
      }
      precommits.push({ validator, signature: reader.take(64) });
    }
    reader.end();
    return { height, round, blockHash, precommits };
  });
}

/**
 * Builds the certificate of `blockHash` from received precommits (already verified one by one).
 * Throws `MISMATCH` when one of them is not a precommit for (height, round, blockHash).
 */
export function commitFromPrecommits(height: bigint, round: number, blockHash: Uint8Array, precommits: readonly SignedVote[]): CommitCertificate {
  for (const v of precommits) {
    if (v.type !== 'precommit' || v.height !== height || v.round !== round || v.blockHash === null || !Buffer.from(v.blockHash).equals(blockHash)) {
      throw new ConsensusMessageError('MISMATCH', `a ${v.type} for another height, round or block`, { validator: v.validator });
    }
  }
  return { height, round, blockHash, precommits: precommits.map((v) => ({ validator: v.validator, signature: v.signature })) };
}

export interface VerifyCommitOptions {
  /** The chain the precommits must have been signed for. */
  readonly genesisHash: Uint8Array;
  /** The validator set of `height`. */
  readonly validators: readonly ConsensusValidator[];
  /** The block the certificate must finalize. */
  readonly blockHash: Uint8Array;
  readonly height: bigint;
  /** Reused across calls for its key cache; a fresh one by default. */
  readonly verifier?: SignatureVerifier;
}

/**
 * Checks that `cert` proves `blockHash` final at `height`: it is about that block (`MISMATCH`
 * otherwise), every precommit is by a distinct (`DUPLICATE_SIGNER`) member of the set
 * (`UNKNOWN_VALIDATOR`) and verifies over the precommit signing bytes of (height, cert.round,
 * blockHash) for this chain (`BAD_SIGNATURE`), and the signers carry strictly more than 2/3 of the
 * total power (`INSUFFICIENT_POWER`). Every signature is checked, even past the threshold.
 *
 * @example
 * const { signedPower, totalPower } = verifyCommit(cert, { genesisHash, validators, blockHash, height: 7n });
 */
export function verifyCommit(cert: CommitCertificate, options: VerifyCommitOptions): { signedPower: bigint; totalPower: bigint } {
  const { genesisHash, validators, blockHash, height } = options;
  const verifier = options.verifier ?? new SignatureVerifier();
  checkBytes(blockHash, 32, 'expected blockHash');
  checkBytes(cert.blockHash, 32, 'blockHash');
  if (cert.height !== height) throw new ConsensusMessageError('MISMATCH', `the commit is for height ${cert.height}, not ${height}`);
  if (!Buffer.from(cert.blockHash).equals(blockHash)) throw new ConsensusMessageError('MISMATCH', 'the commit is for another block');
  const message = voteSigningBytes(genesisHash, { type: 'precommit', height, round: cert.round, blockHash });

  const power = new Map<string, bigint>();
  let totalPower = 0n;
  for (const v of validators) {
    const key = Buffer.from(v.publicKey).toString('hex');
    if (power.has(key)) throw new ConsensusMessageError('MALFORMED', 'the validator set lists a key twice', { validator: v.publicKey });
    power.set(key, v.power);
    totalPower += v.power;
  }

  const seen = new Set<string>();
  let signedPower = 0n;
  for (const p of cert.precommits) {
    checkBytes(p.validator, 32, 'precommit validator');
    checkBytes(p.signature, 64, 'precommit signature');
    const key = Buffer.from(p.validator).toString('hex');
    if (seen.has(key)) throw new ConsensusMessageError('DUPLICATE_SIGNER', 'a validator signed the commit twice', { validator: p.validator });
    seen.add(key);
    const weight = power.get(key);
    if (weight === undefined) throw new ConsensusMessageError('UNKNOWN_VALIDATOR', 'a commit signer is not a validator', { validator: p.validator });
    if (!verifier.verify({ type: 'Ed25519', signature: p.signature }, message, p.validator)) {
      throw new ConsensusMessageError('BAD_SIGNATURE', 'bad precommit signature in the commit (or signed for another chain)', { validator: p.validator });
    }
    signedPower += weight;
  }
  if (signedPower * 3n <= totalPower * 2n) {
    throw new ConsensusMessageError('INSUFFICIENT_POWER', `precommits carry ${signedPower} of ${totalPower} power; more than 2/3 is needed`);
  }
  return { signedPower, totalPower };
}
