/**
 * Why a consensus message, commit certificate or sealed header was refused.
 *
 * - `MALFORMED`: bytes that do not decode (truncated, trailing bytes, unknown tag, non-canonical
 *   order), or a value outside its type (a 31-byte hash, a negative round).
 * - `BAD_SIGNATURE`: the ed25519 signature does not verify over this chain's signing bytes. A
 *   message signed for another chain (another genesis hash) fails here too: the message does not
 *   name its chain, so the two cannot be told apart from the signature alone.
 * - `WRONG_CHAIN`: reserved for callers that compare a peer's announced genesis hash with ours
 *   (a network handshake); no function of this folder produces it.
 * - `UNKNOWN_VALIDATOR`: the signer is not in the validator set (or a proposer index is out of range).
 * - `INSUFFICIENT_POWER`: a commit's valid precommits carry at most 2/3 of the total power.
 * - `DUPLICATE_SIGNER`: a validator appears twice in one commit.
 * - `MISMATCH`: the object is about another height, round or block than the one asked about.
 */
export type ConsensusMessageErrorCode =
  | 'MALFORMED'
  | 'BAD_SIGNATURE'
  | 'WRONG_CHAIN'
  | 'UNKNOWN_VALIDATOR'
  | 'INSUFFICIENT_POWER'
  | 'DUPLICATE_SIGNER'
  | 'MISMATCH';

export class ConsensusMessageError extends Error {
  override readonly name = 'ConsensusMessageError';
  /** Hex public key of the validator the error is about, when there is one. */
  readonly validator: string | undefined;

  constructor(
    readonly code: ConsensusMessageErrorCode,
    message: string,
    data: { readonly validator?: Uint8Array; readonly cause?: unknown } = {},
  ) {
    super(message, data.cause === undefined ? undefined : { cause: data.cause });
    this.validator = data.validator === undefined ? undefined : `0x${Buffer.from(data.validator).toString('hex')}`;
  }
}
