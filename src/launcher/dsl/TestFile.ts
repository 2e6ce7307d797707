import type { Comparator } from './comparator.ts';

/** How a log assertion's quoted pattern is applied to each line. */
export type LogMatch = 'regex' | 'glob' | 'contains';

/** What one DSL line asks for (the node it targets is on the `Assertion`). */
export type Check =
  | { readonly kind: 'isUp' }
  /** `reports block height|finalised height <cmp> N` — answered over JSON-RPC, not metrics. */
  | { readonly kind: 'height'; readonly which: 'best' | 'finalized'; readonly comparator: Comparator; readonly target: bigint }
  /** `reports METRIC <cmp> N`; `metric` as written (short names are resolved at run time). */
  | { readonly kind: 'metric'; readonly metric: string; readonly comparator: Comparator; readonly target: number }
  | { readonly kind: 'paraRegistered'; readonly paraId: number }
  /** `parachain ID block height <cmp> N`: the app chain's height, from its chopsticks node or its collator's `collator_status.appBlockNumber`. */
  | { readonly kind: 'paraHeight'; readonly paraId: number; readonly comparator: Comparator; readonly target: bigint }
  /** Spindle: `parachain ID executed relay height <cmp> N`: `collator_status.executedRelayBlock` of the para's collator. */
  | { readonly kind: 'paraExecuted'; readonly paraId: number; readonly comparator: Comparator; readonly target: bigint }
  /** Spindle: `anchored height <cmp> N`: the anchor contract's `latestAnchored()` on the network's L1 (else the node's `spindle_anchorStatus`). */
  | { readonly kind: 'anchored'; readonly comparator: Comparator; readonly target: bigint }
  | { readonly kind: 'logLine'; readonly match: LogMatch; readonly pattern: string }
  | { readonly kind: 'logCount'; readonly match: LogMatch; readonly pattern: string; readonly comparator: Comparator; readonly target: number }
  /** `system event contains|matches "…"`: `contains` is a substring of `section.method` or of the event's JSON. */
  | { readonly kind: 'systemEvent'; readonly match: 'contains' | 'regex'; readonly pattern: string }
  /** `js-script ./f.js [with "a,b"] [return <cmp> N]`; `path` as written (relative to the test file). */
  | { readonly kind: 'jsScript'; readonly path: string; readonly args: readonly string[]; readonly expect?: { readonly comparator: Comparator; readonly target: number } }
  | { readonly kind: 'restart'; readonly afterSeconds: number }
  | { readonly kind: 'pause' }
  | { readonly kind: 'resume' };

export type CheckKind = Check['kind'];

export interface Assertion {
  /** 1-based line number in the file. */
  readonly line: number;
  /** The line as written, trimmed. */
  readonly text: string;
  readonly node: string;
  readonly check: Check;
  /** `within N seconds`, or the default of the check's kind (0 for commands). */
  readonly withinSeconds: number;
  /** Whether `within` was written on the line. */
  readonly withinGiven: boolean;
}

export interface TestFile {
  /** The path given to `parseZndsl` (used in messages and to resolve relative paths). */
  readonly file: string;
  /** Test name as zombienet derives it: file name without extension and leading `NNNN-`. */
  readonly name: string;
  readonly description?: string;
  /** `Network:` as written. */
  readonly network: string;
  /** `Network:` resolved against the test file's directory. */
  readonly networkPath: string;
  readonly creds?: string;
  readonly assertions: readonly Assertion[];
}

/** Seconds a check polls for when the line has no `within`. */
export const DEFAULT_WITHIN_SECONDS: Readonly<Record<CheckKind, number>> = {
  isUp: 10,
  height: 10,
  metric: 10,
  paraRegistered: 10,
  paraHeight: 10,
  paraExecuted: 10,
  anchored: 10,
  logLine: 10,
  logCount: 10,
  systemEvent: 20,
  jsScript: 30,
  restart: 0,
  pause: 0,
  resume: 0,
};
