/**
 * Peer reputation. Every peer starts at 0; misbehaviour subtracts a penalty; the score heals
 * linearly back toward 0. Below `banThreshold` the peer is banned for `banDurationMs` and its
 * score starts from 0 again when the ban ends. Time comes from the injected `now` (ms).
 */
export interface ScoringParams {
  /** Subtracted for each gossip message a handler judged `reject`. */
  rejectPenalty: number;
  /** Subtracted for each message or response over `maxMessageBytes`. */
  oversizePenalty: number;
  /** Subtracted for a framing error or an unknown gossip topic. */
  protocolPenalty: number;
  /** A score strictly below this bans the peer (a negative number). */
  banThreshold: number;
  banDurationMs: number;
  /** Points healed per second toward 0. */
  recoveryPerSecond: number;
}

export const DEFAULT_SCORING: ScoringParams = {
  rejectPenalty: 10,
  oversizePenalty: 25,
  protocolPenalty: 25,
  banThreshold: -100,
  banDurationMs: 5 * 60_000,
  recoveryPerSecond: 0.1,
};

interface Entry {
  score: number;
  at: number;
}

export class PeerScores {
  readonly #params: ScoringParams;
  readonly #now: () => number;
  readonly #scores = new Map<string, Entry>();
  readonly #bannedUntil = new Map<string, number>();

  constructor(params: ScoringParams, now: () => number) {
    this.#params = params;
    this.#now = now;
  }

  score(peerId: string): number {
    const e = this.#scores.get(peerId);
    if (e === undefined) return 0;
    this.#heal(e);
    if (e.score === 0) this.#scores.delete(peerId);
    return e.score;
  }

  /** Lowers the score; returns true when the peer has just crossed the ban threshold (and is now banned). */
  penalise(peerId: string, amount: number): boolean {
    if (this.isBanned(peerId)) return false;
    const e = this.#scores.get(peerId) ?? { score: 0, at: this.#now() };
    this.#heal(e);
    e.score -= amount;
    this.#scores.set(peerId, e);
    if (e.score < this.#params.banThreshold) {
      this.#bannedUntil.set(peerId, this.#now() + this.#params.banDurationMs);
      this.#scores.delete(peerId);
      return true;
    }
    return false;
  }

  isBanned(peerId: string): boolean {
    const until = this.#bannedUntil.get(peerId);
    if (until === undefined) return false;
    if (this.#now() < until) return true;
    this.#bannedUntil.delete(peerId);
    return false;
  }

  /** When the ban of `peerId` ends (ms), or undefined if it is not banned. */
  bannedUntil(peerId: string): number | undefined {
    return this.isBanned(peerId) ? this.#bannedUntil.get(peerId) : undefined;
  }

  #heal(e: Entry): void {
    const now = this.#now();
    const healed = ((now - e.at) / 1000) * this.#params.recoveryPerSecond;
    e.at = now;
    if (healed > 0) e.score = Math.min(0, e.score + healed);
  }
}
