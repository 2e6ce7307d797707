import type { SeededRng } from '../seededRng.ts';

/** A period during which only nodes of the same group hear each other. */
export interface Partition {
  /** Node indices per group; nodes listed in no group form one more group together. */
  readonly groups: readonly (readonly number[])[];
  readonly startMs: number;
  /** Messages sent from this time on cross again. */
  readonly healMs: number;
}

export interface NetworkOptions {
  /** Per-message delay, uniform in [min, max] (so messages reorder). */
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /** A message is lost with this probability. */
  readonly dropProbability: number;
  /** A message is delivered twice with this probability. */
  readonly duplicateProbability: number;
  /** A message gets an extra delay of up to `lateExtraMs` with this probability. */
  readonly lateProbability: number;
  readonly lateExtraMs: number;
  readonly partitions: readonly Partition[];
}

export const DEFAULT_NETWORK: NetworkOptions = {
  minDelayMs: 5,
  maxDelayMs: 60,
  dropProbability: 0,
  duplicateProbability: 0,
  lateProbability: 0,
  lateExtraMs: 2000,
  partitions: [],
};

/** Extra faults of one sender's outgoing messages (a `lateDuplicate` node). */
export interface SenderFaults {
  readonly duplicateProbability: number;
  readonly lateProbability: number;
}

/**
 * The simulated links: for one message from `from` to `to` sent at `sentAt`, the times at which
 * it arrives (none: lost; two: duplicated). All randomness comes from the seeded `rng`.
 */
export class SimulatedNetwork {
  readonly options: NetworkOptions;
  readonly #rng: SeededRng;

  constructor(options: NetworkOptions, rng: SeededRng) {
    this.options = options;
    this.#rng = rng;
  }

  /** The time after which no partition separates anyone. */
  get healedAtMs(): number {
    return this.options.partitions.reduce((t, p) => Math.max(t, p.healMs), 0);
  }

  partitioned(from: number, to: number, at: number): boolean {
    for (const p of this.options.partitions) {
      if (at < p.startMs || at >= p.healMs) continue;
      if (groupOf(p, from) !== groupOf(p, to)) return true;
    }
    return false;
  }

  deliveries(from: number, to: number, sentAt: number, sender?: SenderFaults): number[] {
    const o = this.options;
    if (from === to) return [sentAt];
    if (this.partitioned(from, to, sentAt)) return [];
    if (this.#rng.chance(o.dropProbability)) return [];
    const one = (): number => {
      let t = sentAt + o.minDelayMs + this.#rng.next() * (o.maxDelayMs - o.minDelayMs);
      if (this.#rng.chance(o.lateProbability + (sender?.lateProbability ?? 0))) t += this.#rng.next() * o.lateExtraMs;
      return t;
    };
    const times = [one()];
    if (this.#rng.chance(o.duplicateProbability + (sender?.duplicateProbability ?? 0))) times.push(one());
    return times;
  }
}

function groupOf(p: Partition, node: number): number {
  const i = p.groups.findIndex((g) => g.includes(node));
  return i === -1 ? p.groups.length : i;
}
