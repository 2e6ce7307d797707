import type { Validator } from '../../consensus/index.ts';
import type { DecisionRecord, EvidenceRecord } from './SimulatedHost.ts';
import { isValidValue } from './SimulatedHost.ts';

export type Property = 'agreement' | 'validity' | 'certificate' | 'accountability' | 'progress';

export interface Violation {
  readonly property: Property;
  readonly detail: string;
}

export interface RunFacts {
  readonly validators: readonly Validator[];
  /** Validator id of each node (undefined: follower). */
  readonly ids: readonly (string | undefined)[];
  /** Nodes whose decisions must agree and be valid (not malicious; crashed ones included). */
  readonly honest: ReadonlySet<number>;
  /** Nodes that must make progress (no fault switch at all). */
  readonly correct: ReadonlySet<number>;
  readonly decisions: readonly DecisionRecord[];
  readonly proposed: ReadonlySet<string>;
  readonly evidence: readonly EvidenceRecord[];
  readonly expectProgress: boolean;
  readonly targetHeights: number;
  readonly deadlineMs: number;
}

/**
 * The properties every run must keep:
 * - agreement: no two honest nodes decide different values at one height (nor one node twice);
 * - validity: every honest decision is a value some node proposed, and a valid one;
 * - certificate: every honest decision carries > 2/3 of the power in distinct precommits for it;
 * - accountability: equivocation evidence never accuses a node that did not misbehave;
 * - progress (when expected): every correct node decides `targetHeights` heights by the deadline.
 */
export function checkRun(f: RunFacts): Violation[] {
  const out: Violation[] = [];
  const power = new Map(f.validators.map((v) => [v.id, v.power]));
  const total = f.validators.reduce((s, v) => s + v.power, 0n);
  const byHeight = new Map<bigint, DecisionRecord>();
  const seen = new Set<string>();
  for (const d of f.decisions) {
    if (!f.honest.has(d.node)) continue;
    const once = `${d.node}/${d.height}`;
    if (seen.has(once)) out.push({ property: 'agreement', detail: `node ${d.node} decided height ${d.height} twice` });
    seen.add(once);
    const other = byHeight.get(d.height);
    if (other === undefined) byHeight.set(d.height, d);
    else if (other.value !== d.value) {
      out.push({ property: 'agreement', detail: `height ${d.height}: node ${other.node} decided ${other.value}, node ${d.node} decided ${d.value}` });
    }
    if (!f.proposed.has(d.value)) out.push({ property: 'validity', detail: `node ${d.node} decided ${d.value} at height ${d.height}, never proposed` });
    if (!isValidValue(d.value)) out.push({ property: 'validity', detail: `node ${d.node} decided invalid ${d.value} at height ${d.height}` });
    const froms = new Set<string>();
    let weight = 0n;
    for (const v of d.precommits) {
      const ok = v.type === 'precommit' && v.height === d.height && v.round === d.round && v.value === d.value && !froms.has(v.from);
      if (!ok) {
        out.push({ property: 'certificate', detail: `node ${d.node} height ${d.height}: bad precommit ${JSON.stringify({ ...v, height: `${v.height}` })}` });
        continue;
      }
      froms.add(v.from);
      weight += power.get(v.from) ?? 0n;
    }
    if (3n * weight <= 2n * total) out.push({ property: 'certificate', detail: `node ${d.node} height ${d.height}: precommits of ${weight}/${total} power` });
  }
  const honestIds = new Set([...f.honest].map((n) => f.ids[n]).filter((id) => id !== undefined));
  for (const e of f.evidence) {
    if (f.honest.has(e.reporter) && honestIds.has(e.accused)) {
      out.push({ property: 'accountability', detail: `node ${e.reporter} accused honest ${e.accused} of ${e.message} equivocation` });
    }
  }
  if (f.expectProgress) {
    for (const node of f.correct) {
      const decided = f.decisions.filter((d) => d.node === node && d.timeMs <= f.deadlineMs).length;
      if (decided < f.targetHeights) {
        out.push({ property: 'progress', detail: `node ${node} decided ${decided} of ${f.targetHeights} heights by ${f.deadlineMs} ms` });
      }
    }
  }
  return out;
}
