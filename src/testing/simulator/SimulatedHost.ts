import { initialConsensusState, step } from '../../consensus/index.ts';
import type { ConsensusEffect, ConsensusInput, ConsensusParams, ConsensusState, Proposal, Validator, ValueId, Vote } from '../../consensus/index.ts';
import type { SeededRng } from '../seededRng.ts';
import type { EventQueue } from './EventQueue.ts';
import { messageHeight } from './NetMessage.ts';
import type { NetMessage } from './NetMessage.ts';
import type { NodeBehaviour } from './NodeBehaviour.ts';

/** Everything that happens in a simulation, on the fake clock. */
export type SimEvent =
  | { readonly kind: 'deliver'; readonly to: number; readonly from: number; readonly msg: NetMessage }
  | { readonly kind: 'input'; readonly node: number; readonly input: ConsensusInput }
  | { readonly kind: 'gossip'; readonly node: number };

export interface DecisionRecord {
  readonly node: number;
  readonly height: bigint;
  readonly round: number;
  readonly value: ValueId;
  readonly timeMs: number;
  readonly precommits: readonly Vote[];
}

export interface EvidenceRecord {
  readonly reporter: number;
  readonly accused: string;
  readonly message: 'vote' | 'proposal';
}

/** What the hosts report to the run, for the property checks. */
export interface RunLog {
  /** Every value any node put in a proposal it sent. */
  readonly proposed: Set<ValueId>;
  readonly decisions: DecisionRecord[];
  readonly evidence: EvidenceRecord[];
}

/** What a host needs from the run: the clock, the links, the shared configuration. */
export interface HostContext {
  readonly queue: EventQueue<SimEvent>;
  readonly nodeCount: number;
  readonly validators: readonly Validator[];
  readonly params: ConsensusParams;
  readonly gossipIntervalMs: number;
  readonly log: RunLog;
  send(from: number, to: number, msg: NetMessage): void;
}

/** A value id's validity as every honest host judges it: blocks of invalid proposers say so. */
export function isValidValue(value: ValueId): boolean {
  return !value.endsWith('-invalid');
}

/** Heights ahead of the current one that are buffered, and messages kept per (height, signer). */
const BUFFER_HEIGHTS_AHEAD = 4n;
const BUFFER_PER_SIGNER = 16;
/** Heights of commits sent in one catch-up reply. */
const CATCH_UP_HEIGHTS = 4n;

/**
 * The host loop of one simulated node, as `src/node` will run it for real: it turns network
 * messages and timer expiries into inputs of the pure core, executes the effects (timeouts on the
 * fake clock, broadcasts through the simulated network with a copy to itself, deterministic block
 * ids), buffers messages of future heights, advances the height after `Decide`, and gossips: its
 * height to every peer and its own latest messages again, and the commits of past heights to peers
 * behind it. Byzantine switches change what it sends, never the core.
 */
export class SimulatedHost {
  readonly index: number;
  /** Validator id, or undefined for a follower. */
  readonly id: string | undefined;
  readonly behaviour: NodeBehaviour;
  readonly #ctx: HostContext;
  readonly #rng: SeededRng;
  #state: ConsensusState = initialConsensusState();
  #height = 0n;
  #maxRound = 0;
  #peakLog = 0;
  #peakBuffered = 0;
  /** Future-height messages with the peer they came from: height → signer → messages. */
  readonly #buffer = new Map<bigint, Map<string, Array<{ from: number; msg: NetMessage }>>>();
  /** Proposal and precommits of each decided height, to hand to peers behind. */
  readonly #commits = new Map<bigint, NetMessage[]>();
  /** Proposals fed to the core at the current height, by `round/value`. */
  #proposalsSeen = new Map<string, Proposal>();
  /** Own messages at the current height and who they went to, for re-gossip. */
  #sent: Array<{ round: number; msg: NetMessage; to: readonly number[] }> = [];
  /** Per round, the two values of this node's proposal equivocation. */
  #equivocated = new Map<number, [ValueId, ValueId]>();
  /** When each peer was last sent commits (one reply per peer per gossip interval). */
  readonly #lastCatchUp = new Map<number, number>();

  constructor(index: number, id: string | undefined, behaviour: NodeBehaviour, ctx: HostContext, rng: SeededRng) {
    this.index = index;
    this.id = id;
    this.behaviour = behaviour;
    this.#ctx = ctx;
    this.#rng = rng;
  }

  get height(): bigint {
    return this.#height;
  }

  get state(): ConsensusState {
    return this.#state;
  }

  /** The highest round this node started, over all heights. */
  get maxRound(): number {
    return this.#maxRound;
  }

  /** The most votes and proposals the core held at once for one height. */
  get peakLogSize(): number {
    return this.#peakLog;
  }

  /** The most messages held at once for future heights. */
  get peakBuffered(): number {
    return this.#peakBuffered;
  }

  crashed(now: number): boolean {
    return this.behaviour.silentFromMs !== undefined && now >= this.behaviour.silentFromMs;
  }

  /** Schedules StartHeight(1) at `at` and the first gossip round after it. */
  start(at: number): void {
    const q = this.#ctx.queue;
    q.push(at, { kind: 'input', node: this.index, input: { tag: 'StartHeight', height: 1n, validators: this.#ctx.validators, ownId: this.id, params: this.#ctx.params } });
    if (this.#ctx.gossipIntervalMs > 0) q.push(at + this.#ctx.gossipIntervalMs, { kind: 'gossip', node: this.index });
  }

  handle(event: SimEvent): void {
    const now = this.#ctx.queue.now;
    if (this.crashed(now)) return;
    switch (event.kind) {
      case 'input':
        this.#apply(event.input);
        return;
      case 'deliver':
        this.#onMessage(event.from, event.msg);
        return;
      case 'gossip':
        this.#gossip();
        return;
    }
  }

  #apply(input: ConsensusInput): void {
    const { state, effects } = step(this.#state, input);
    this.#state = state;
    if (state.step !== 'idle' && input.tag !== 'Timeout') this.#peakLog = Math.max(this.#peakLog, state.votes.size + state.proposals.size);
    if (input.tag === 'StartHeight') this.#enterHeight(input.height);
    for (const e of effects) this.#execute(e);
  }

  #enterHeight(height: bigint): void {
    this.#height = height;
    this.#proposalsSeen = new Map();
    this.#sent = [];
    this.#equivocated = new Map();
    for (const h of [...this.#buffer.keys()]) {
      if (h < height) this.#buffer.delete(h);
    }
    const ready = this.#buffer.get(height);
    this.#buffer.delete(height);
    if (ready === undefined) return;
    const now = this.#ctx.queue.now;
    for (const list of ready.values()) for (const { from, msg } of list) this.#ctx.queue.push(now, { kind: 'deliver', to: this.index, from, msg });
  }

  #onMessage(from: number, msg: NetMessage): void {
    const h = messageHeight(msg);
    if (msg.kind === 'status') {
      if (h < this.#height) this.#catchUp(from, h);
      return;
    }
    // A late message of a past height is dropped: the sender is usually ahead already; peers
    // really behind say so in their status gossip.
    if (h < this.#height) return;
    if (h > this.#height) {
      this.#hold(h, from, msg);
      return;
    }
    if (msg.kind === 'proposal') {
      const p = msg.proposal;
      this.#proposalsSeen.set(`${p.round}/${p.value}`, p);
      // The host validates the block; its own blocks it built itself.
      this.#apply({ tag: 'Proposal', proposal: p, valid: from === this.index || isValidValue(p.value) });
    } else {
      this.#apply({ tag: 'Vote', vote: msg.vote });
    }
  }

  /** Keeps a message of a future height for later, bounded per (height, signer). */
  #hold(height: bigint, from: number, msg: NetMessage): void {
    if (height - this.#height > BUFFER_HEIGHTS_AHEAD) return;
    const signer = msg.kind === 'proposal' ? msg.proposal.from : msg.kind === 'vote' ? msg.vote.from : '';
    let bySigner = this.#buffer.get(height);
    if (bySigner === undefined) {
      bySigner = new Map();
      this.#buffer.set(height, bySigner);
    }
    const list = bySigner.get(signer) ?? [];
    if (list.length >= BUFFER_PER_SIGNER) return;
    list.push({ from, msg });
    bySigner.set(signer, list);
    let held = 0;
    for (const m of this.#buffer.values()) for (const l of m.values()) held += l.length;
    this.#peakBuffered = Math.max(this.#peakBuffered, held);
  }

  /** A peer said it is at height `h` below ours: send it the commits of h and a few after, rate-limited. */
  #catchUp(peer: number, h: bigint): void {
    if (peer === this.index) return;
    const now = this.#ctx.queue.now;
    const last = this.#lastCatchUp.get(peer);
    if (last !== undefined && now - last < this.#ctx.gossipIntervalMs) return;
    this.#lastCatchUp.set(peer, now);
    for (let hh = h; hh < this.#height && hh < h + CATCH_UP_HEIGHTS; hh++) {
      for (const msg of this.#commits.get(hh) ?? []) this.#ctx.send(this.index, peer, msg);
    }
  }

  /**
   * Re-sends this node's height to all, and its own messages of the rounds peers may still need
   * (as CometBFT's vote gossip): the current and previous round, its POL round, and the POL round
   * named by any proposal of the current round; and it relays the prevotes of those POLs it holds,
   * including other validators' (CometBFT gossips them too). Without these, nodes that lost POL
   * prevotes — or never got a double-voter's prevote that completed someone else's POL — could
   * never take L28 while others stay locked on another value: a classic liveness trap.
   */
  #gossip(): void {
    const { queue, nodeCount, gossipIntervalMs } = this.#ctx;
    const s = this.#state;
    const rounds = new Set<number>();
    if (s.step !== 'idle') {
      rounds.add(s.round).add(s.round - 1).add(s.validRound).add(s.lockedRound);
      for (const p of this.#proposalsSeen.values()) if (p.round === s.round) rounds.add(p.validRound);
    }
    for (let peer = 0; peer < nodeCount; peer++) if (peer !== this.index) this.#ctx.send(this.index, peer, { kind: 'status', height: this.#height });
    for (const sent of this.#sent) if (rounds.has(sent.round)) for (const peer of sent.to) this.#ctx.send(this.index, peer, sent.msg);
    if (s.step !== 'idle') {
      // Relay the POLs it knows (the paper's gossip: what a correct process received, all do).
      const pols = new Map<string, { round: number; value: string }>();
      if (s.validValue !== null) pols.set(`${s.validRound}/${s.validValue}`, { round: s.validRound, value: s.validValue });
      for (const p of this.#proposalsSeen.values()) {
        if (p.round === s.round && p.validRound >= 0) pols.set(`${p.validRound}/${p.value}`, { round: p.validRound, value: p.value });
      }
      for (const { round, value } of pols.values()) {
        if (!s.votes.hasQuorum(round, 'prevote', value)) continue;
        for (const vote of s.votes.votesFor(round, 'prevote', value)) {
          if (vote.from !== this.id) for (let peer = 0; peer < nodeCount; peer++) if (peer !== this.index) this.#ctx.send(this.index, peer, { kind: 'vote', vote });
        }
      }
    }
    queue.push(queue.now + gossipIntervalMs, { kind: 'gossip', node: this.index });
  }

  #peers(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.#ctx.nodeCount; i++) if (i !== this.index) out.push(i);
    return out;
  }

  /** Sends `msg` to `to` through the network, remembers it for re-gossip. */
  #sendOwn(round: number, msg: NetMessage, to: readonly number[]): void {
    for (const peer of to) this.#ctx.send(this.index, peer, msg);
    this.#sent.push({ round, msg, to });
  }

  /** The copy to self: through the queue, like any delivery, so the core sees its own message. */
  #toSelf(msg: NetMessage): void {
    this.#ctx.queue.push(this.#ctx.queue.now, { kind: 'deliver', to: this.index, from: this.index, msg });
  }

  #execute(e: ConsensusEffect): void {
    const { queue, log } = this.#ctx;
    const now = queue.now;
    const id = this.id ?? '';
    switch (e.tag) {
      case 'StartedRound':
        if (e.round > this.#maxRound) this.#maxRound = e.round;
        return;
      case 'RequestValue': {
        const value = `h${e.height}-r${e.round}-n${this.index}${this.behaviour.invalidProposals === true ? '-invalid' : ''}`;
        queue.push(now, { kind: 'input', node: this.index, input: { tag: 'ProposeValue', height: e.height, round: e.round, value } });
        return;
      }
      case 'BroadcastProposal': {
        const own: Proposal = { height: e.height, round: e.round, value: e.value, validRound: e.validRound, from: id };
        log.proposed.add(own.value);
        const peers = this.#peers();
        if (this.behaviour.equivocateProposals === true) {
          const other: Proposal = { ...own, value: `${e.value}-b` };
          log.proposed.add(other.value);
          this.#equivocated.set(e.round, [own.value, other.value]);
          this.#sendOwn(e.round, { kind: 'proposal', proposal: own }, peers.filter((_, i) => i % 2 === 0));
          this.#sendOwn(e.round, { kind: 'proposal', proposal: other }, peers.filter((_, i) => i % 2 === 1));
        } else {
          this.#sendOwn(e.round, { kind: 'proposal', proposal: own }, peers);
        }
        this.#toSelf({ kind: 'proposal', proposal: own });
        return;
      }
      case 'BroadcastVote': {
        const vote: Vote = { type: e.type, height: e.height, round: e.round, value: e.value, from: id };
        const peers = this.#peers();
        this.#sendOwn(e.round, { kind: 'vote', vote }, peers);
        if (this.behaviour.doubleVote === true) {
          const second: Vote = { ...vote, value: this.#conflictingValue(vote) };
          this.#sendOwn(e.round, { kind: 'vote', vote: second }, peers.filter((_, i) => i % 2 === 1));
        }
        if (this.behaviour.spam === true) this.#spam(vote, peers);
        this.#toSelf({ kind: 'vote', vote });
        return;
      }
      case 'ScheduleTimeout':
        queue.push(now + e.durationMs, { kind: 'input', node: this.index, input: { tag: 'Timeout', kind: e.kind, height: e.height, round: e.round } });
        return;
      case 'Decide': {
        log.decisions.push({ node: this.index, height: e.height, round: e.round, value: e.value, timeMs: now, precommits: e.precommits });
        const proposal = this.#proposalsSeen.get(`${e.round}/${e.value}`);
        const commit: NetMessage[] = e.precommits.map((vote) => ({ kind: 'vote', vote }));
        if (proposal !== undefined) commit.unshift({ kind: 'proposal', proposal });
        this.#commits.set(e.height, commit);
        // The block is committed at once (no commit delay); the validator set never changes.
        queue.push(now, { kind: 'input', node: this.index, input: { tag: 'StartHeight', height: e.height + 1n, validators: this.#ctx.validators, ownId: this.id } });
        return;
      }
      case 'Equivocation':
        log.evidence.push({ reporter: this.index, accused: e.from, message: e.message });
        return;
    }
  }

  /** The other value a double-voter signs: the other half of its own equivocation, else nil or another proposal. */
  #conflictingValue(vote: Vote): ValueId | null {
    const pair = this.#equivocated.get(vote.round);
    if (pair !== undefined && vote.value !== null) return pair[0] === vote.value ? pair[1] : pair[0];
    if (vote.value !== null) return null;
    for (const p of this.#proposalsSeen.values()) if (p.round === vote.round) return p.value;
    return `h${vote.height}-r${vote.round}-n${this.index}-dv`;
  }

  /** Future-round and future-height messages with random values, signed by this node. */
  #spam(vote: Vote, peers: readonly number[]): void {
    const rng = this.#rng;
    const junk = (): string => `spam-${rng.nextU32().toString(16)}`;
    const messages: NetMessage[] = [
      { kind: 'vote', vote: { ...vote, type: rng.chance(0.5) ? 'prevote' : 'precommit', round: vote.round + 1 + rng.int(1000), value: junk() } },
      { kind: 'vote', vote: { ...vote, height: vote.height + 1n + BigInt(rng.int(50)), round: rng.int(10), value: junk() } },
      { kind: 'proposal', proposal: { height: vote.height, round: vote.round + 1 + rng.int(1000), value: junk(), validRound: -1, from: vote.from } },
    ];
    for (const msg of messages) for (const peer of peers) this.#ctx.send(this.index, peer, msg);
  }
}
