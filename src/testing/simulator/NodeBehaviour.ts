/**
 * The faults a simulated node can have, each a switch. A node with no switch is honest.
 * Plain data (JSON), so a failing run's options can be printed and pasted back.
 */
export interface NodeBehaviour {
  /** Crash: from this fake time on, the node neither handles nor sends anything (0: never starts). */
  readonly silentFromMs?: number;
  /** As proposer, sends one value to half of the nodes and another value to the other half. */
  readonly equivocateProposals?: boolean;
  /** Sends every vote to all, and a conflicting vote for another value to half of them. */
  readonly doubleVote?: boolean;
  /** As proposer, builds invalid blocks (the other hosts answer `valid: false`). */
  readonly invalidProposals?: boolean;
  /** With each vote, also sends votes and proposals for far future rounds and heights. */
  readonly spam?: boolean;
  /** Its messages are often duplicated and sometimes delivered very late. */
  readonly lateDuplicate?: boolean;
}

/** Signs things an honest node never would: excluded from agreement and validity checks. */
export function isMalicious(b: NodeBehaviour | undefined): boolean {
  return b !== undefined && (b.equivocateProposals === true || b.doubleVote === true || b.invalidProposals === true || b.spam === true);
}

/** Any switch at all: counts against the f budget and is excluded from the progress check. */
export function isFaulty(b: NodeBehaviour | undefined): boolean {
  return b !== undefined && (isMalicious(b) || b.silentFromMs !== undefined || b.lateDuplicate === true);
}
