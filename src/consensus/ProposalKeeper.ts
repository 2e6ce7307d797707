import { admitFutureRound } from './admitFutureRound.ts';
import type { Proposal } from './types.ts';

/** A proposal as stored, with the host's verdict on its value. */
export interface StoredProposal {
  readonly proposal: Proposal;
  /** The host's `valid(v)`: the block behind the value id is valid. */
  readonly valid: boolean;
}

export type AddProposalResult = {
  readonly status: 'added' | 'duplicate' | 'rejected';
  /** Why a proposal was not stored. */
  readonly reason?: 'wrongHeight' | 'futureRoundLimit' | 'roundFull';
  /**
   * The round's first proposal when this one differs from it (the proposer equivocated); set only
   * the first time per round, so the evidence is reported once.
   */
  readonly equivocationOf?: Proposal;
};

/**
 * How many distinct proposals of one round are kept unconditionally: the first and one
 * conflicting one (the usual equivocation). More are kept only when `supported` (f+1 votes for
 * the value in that round, so at least one honest validator saw it), which bounds a round's
 * proposals by the number of values that can gather f+1.
 */
export const FREE_PROPOSALS_PER_ROUND = 2;

/**
 * The proposals of one height (the caller checks the sender is the round's proposer). The paper's
 * message log keeps every proposal, and L49 must find the decided one even when the proposer
 * equivocated and this node first saw another; so a round holds several, in arrival order,
 * bounded as above. Future rounds are bounded per proposer like votes. Immutable.
 */
export class ProposalKeeper {
  readonly height: bigint;
  readonly maxFutureRounds: number;
  readonly #byRound: ReadonlyMap<number, readonly StoredProposal[]>;
  readonly #caught: ReadonlySet<number>;

  private constructor(height: bigint, maxFutureRounds: number, byRound: ReadonlyMap<number, readonly StoredProposal[]>, caught: ReadonlySet<number>) {
    this.height = height;
    this.maxFutureRounds = maxFutureRounds;
    this.#byRound = byRound;
    this.#caught = caught;
  }

  static empty(height: bigint, maxFutureRounds: number): ProposalKeeper {
    return new ProposalKeeper(height, maxFutureRounds, new Map(), new Set());
  }

  /** `supported`: f+1 power voted for this value in its round (lets a round hold more than two). */
  add(proposal: Proposal, valid: boolean, currentRound: number, supported = false): { keeper: ProposalKeeper; result: AddProposalResult } {
    if (proposal.height !== this.height) return { keeper: this, result: { status: 'rejected', reason: 'wrongHeight' } };
    const inRound = this.#byRound.get(proposal.round) ?? [];
    if (inRound.some((s) => sameProposal(s.proposal, proposal))) return { keeper: this, result: { status: 'duplicate' } };

    const first = inRound[0]?.proposal;
    let caught = this.#caught;
    let equivocationOf: Proposal | undefined;
    if (first !== undefined && !caught.has(proposal.round)) {
      caught = new Set(caught).add(proposal.round);
      equivocationOf = first;
    }
    const withEvidence = (status: 'added' | 'rejected', reason?: 'futureRoundLimit' | 'roundFull'): AddProposalResult => ({
      status,
      ...(reason === undefined ? {} : { reason }),
      ...(equivocationOf === undefined ? {} : { equivocationOf }),
    });
    const rejected = (reason: 'futureRoundLimit' | 'roundFull') => ({
      keeper: caught === this.#caught ? this : new ProposalKeeper(this.height, this.maxFutureRounds, this.#byRound, caught),
      result: withEvidence('rejected', reason),
    });

    if (inRound.length >= FREE_PROPOSALS_PER_ROUND && !supported) return rejected('roundFull');
    const byRound = new Map(this.#byRound);
    if (inRound.length === 0) {
      const held: number[] = [];
      for (const [r, list] of this.#byRound) if (list[0]!.proposal.from === proposal.from) held.push(r);
      const admission = admitFutureRound(held, proposal.round, currentRound, this.maxFutureRounds);
      if (!admission.admit) return rejected('futureRoundLimit');
      if (admission.evict !== undefined) byRound.delete(admission.evict);
    }
    byRound.set(proposal.round, [...inRound, { proposal, valid }]);
    return { keeper: new ProposalKeeper(this.height, this.maxFutureRounds, byRound, caught), result: withEvidence('added') };
  }

  /** The proposals of `round`, in arrival order. */
  inRound(round: number): readonly StoredProposal[] {
    return this.#byRound.get(round) ?? [];
  }

  /** All stored proposals with their round. */
  *all(): IterableIterator<[number, StoredProposal]> {
    for (const [round, list] of this.#byRound) for (const stored of list) yield [round, stored];
  }

  /** Number of proposals stored. */
  get size(): number {
    let n = 0;
    for (const list of this.#byRound.values()) n += list.length;
    return n;
  }
}

function sameProposal(a: Proposal, b: Proposal): boolean {
  return a.value === b.value && a.validRound === b.validRound && a.from === b.from && a.round === b.round;
}
