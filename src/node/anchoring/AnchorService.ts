import type { LocalAccount } from 'viem';
import type { AnchorCommitment } from '../../anchor/commitmentDigest.ts';
import { signCommitment, type AnchorSignature } from '../../anchor/signCommitment.ts';
import type { AnchorValidatorSet } from '../../anchor/validatorSetHash.ts';
import type { KeyValueStore } from '../../store/index.ts';
import type { Logger } from '../Logger.ts';
import type { AnchorChainView } from './AnchorChainView.ts';
import { AnchorPeriods, type AnchorBlockProof } from './AnchorPeriods.ts';
import { AnchorRepository } from './AnchorRepository.ts';
import { AnchorSignaturePool, type AnchorDomain, type SignedCommitment } from './AnchorSignaturePool.ts';
import { AnchorGossipError, decodeAnchorGossip, encodeAnchorGossip } from './anchorGossipMessage.ts';

type Verdict = 'accept' | 'ignore' | 'reject';

/** What anchoring needs of the network. */
export interface AnchorNetwork {
  publish(topic: 'anchor', data: Uint8Array, opts?: { resend?: boolean }): void;
  onGossip(topic: 'anchor', handler: (data: Uint8Array, from: string) => Verdict | Promise<Verdict>): void;
}

/** Counters the service bumps (the node backs them with Prometheus metrics). */
export interface AnchorServiceMetrics {
  commitment(c: AnchorCommitment): void;
  signature(): void;
}

export interface AnchorServiceOptions {
  readonly view: AnchorChainView;
  readonly kv: KeyValueStore;
  readonly logger: Logger;
  /** Without a domain the node cuts periods and serves proofs but neither signs nor gathers signatures. */
  readonly domain?: AnchorDomain;
  /** This validator's anchor key; without it the node only relays and gathers signatures. */
  readonly signer?: LocalAccount;
  readonly network?: AnchorNetwork;
  readonly metrics?: AnchorServiceMetrics;
  /** How often own signatures on commitments still short of a quorum are gossiped again (ms, default 5000). */
  readonly republishMs?: number;
}

/** How many of the newest commitments are re-gossiped while short of a quorum. */
const REPUBLISH_WINDOW = 8;

/**
 * The relay side of anchoring: cuts finalized blocks into periods ({@link AnchorPeriods}), signs
 * each commitment with this validator's anchor key, gossips signatures and gathers everyone's
 * ({@link AnchorSignaturePool}). It is the source the L1 submitter reads quorum-signed
 * commitments from, and what the `spindle_anchor*` RPC methods read.
 */
export class AnchorService {
  readonly periods: AnchorPeriods;
  readonly pool: AnchorSignaturePool | undefined;
  readonly #repo: AnchorRepository;
  #unsubscribe: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #work: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(private readonly opts: AnchorServiceOptions) {
    this.#repo = new AnchorRepository(opts.kv);
    this.periods = new AnchorPeriods(opts.view, this.#repo);
    this.pool = opts.domain === undefined ? undefined : new AnchorSignaturePool(this.periods, this.#repo, opts.domain);
  }

  async start(): Promise<void> {
    const { opts } = this;
    this.periods.onCommitment((c) => {
      opts.metrics?.commitment(c);
      opts.logger.debug(`anchor commitment #${c.fromBlock}..#${c.toBlock} (set ${c.setId})`);
      if (this.pool !== undefined && opts.signer !== undefined) this.#enqueue(() => this.#sign(c));
    });
    this.pool?.onSignature(() => opts.metrics?.signature());
    if (this.pool !== undefined && opts.network !== undefined) {
      opts.network.onGossip('anchor', (data) => this.#receive(data));
    }
    this.#enqueue(() => this.periods.catchUp());
    this.#unsubscribe = opts.view.onFinalized(() => this.#enqueue(() => this.periods.catchUp()));
    if (this.pool !== undefined && opts.signer !== undefined && opts.network !== undefined) {
      this.#timer = setInterval(() => this.#republish(), opts.republishMs ?? 5000);
      this.#timer.unref();
    }
    await this.#work;
  }

  /** Waits for work in flight; idempotent. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    if (this.#timer !== undefined) clearInterval(this.#timer);
    await this.#work;
  }

  /** Consecutive quorum-signed commitments starting exactly at `fromBlock` (for the L1 submitter). */
  readyFrom(fromBlock: bigint, max: number): SignedCommitment[] {
    return this.pool?.readyFrom(fromBlock, max) ?? [];
  }

  validatorSet(setId: bigint): AnchorValidatorSet | undefined {
    return this.periods.validatorSet(setId);
  }

  proofFor(number: bigint): AnchorBlockProof | undefined {
    return this.periods.proofFor(number);
  }

  #enqueue(task: () => Promise<void>): void {
    this.#work = this.#work.then(async () => {
      if (this.#stopped) return;
      try {
        await task();
      } catch (e) {
        this.opts.logger.error('anchoring failed', { error: e });
      }
    });
  }

  async #sign(c: AnchorCommitment): Promise<void> {
    const { pool } = this;
    const signer = this.opts.signer!;
    const set = this.periods.validatorSet(c.setId);
    if (pool === undefined || set === undefined || !set.validators.some((v) => v.addr.toLowerCase() === signer.address.toLowerCase())) return;
    const [signature] = await signCommitment(pool.digest(c), [signer]);
    const outcome = await pool.add(c, signature!);
    if (outcome !== 'added') this.opts.logger.warn(`own anchor signature on #${c.fromBlock}..#${c.toBlock} was ${outcome}`);
    this.#publish(c, signature!);
  }

  #publish(commitment: AnchorCommitment, signature: AnchorSignature, resend = false): void {
    this.opts.network?.publish('anchor', encodeAnchorGossip({ commitment, signature }), { resend });
  }

  async #receive(data: Uint8Array): Promise<Verdict> {
    let message;
    try {
      message = decodeAnchorGossip(data);
    } catch (e) {
      if (e instanceof AnchorGossipError) return 'reject';
      throw e;
    }
    const outcome = await this.pool!.add(message.commitment, message.signature);
    // A signature on an older or diverging period can be honest (a lagging peer); only a bad one is penalised.
    return outcome === 'added' || outcome === 'pending' ? 'accept' : 'ignore';
  }

  #republish(): void {
    const pool = this.pool;
    const signer = this.opts.signer;
    if (pool === undefined || signer === undefined) return;
    const last = this.periods.lastCommittedBlock;
    for (let i = 0, c = this.periods.commitmentFor(last); i < REPUBLISH_WINDOW && c !== undefined; i++, c = this.periods.commitmentFor(c.fromBlock - 1n)) {
      if (pool.signed(c.fromBlock) !== undefined) continue;
      const own = pool.signatures(c.fromBlock).get(signer.address.toLowerCase() as `0x${string}`);
      if (own !== undefined) this.#publish(c, own, true);
    }
  }
}
