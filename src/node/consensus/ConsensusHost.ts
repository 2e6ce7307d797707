import { initialConsensusState, step, type ConsensusEffect, type ConsensusInput, type ConsensusState, type Validator } from '../../consensus/index.ts';
import type { TxPool } from '../../mempool/TxPool.ts';
import { CONSENSUS_STEP_VALUE, type NodeMetrics } from '../../metrics/nodeMetrics.ts';
import { decodeBody, encodeBody } from '../../primitives/block.ts';
import { decodeHeader, encodeHeader, type DigestItem } from '../../primitives/header.ts';
import { encodePreDigest } from '../../primitives/consensusMessages/index.ts';
import type { BlockExecutor, BuiltBlock } from '../../runtime/BlockExecutor.ts';
import { validatorSet, type ValidatorValue } from '../../runtime/pallets/session.ts';
import { blockTimestamp, nextBlockTimestamp } from '../nextBlockTimestamp.ts';
import type { Chain } from '../Chain.ts';
import type { Logger } from '../Logger.ts';
import { shortHash } from '../Logger.ts';
import type { Timers } from '../SoloAuthor.ts';
import type { ConsensusLog, ConsensusNetwork, ConsensusWire, GossipVerdict, SignedVote, ValidatorKey, WireMessage } from './ConsensusPorts.ts';
import { BlockSync } from './BlockSync.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const MAX_FUTURE_MESSAGES = 4096;
/** Signed messages of the current height kept for re-sending. */
const MAX_HEIGHT_MESSAGES = 1024;
/** How often the messages of the current height are sent again, for peers that missed them. */
const RESEND_INTERVAL_MS = 2000;
const MAX_CANDIDATES = 64;

export interface ConsensusHostOptions {
  /** This node's consensus public key, when it is a validator. */
  readonly ownKey: Uint8Array | undefined;
  readonly timers: Timers;
  readonly logger: Logger;
  readonly metrics: NodeMetrics;
  /** Target time between blocks: a new height starts no sooner than this after the last block's timestamp. */
  readonly blockTimeMs: number;
}

/**
 * The consensus host: the one routine that feeds the pure Tendermint core (src/consensus)
 * its inputs — peer messages, own messages fed back, timeouts — one at a time, and carries
 * out its effects: building a block when this node proposes, signing (own votes are durable
 * in the WAL before they are sent), broadcasting, and importing a decided block with its
 * commit certificate as justification. Messages of later heights wait in a bounded buffer;
 * a node that is behind catches up through BlockSync, verifying certificates.
 */
export class ConsensusHost {
  #state: ConsensusState = initialConsensusState();
  #height = 0n;
  #validators: ValidatorValue[] = [];
  readonly #candidates = new Map<string, BuiltBlock>();
  readonly #votes = new Map<string, SignedVote>();
  /** Messages of later heights, verified only once their height starts (the validator set may differ). */
  readonly #future: { readonly height: bigint; readonly bytes: Uint8Array }[] = [];
  /** Every verified message of the current height (own and peers'), as sent on the wire. */
  #heightMessages: Uint8Array[] = [];
  #resendTimer: NodeJS.Timeout | undefined;
  readonly #timers = new Set<unknown>();
  #queue: Promise<void> = Promise.resolve();
  #running = false;
  readonly #sync: BlockSync;

  constructor(
    private readonly chain: Chain,
    private readonly executor: BlockExecutor,
    private readonly pool: TxPool,
    private readonly wire: ConsensusWire,
    private readonly log: ConsensusLog,
    private readonly network: ConsensusNetwork,
    private readonly opts: ConsensusHostOptions,
  ) {
    this.#sync = new BlockSync(chain, executor, wire, network, opts.logger.child('sync'), (block, justifications) =>
      new Promise<void>((resolve) => {
        if (!this.#running) return resolve();
        this.#enqueue(async () => {
          try {
            await this.#importFinal(block, justifications);
          } finally {
            resolve();
          }
        });
        // A task skipped because the host stopped meanwhile must not leave the sync waiting.
        void this.#queue.then(() => resolve());
      }),
    );
  }

  /** The height being decided. */
  get height(): bigint {
    return this.#height;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.network.onGossip('consensus', (data, from) => this.#onGossip(data, from));
    this.#sync.start();
    // Tendermint's liveness assumes every message eventually reaches every correct node; a node
    // that restarted or reconnected missed some, so the current height's messages are re-sent.
    this.#resendTimer = setInterval(() => {
      for (const bytes of this.#heightMessages) this.network.publish('consensus', bytes, { resend: true });
    }, RESEND_INTERVAL_MS);
    this.#resendTimer.unref();
    this.#enqueue(async () => {
      const height = this.chain.best.header.number + 1n;
      await this.#startHeight(height);
      await this.#replayWal(height);
    });
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#resendTimer !== undefined) clearInterval(this.#resendTimer);
    for (const t of this.#timers) this.opts.timers.clearTimeout(t);
    this.#timers.clear();
    this.#sync.stop();
    await this.#queue;
  }

  // ---- the routine -----------------------------------------------------------------------

  /** Runs `task` after every earlier one: inputs are handled strictly one at a time. */
  #enqueue(task: () => Promise<void> | void): void {
    this.#queue = this.#queue.then(async () => {
      if (!this.#running) return;
      try {
        await task();
      } catch (e) {
        this.opts.logger.error('consensus task failed', { error: e });
      }
    });
  }

  async #input(input: ConsensusInput): Promise<void> {
    const { state, effects } = step(this.#state, input);
    this.#state = state;
    for (const effect of effects) await this.#effect(effect);
  }

  async #startHeight(height: bigint): Promise<void> {
    if (height <= this.chain.finalized.header.number) height = this.chain.finalized.header.number + 1n;
    this.#height = height;
    this.#validators = validatorSet(this.executor.stateAt(this.chain.best.header.stateRoot));
    this.#candidates.clear();
    this.#votes.clear();
    this.#heightMessages = [];
    this.opts.metrics.consensusHeight.set(height);
    const validators: Validator[] = this.#validators.map((v) => ({ id: hex(v.consensus_key), power: v.power }));
    const ownId = this.opts.ownKey === undefined ? undefined : hex(this.opts.ownKey);
    const member = ownId !== undefined && validators.some((v) => v.id === ownId);
    await this.#input({ tag: 'StartHeight', height, validators, ...(member ? { ownId } : {}) });
    const waiting = this.#future.splice(0).filter((m) => m.height >= height);
    for (const m of waiting) {
      if (m.height === height) await this.#admit(m.bytes);
      else this.#future.push(m);
    }
  }

  async #effect(effect: ConsensusEffect): Promise<void> {
    switch (effect.tag) {
      case 'StartedRound':
        this.opts.metrics.consensusRound.set(effect.round);
        this.opts.metrics.consensusStep.set(CONSENSUS_STEP_VALUE.propose);
        this.opts.logger.debug(`round ${effect.round} of #${effect.height}, proposer ${effect.proposer.slice(0, 8)}`);
        return;
      case 'RequestValue': {
        const block = this.#buildBlock(effect.round);
        this.#remember(block);
        await this.#input({ tag: 'ProposeValue', height: effect.height, round: effect.round, value: hex(block.hash) });
        return;
      }
      case 'BroadcastProposal': {
        const block = this.#candidates.get(effect.value);
        if (block === undefined) throw new Error(`no block ${effect.value} to propose`);
        const proposal = this.wire.signProposal({
          height: effect.height,
          round: effect.round,
          validRound: effect.validRound,
          blockHash: block.hash,
          block: { header: encodeHeader(block.header), body: block.body },
        });
        let bytes: Uint8Array;
        try {
          bytes = await this.log.recordOwnProposal(proposal, this.wire.encode({ kind: 'proposal', proposal }));
        } catch (e) {
          this.opts.logger.warn(`not proposing at #${effect.height} round ${effect.round}: ${(e as Error).message}`);
          return;
        }
        this.network.publish('consensus', bytes);
        this.#keep(bytes);
        await this.#input({ tag: 'Proposal', proposal: { height: effect.height, round: effect.round, value: effect.value, validRound: effect.validRound, from: hex(proposal.proposer) }, valid: true });
        return;
      }
      case 'BroadcastVote': {
        this.opts.metrics.consensusStep.set(CONSENSUS_STEP_VALUE[effect.type]);
        const vote = this.wire.signVote({ type: effect.type, height: effect.height, round: effect.round, blockHash: effect.value === null ? null : Buffer.from(effect.value, 'hex') });
        let bytes: Uint8Array;
        try {
          bytes = await this.log.recordOwnVote(vote, this.wire.encode({ kind: 'vote', vote }));
        } catch (e) {
          // The WAL's double-sign guard: a different vote for this (height, round, type) was
          // signed before a restart. Stay silent for this step rather than equivocate.
          this.opts.logger.warn(`not voting ${effect.type} at #${effect.height} round ${effect.round}: ${(e as Error).message}`);
          return;
        }
        this.network.publish('consensus', bytes);
        this.#keep(bytes);
        await this.#handleMessage({ kind: 'vote', vote });
        return;
      }
      case 'ScheduleTimeout': {
        const handle = this.opts.timers.setTimeout(() => {
          this.#timers.delete(handle);
          this.opts.metrics.timeouts.inc({ kind: effect.kind });
          this.#enqueue(() => this.#input({ tag: 'Timeout', kind: effect.kind, height: effect.height, round: effect.round }));
        }, effect.durationMs);
        this.#timers.add(handle);
        return;
      }
      case 'Decide': {
        this.opts.metrics.consensusStep.set(CONSENSUS_STEP_VALUE.commit);
        const block = this.#candidates.get(effect.value);
        if (block === undefined) throw new Error(`decided block ${effect.value} is unknown`);
        const precommits = effect.precommits.map((v) => this.#votes.get(voteKey('precommit', v.round, v.from, v.value))!);
        const justifications = this.wire.encodeJustifications(effect.height, effect.round, block.hash, precommits);
        await this.#importFinal(block, justifications);
        return;
      }
      case 'Equivocation':
        this.opts.logger.warn(`equivocation by validator 0x${effect.from.slice(0, 16)}… (${effect.message})`);
        return;
    }
  }

  /** Imports a final block (decided here, or synced with its certificate) and moves to the next height. */
  async #importFinal(block: BuiltBlock, justifications: Uint8Array): Promise<void> {
    if (block.header.number !== this.chain.best.header.number + 1n) return;
    await this.chain.importBlock(block, { finalize: true, justifications });
    await this.log.endHeight(block.header.number);
    for (const r of block.rejected) this.pool.markInvalid(r.hash);
    await this.pool.onBlockImported({ hash: block.hash, number: block.header.number, extrinsics: block.extrinsics });
    this.pool.onBlockFinalized(block.hash);
    this.opts.logger.info(`✨ Imported #${block.header.number} (${shortHash(block.hash)})`, { extrinsics: block.extrinsics.length });
    for (const t of this.#timers) this.opts.timers.clearTimeout(t);
    this.#timers.clear();
    // Pace the chain: the next height starts one block time after this block's timestamp
    // (at once when catching up). Messages of the next height wait in the future buffer.
    const next = block.header.number + 1n;
    const wait = Number(blockTimestamp(this.executor, this.chain.best.header.stateRoot)) + this.opts.blockTimeMs - this.opts.timers.now();
    if (wait <= 0) {
      await this.#startHeight(next);
      return;
    }
    const handle = this.opts.timers.setTimeout(() => {
      this.#timers.delete(handle);
      this.#enqueue(() => (this.#height < next && this.chain.best.header.number + 1n === next ? this.#startHeight(next) : undefined));
    }, wait);
    this.#timers.add(handle);
  }

  #buildBlock(round: number): BuiltBlock {
    const parent = this.chain.best;
    const index = this.#validators.findIndex((v) => Buffer.from(v.consensus_key).equals(Buffer.from(this.opts.ownKey ?? [])));
    const preDigest: DigestItem[] = [encodePreDigest({ round, proposerIndex: index })];
    const built = this.executor.build({
      parent: { hash: parent.hash, number: parent.header.number, stateRoot: parent.header.stateRoot },
      timestamp: nextBlockTimestamp(this.executor, parent.header.stateRoot, this.opts.timers.now()),
      author: this.#validators[index]?.account,
      preDigest,
      candidates: this.pool.ready(),
    });
    return this.executor.withSeal(built, this.wire.seal(built.header));
  }

  #remember(block: BuiltBlock): void {
    this.#candidates.set(hex(block.hash), block);
    if (this.#candidates.size > MAX_CANDIDATES) this.#candidates.delete(this.#candidates.keys().next().value!);
  }

  // ---- peer messages -----------------------------------------------------------------------

  #onGossip(data: Uint8Array, from: string): GossipVerdict {
    let message: WireMessage;
    try {
      message = this.wire.decode(data);
    } catch {
      return 'reject';
    }
    const height = messageHeight(message);
    if (height < this.#height) return 'ignore';
    if (height > this.#height) {
      if (height > this.#height + 1n) this.#sync.behind(from);
      if (this.#future.length < MAX_FUTURE_MESSAGES) this.#future.push({ height, bytes: data });
      return 'accept';
    }
    if (!this.#verified(message)) return 'reject';
    this.#enqueue(() => this.#admit(data));
    return 'accept';
  }

  /** Checks a message of the current height against the current validator set. */
  #verified(message: WireMessage): boolean {
    const keys: ValidatorKey[] = this.#validators.map((v) => ({ publicKey: v.consensus_key, power: v.power }));
    return message.kind === 'vote' ? this.wire.verifyVote(message.vote, keys) : this.wire.verifyProposal(message.proposal, keys);
  }

  /** A peer message for the current height: verified, made durable in the WAL, kept for re-sending, handled. */
  async #admit(bytes: Uint8Array): Promise<void> {
    let message: WireMessage;
    try {
      message = this.wire.decode(bytes);
    } catch {
      return;
    }
    if (messageHeight(message) !== this.#height || !this.#verified(message)) return;
    // CometBFT's rule: an input is durable before it is handled, so a restart replays it.
    await this.log.appendInput(this.#height, bytes);
    this.#keep(bytes);
    await this.#handleMessage(message);
  }

  /** Resolves once every input queued so far has been handled (tests, orderly shutdown). */
  whenIdle(): Promise<void> {
    return this.#queue;
  }

  /**
   * After a restart: hands the core, in their original order, the messages of this height it
   * had handled before the crash (peer messages and its own signed votes and proposal), so it
   * recovers its votes, lock and valid value. Re-emitted own votes are identical (the WAL's
   * double-sign guard returns the first signature), so nothing conflicting is ever sent.
   */
  async #replayWal(height: bigint): Promise<void> {
    const entries = this.log.replay(height);
    if (entries.length === 0) return;
    this.opts.logger.info(`replaying ${entries.length} consensus messages of #${height} from the WAL`);
    for (const bytes of entries) {
      let message: WireMessage;
      try {
        message = this.wire.decode(bytes);
      } catch {
        continue;
      }
      this.#keep(bytes);
      await this.#handleMessage(message);
    }
  }

  #keep(bytes: Uint8Array): void {
    if (this.#heightMessages.length < MAX_HEIGHT_MESSAGES) this.#heightMessages.push(bytes);
  }

  /** A verified message of the current height (or an own one fed back). */
  async #handleMessage(message: WireMessage): Promise<void> {
    if (messageHeight(message) !== this.#height) return;
    if (message.kind === 'vote') {
      const v = message.vote;
      this.opts.metrics.votesReceived.inc({ type: v.type });
      const value = v.blockHash === null ? null : hex(v.blockHash);
      this.#votes.set(voteKey(v.type, v.round, hex(v.validator), value), v);
      await this.#input({ tag: 'Vote', vote: { type: v.type, height: v.height, round: v.round, value, from: hex(v.validator) } });
      return;
    }
    const p = message.proposal;
    this.opts.metrics.proposalsReceived.inc();
    let valid = false;
    const value = hex(p.blockHash);
    if (!this.#candidates.has(value)) {
      try {
        const header = decodeHeader(p.block.header);
        const parent = this.chain.best;
        const index = this.wire.verifyAuthor(header, this.#validators.map((v) => ({ publicKey: v.consensus_key, power: v.power })));
        const block = this.executor.execute(
          { hash: parent.hash, number: parent.header.number, stateRoot: parent.header.stateRoot },
          header,
          decodeBody(p.block.body),
          this.#validators[index]?.account,
        );
        valid = Buffer.from(block.hash).equals(Buffer.from(p.blockHash)) && Buffer.from(encodeBody(block.extrinsics)).equals(Buffer.from(p.block.body));
        if (valid) this.#remember(block);
      } catch (e) {
        this.opts.logger.warn(`invalid proposal for #${p.height} round ${p.round}: ${(e as Error).message}`);
      }
    } else {
      valid = true;
    }
    await this.#input({ tag: 'Proposal', proposal: { height: p.height, round: p.round, value, validRound: p.validRound, from: hex(p.proposer) }, valid });
  }
}

function messageHeight(m: WireMessage): bigint {
  return m.kind === 'vote' ? m.vote.height : m.proposal.height;
}

function voteKey(type: string, round: number, from: string, value: string | null): string {
  return `${type}/${round}/${from}/${value ?? 'nil'}`;
}
