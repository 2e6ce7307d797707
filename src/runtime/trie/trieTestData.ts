/**
 * Test support for the trie tests only: a seeded PRNG and random key/value sets shaped like
 * Substrate state (long shared prefixes, keys that prefix other keys, values around the
 * 32/33-byte inline threshold).
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  int(maxExclusive: number): number;
  bytes(length: number): Uint8Array;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32. */
export function seededRng(seed: number): Rng {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number): number => Math.floor(next() * max);
  return {
    next,
    int,
    bytes: (length) => {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) out[i] = int(256);
      return out;
    },
    pick: (items) => items[int(items.length)]!,
  };
}

export const VALUE_LENGTHS = [0, 1, 2, 31, 32, 33, 34, 200] as const;

/** `count` distinct keys (hex-deduplicated) with random values; prefixes shared on purpose. */
export function randomEntries(rng: Rng, count: number): Array<[Uint8Array, Uint8Array]> {
  const prefixes = [new Uint8Array(0), rng.bytes(1), rng.bytes(2), rng.bytes(16), rng.bytes(32), rng.bytes(48)];
  const byKey = new Map<string, [Uint8Array, Uint8Array]>();
  let guard = 0;
  while (byKey.size < count && guard++ < count * 20) {
    const prefix = rng.pick(prefixes);
    const suffix = rng.bytes(rng.pick([0, 1, 1, 2, 4, 8, 32, 120]));
    const key = new Uint8Array(prefix.length + suffix.length);
    key.set(prefix, 0);
    key.set(suffix, prefix.length);
    byKey.set(Buffer.from(key).toString('hex'), [key, randomValue(rng)]);
  }
  return [...byKey.values()];
}

export function randomValue(rng: Rng): Uint8Array {
  return rng.bytes(rng.next() < 0.8 ? rng.pick(VALUE_LENGTHS) : rng.int(100));
}

export function toHexPairs(entries: Iterable<readonly [Uint8Array, Uint8Array]>): Array<[string, string]> {
  return [...entries].map(([k, v]) => ['0x' + Buffer.from(k).toString('hex'), '0x' + Buffer.from(v).toString('hex')]);
}
