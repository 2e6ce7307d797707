/**
 * Hashes (hex keys) refused for a while, by an injected clock. All bans last the same time, so
 * the map's insertion order is expiry order and expired ones are dropped from its front.
 * Past `maxEntries` the oldest bans are forgotten early, to bound memory.
 */
export class BanList {
  readonly #banTimeMs: number;
  readonly #now: () => number;
  readonly #maxEntries: number;
  readonly #until = new Map<string, number>();

  constructor(banTimeMs: number, now: () => number, maxEntries = 65_536) {
    this.#banTimeMs = banTimeMs;
    this.#now = now;
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    this.#expire();
    return this.#until.size;
  }

  ban(key: string): void {
    this.#until.delete(key);
    this.#until.set(key, this.#now() + this.#banTimeMs);
    this.#expire();
  }

  unban(key: string): void {
    this.#until.delete(key);
  }

  isBanned(key: string): boolean {
    this.#expire();
    return this.#until.has(key);
  }

  #expire(): void {
    const now = this.#now();
    for (const [key, until] of this.#until) {
      if (until > now && this.#until.size <= this.#maxEntries) break;
      this.#until.delete(key);
    }
  }
}
