import { ConsensusMessageError } from './ConsensusMessageError.ts';

/** Field checks for values about to be encoded or signed: each failure is `MALFORMED`. */

const U64_MAX = (1n << 64n) - 1n;
const U32_MAX = 2 ** 32 - 1;

export function checkU64(value: bigint, name: string): void {
  if (typeof value !== 'bigint' || value < 0n || value > U64_MAX) throw new ConsensusMessageError('MALFORMED', `${name} must be a u64 bigint`);
}

export function checkU32(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > U32_MAX) throw new ConsensusMessageError('MALFORMED', `${name} must be a u32`);
}

/** `-1` (none) or a round before `round`, as the Tendermint paper requires of a proposal's valid round. */
export function checkValidRound(validRound: number, round: number): void {
  if (!Number.isInteger(validRound) || validRound < -1 || (validRound >= round && validRound !== -1)) {
    throw new ConsensusMessageError('MALFORMED', `validRound ${validRound} must be -1 or in [0, round ${round})`);
  }
}

export function checkBytes(value: Uint8Array, length: number, name: string): void {
  if (!(value instanceof Uint8Array) || value.length !== length) {
    throw new ConsensusMessageError('MALFORMED', `${name} must be ${length} bytes`);
  }
}

export function checkVoteType(type: string): void {
  if (type !== 'prevote' && type !== 'precommit') throw new ConsensusMessageError('MALFORMED', `unknown vote type ${String(type)}`);
}
