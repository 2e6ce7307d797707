import { admitFutureRound } from './admitFutureRound.ts';
import type { ValidatorSet } from './ValidatorSet.ts';
import type { ValueId, Vote, VoteType } from './types.ts';

/** The votes of one type in one round. */
interface VoteSet {
  /** Each validator's first vote: counted in `total` and in its value. */
  readonly byFrom: ReadonlyMap<string, Vote>;
  /** Conflicting later votes (equivocation), each counted for its own value only. */
  readonly extra: ReadonlyMap<string, readonly Vote[]>;
  /** Power per value, each validator at most once per value; the `null` key is nil. */
  readonly weights: ReadonlyMap<ValueId | null, bigint>;
  /** Power of the first votes, whatever they vote for (the paper's `∗`): each validator once. */
  readonly total: bigint;
}

interface RoundVotes {
  readonly prevote: VoteSet;
  readonly precommit: VoteSet;
  /** Power of the distinct validators with any vote in this round (for L55). */
  readonly senderWeight: bigint;
}

/**
 * Conflicting votes of one validator in one (type, round) counted beyond its first: one freely,
 * up to this many when the value already has f+1 power behind it.
 */
const MAX_CONFLICTING_VOTES = 4;

/** What `VoteKeeper.add` did with a vote. */
export type AddVoteResult =
  | { readonly status: 'added' }
  | { readonly status: 'duplicate' }
  /**
   * A different vote of the same (from, type, height, round) as `first`. `counted`: it was added to
   * its own value's tally (never to the "any" total or to L55). `isNew` is true the first time this
   * triple is caught, so the evidence is reported once.
   */
  | { readonly status: 'equivocation'; readonly first: Vote; readonly isNew: boolean; readonly counted: boolean }
  | { readonly status: 'rejected'; readonly reason: VoteRejection };

export type VoteRejection = 'wrongHeight' | 'unknownValidator' | 'invalidRound' | 'futureRoundLimit';

const EMPTY_SET: VoteSet = { byFrom: new Map(), extra: new Map(), weights: new Map(), total: 0n };
const EMPTY_ROUND: RoundVotes = { prevote: EMPTY_SET, precommit: EMPTY_SET, senderWeight: 0n };

/**
 * The message log of one height for votes, counted by voting power. Immutable: `add` returns a new
 * keeper (copy-on-write of the one round and vote set it touches).
 *
 * - dedup per (from, type, round, value): a repeat is a `duplicate`. A different vote of the same
 *   (from, type, round) is an `equivocation`: reported, and counted for its own value only, so each
 *   validator weighs at most once in any one tally and once in the "any" totals. Counting it for
 *   its value is what the paper's message log does ("2f+1 ⟨PRECOMMIT, h, r, id(v)⟩" counts
 *   senders of that message) and what CometBFT's peer-maj23 vote bags allow: without it a node
 *   that received a double-voter's other vote first could never count a commit certificate that
 *   includes that validator. Safe: two quorums for different values would still need f+1 honest
 *   equivocators. Bounded: one conflicting vote per validator freely, up to
 *   MAX_CONFLICTING_VOTES when its value already has f+1;
 * - thresholds: `hasQuorum` (2f+1 for a value or nil), `hasQuorumAny` (2f+1 for anything, L34/L47),
 *   `skipRound` (f+1 distinct validators in a higher round, L55);
 * - future rounds are kept, at most `maxFutureRounds` distinct ones per validator (its highest).
 */
export class VoteKeeper {
  readonly height: bigint;
  readonly validators: ValidatorSet;
  readonly maxFutureRounds: number;
  readonly #rounds: ReadonlyMap<number, RoundVotes>;
  readonly #roundsOf: ReadonlyMap<string, ReadonlySet<number>>;
  readonly #caught: ReadonlySet<string>;

  private constructor(
    height: bigint,
    validators: ValidatorSet,
    maxFutureRounds: number,
    rounds: ReadonlyMap<number, RoundVotes>,
    roundsOf: ReadonlyMap<string, ReadonlySet<number>>,
    caught: ReadonlySet<string>,
  ) {
    this.height = height;
    this.validators = validators;
    this.maxFutureRounds = maxFutureRounds;
    this.#rounds = rounds;
    this.#roundsOf = roundsOf;
    this.#caught = caught;
  }

  static empty(height: bigint, validators: ValidatorSet, maxFutureRounds: number): VoteKeeper {
    return new VoteKeeper(height, validators, maxFutureRounds, new Map(), new Map(), new Set());
  }

  /** Records `vote`, with `currentRound` deciding which rounds count as future. */
  add(vote: Vote, currentRound: number): { keeper: VoteKeeper; result: AddVoteResult } {
    const reject = (reason: VoteRejection) => ({ keeper: this as VoteKeeper, result: { status: 'rejected', reason } as const });
    if (vote.height !== this.height) return reject('wrongHeight');
    if (!Number.isSafeInteger(vote.round) || vote.round < 0) return reject('invalidRound');
    const power = this.validators.powerOf(vote.from);
    if (power === 0n) return reject('unknownValidator');

    const round = this.#rounds.get(vote.round) ?? EMPTY_ROUND;
    const set = round[vote.type];
    const first = set.byFrom.get(vote.from);
    if (first !== undefined) {
      const extra = set.extra.get(vote.from) ?? [];
      if (first.value === vote.value || extra.some((e) => e.value === vote.value)) return { keeper: this, result: { status: 'duplicate' } };
      const key = `${vote.from}/${vote.type}/${vote.round}`;
      const isNew = !this.#caught.has(key);
      const caught = isNew ? new Set(this.#caught).add(key) : this.#caught;
      const supported = this.validators.isOneThird(set.weights.get(vote.value) ?? 0n);
      const counted = extra.length === 0 || (supported && extra.length < MAX_CONFLICTING_VOTES);
      let rounds = this.#rounds;
      if (counted) {
        const weights = new Map(set.weights).set(vote.value, (set.weights.get(vote.value) ?? 0n) + power);
        const nextSet: VoteSet = { ...set, extra: new Map(set.extra).set(vote.from, [...extra, vote]), weights };
        rounds = new Map(rounds).set(vote.round, { ...round, [vote.type]: nextSet });
      }
      const keeper = new VoteKeeper(this.height, this.validators, this.maxFutureRounds, rounds, this.#roundsOf, caught);
      return { keeper, result: { status: 'equivocation', first, isNew, counted } };
    }

    const held = this.#roundsOf.get(vote.from) ?? new Set<number>();
    const admission = admitFutureRound(held, vote.round, currentRound, this.maxFutureRounds);
    if (!admission.admit) return reject('futureRoundLimit');

    const rounds = new Map(this.#rounds);
    const roundsOf = new Map(this.#roundsOf);
    const nextHeld = new Set(held);
    if (admission.evict !== undefined) {
      const left = removeSender(rounds.get(admission.evict) ?? EMPTY_ROUND, vote.from, power);
      if (left.senderWeight === 0n) rounds.delete(admission.evict);
      else rounds.set(admission.evict, left);
      nextHeld.delete(admission.evict);
    }
    const current = rounds.get(vote.round) ?? EMPTY_ROUND;
    const isNewSender = !current.prevote.byFrom.has(vote.from) && !current.precommit.byFrom.has(vote.from);
    rounds.set(vote.round, {
      ...current,
      [vote.type]: addToSet(current[vote.type], vote, power),
      senderWeight: isNewSender ? current.senderWeight + power : current.senderWeight,
    });
    nextHeld.add(vote.round);
    roundsOf.set(vote.from, nextHeld);
    const keeper = new VoteKeeper(this.height, this.validators, this.maxFutureRounds, rounds, roundsOf, this.#caught);
    return { keeper, result: { status: 'added' } };
  }

  /** Power of the `type` votes for `value` (`null`: nil) in `round`. */
  weight(round: number, type: VoteType, value: ValueId | null): bigint {
    return this.#rounds.get(round)?.[type].weights.get(value) ?? 0n;
  }

  /** Power of all `type` votes in `round`, whatever they vote for. */
  totalWeight(round: number, type: VoteType): bigint {
    return this.#rounds.get(round)?.[type].total ?? 0n;
  }

  /** 2f+1 `type` votes for `value` (`null`: nil) in `round`. */
  hasQuorum(round: number, type: VoteType, value: ValueId | null): boolean {
    return this.validators.isQuorum(this.weight(round, type, value));
  }

  /** 2f+1 `type` votes for anything in `round` (L34, L47). */
  hasQuorumAny(round: number, type: VoteType): boolean {
    return this.validators.isQuorum(this.totalWeight(round, type));
  }

  /** The highest round above `currentRound` in which f+1 power of distinct validators voted (L55). */
  skipRound(currentRound: number): number | undefined {
    let best: number | undefined;
    for (const [r, votes] of this.#rounds) {
      if (r > currentRound && (best === undefined || r > best) && this.validators.isOneThird(votes.senderWeight)) best = r;
    }
    return best;
  }

  /** The `type` votes for `value` in `round`, in canonical validator order (a certificate). */
  votesFor(round: number, type: VoteType, value: ValueId | null): Vote[] {
    const set = this.#rounds.get(round)?.[type];
    if (set === undefined) return [];
    const out = [...set.byFrom.values()].filter((v) => v.value === value);
    for (const list of set.extra.values()) for (const v of list) if (v.value === value) out.push(v);
    return out.sort((a, b) => this.validators.indexOf(a.from) - this.validators.indexOf(b.from));
  }

  /** The stored vote of `from`, if any. */
  voteOf(round: number, type: VoteType, from: string): Vote | undefined {
    return this.#rounds.get(round)?.[type].byFrom.get(from);
  }

  /** Number of votes stored (for metrics and memory bounds). */
  get size(): number {
    let n = 0;
    for (const r of this.#rounds.values()) {
      for (const set of [r.prevote, r.precommit]) {
        n += set.byFrom.size;
        for (const list of set.extra.values()) n += list.length;
      }
    }
    return n;
  }

  /** The rounds `from` has votes in (for tests of the future-round bound). */
  roundsOf(from: string): number[] {
    return [...(this.#roundsOf.get(from) ?? [])].sort((a, b) => a - b);
  }
}

function addToSet(set: VoteSet, vote: Vote, power: bigint): VoteSet {
  const byFrom = new Map(set.byFrom).set(vote.from, vote);
  const weights = new Map(set.weights).set(vote.value, (set.weights.get(vote.value) ?? 0n) + power);
  return { byFrom, extra: set.extra, weights, total: set.total + power };
}

/** Removes every vote of `from` (first and conflicting ones) from the set. */
function removeFromSet(set: VoteSet, from: string, power: bigint): VoteSet {
  const first = set.byFrom.get(from);
  if (first === undefined) return set;
  const byFrom = new Map(set.byFrom);
  byFrom.delete(from);
  const extra = new Map(set.extra);
  extra.delete(from);
  const weights = new Map(set.weights);
  for (const v of [first, ...(set.extra.get(from) ?? [])]) {
    const left = (weights.get(v.value) ?? 0n) - power;
    if (left === 0n) weights.delete(v.value);
    else weights.set(v.value, left);
  }
  return { byFrom, extra, weights, total: set.total - power };
}

function removeSender(round: RoundVotes, from: string, power: bigint): RoundVotes {
  const had = round.prevote.byFrom.has(from) || round.precommit.byFrom.has(from);
  return {
    prevote: removeFromSet(round.prevote, from, power),
    precommit: removeFromSet(round.precommit, from, power),
    senderWeight: had ? round.senderWeight - power : round.senderWeight,
  };
}
