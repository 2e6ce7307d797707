/** How an observed number is compared with the target of an assertion. */
export type Comparator = 'atLeast' | 'atMost' | 'equal' | 'greaterThan' | 'lessThan';

/** The comparator phrases of zombienet's DSL, longest first (so `is at least` wins over `is`). */
export const COMPARATOR_PHRASES: readonly (readonly [string, Comparator])[] = [
  ['is at least', 'atLeast'],
  ['is at most', 'atMost'],
  ['is equal to', 'equal'],
  ['is greater than', 'greaterThan'],
  ['is lower than', 'lessThan'],
  ['is less than', 'lessThan'],
  ['is', 'equal'],
  ['>=', 'atLeast'],
  ['<=', 'atMost'],
  ['==', 'equal'],
  ['>', 'greaterThan'],
  ['<', 'lessThan'],
];

/** Regex alternation of every phrase, longest first. */
export const COMPARATOR_SOURCE = COMPARATOR_PHRASES.map(([p]) => p.replace(/[<>=]/g, (c) => `\\${c}`)).join('|');

export function comparatorOf(phrase: string): Comparator {
  const hit = COMPARATOR_PHRASES.find(([p]) => p === phrase);
  if (hit === undefined) throw new RangeError(`unknown comparator phrase: ${phrase}`);
  return hit[1];
}

export function compare<T extends number | bigint>(c: Comparator, observed: T, target: T): boolean {
  switch (c) {
    case 'atLeast':
      return observed >= target;
    case 'atMost':
      return observed <= target;
    case 'equal':
      return observed === target;
    case 'greaterThan':
      return observed > target;
    case 'lessThan':
      return observed < target;
  }
}
