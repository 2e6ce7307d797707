import type { KeyringPair } from '@polkadot/keyring/types';
import type { Logger } from '../../rpc/server/index.ts';
import { noopLogger } from '../../rpc/server/index.ts';
import { CandidateError } from './CandidateError.ts';
import type { CandidateLimits } from './CandidateLimits.ts';
import type { CandidateStore, InFlightBatch } from './CandidateStore.ts';
import { hashHex, payloadHash } from './payloadHash.ts';
import type { RelayClient, RelayHead } from './RelayClient.ts';
import { takeBatch } from './takeBatch.ts';
import { Wakeup } from './Wakeup.ts';

/** Where app-chain transactions are polled from (an AppChainConnector fits). */
export interface PendingSource {
  pendingExtrinsics(): Promise<Uint8Array[]>;
}

/** This collator's candidate made it into a finalized relay block. */
export interface SequencedEvent {
  readonly relayBlockNumber: bigint;
  readonly relayBlockHash: Uint8Array;
  readonly txHash: Uint8Array;
  /** The payloads' hashes, in their order in the block. */
  readonly payloadHashes: readonly Uint8Array[];
}

/**
 * Test-only fault injection: called right after the candidate is durably recorded (before its
 * first send) and right after the relay accepted it, so a test can kill the process there.
 */
export interface GathererFaults {
  afterRecord?(batch: InFlightBatch): void;
  afterSend?(batch: InFlightBatch): void;
}

export interface CandidateGathererOptions {
  readonly paraId: number;
  readonly store: CandidateStore;
  readonly relay: RelayClient;
  /** Signs `sequencer.submitCandidate`; any account with funds (or the para's sponsor pays). */
  readonly signer: KeyringPair;
  /** Polled every `pollIntervalMs` for the app-chain node's pending extrinsics. */
  readonly source?: PendingSource;
  /** Poll period of the source and fallback period of the relay loop. Default 1000. */
  readonly pollIntervalMs?: number;
  /** Payloads queued at most; more are refused with QUEUE_FULL. Default 100 000. */
  readonly maxQueuedPayloads?: number;
  /** At start, finalized blocks further back than this are not scanned (unless a candidate is in flight). Default 14 400. */
  readonly catchUpBlocks?: number;
  /** Resend the in-flight candidate (same bytes) when it is not settled after this many finalized blocks. Default 8. */
  readonly resendAfterBlocks?: number;
  /** Backoff after a failure: `min(maxMs, initialMs · 2^(failures-1))`. Default 200 / 10 000. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly logger?: Logger;
  readonly faults?: GathererFaults;
}

/** What is known about sending the in-flight candidate, in this process. */
interface SendState {
  readonly txHash: string;
  /** Signed by this process and never sent before (an invalid answer then proves it is nowhere). */
  readonly fresh: boolean;
  attempts: number;
  needsSend: boolean;
  retryAt: number;
  sentAtBlock: bigint;
}

/**
 * Gathers an app chain's transactions and gets them sequenced on the relay, each exactly once,
 * in the order they were accepted:
 * - takes payloads from users ({@link submit}, behind the collator's `author_submitExtrinsic`)
 *   and from the app-chain node's pool (polling `source`), dedups them by hash against the
 *   queue and against what finalized relay blocks sequenced for the para recently, and queues
 *   them durably (LMDB) before acknowledging;
 * - sends one candidate at a time: the queue's head, split to the runtime's limits, as
 *   `sequencer.submitCandidate(paraId, latest finalized relay hash, payloads)`, recorded with
 *   its signed bytes and hash before the first send;
 * - follows finalized relay blocks: the candidate is settled when its extrinsic is found
 *   (included → its payloads leave the queue; failed → they go into the next one), or expires
 *   once `MaxRelayParentAge + 1` blocks past its relay parent are scanned without it (it can no
 *   longer be included) and is then signed anew on a fresh relay parent;
 * - retries transient relay errors with backoff and resends the same bytes after a reconnection
 *   or a restart (idempotent: same hash, same nonce), so nothing is lost or duplicated.
 *
 * @example
 * const gatherer = new CandidateGatherer({ paraId: 100, store, relay, signer, source: connector });
 * await gatherer.start(signal);
 * const hash = await gatherer.submit(extrinsicBytes); // durable once this resolves
 * gatherer.onSequenced((e) => console.log('sequenced in relay block', e.relayBlockNumber));
 * await gatherer.stop();
 */
export class CandidateGatherer {
  readonly #o: CandidateGathererOptions;
  readonly #log: Logger;
  readonly #poll: number;
  readonly #maxQueued: number;
  readonly #relayWake = new Wakeup();
  readonly #sourceWake = new Wakeup();
  readonly #listeners = new Set<(e: SequencedEvent) => void>();
  readonly #ignored = new Set<string>();
  #running = false;
  #stopped = false;
  #loops: Promise<void>[] = [];
  #cleanups: (() => void)[] = [];
  #send: SendState | undefined;
  #failures = 0;
  #stopping: Promise<void> | null = null;

  constructor(opts: CandidateGathererOptions) {
    this.#o = opts;
    this.#log = opts.logger ?? noopLogger();
    this.#poll = opts.pollIntervalMs ?? 1000;
    this.#maxQueued = opts.maxQueuedPayloads ?? 100_000;
  }

  /** Starts the relay loop and the source poller. Aborting `signal` stops them. */
  async start(signal?: AbortSignal): Promise<void> {
    if (this.#running || this.#stopped) return;
    this.#running = true;
    this.#cleanups.push(
      this.#o.relay.onConnection((connected) => {
        if (!connected) return;
        // The relay may have restarted with an empty pool: send the in-flight candidate again.
        if (this.#send !== undefined) this.#send.needsSend = true;
        this.#relayWake.wake();
      }),
    );
    try {
      const unsubscribe = await this.#o.relay.onFinalized(() => this.#relayWake.wake());
      this.#cleanups.push(unsubscribe);
    } catch (cause) {
      this.#log.warn('cannot subscribe to finalized relay heads; polling instead', { cause });
    }
    if (signal !== undefined) {
      const onAbort = (): void => void this.stop();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#cleanups.push(() => signal.removeEventListener('abort', onAbort));
      if (signal.aborted) onAbort();
    }
    this.#loops = [this.#relayLoop(), ...(this.#o.source === undefined ? [] : [this.#sourceLoop(this.#o.source)])];
  }

  /** Stops both loops (each finishes the step it is in). Does not close the store or the relay client. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#stopped = true;
      this.#running = false;
      this.#relayWake.wake();
      this.#sourceWake.wake();
      for (const c of this.#cleanups) c();
      this.#cleanups = [];
      await Promise.all(this.#loops);
    })();
    return this.#stopping;
  }

  /**
   * Accepts one app-chain transaction; resolves with its hash (blake2-256) once it is durably
   * queued. Rejects with CandidateError EMPTY_PAYLOAD, PAYLOAD_TOO_LARGE (over the relay's
   * `MaxPayloadBytes`), DUPLICATE (queued, or sequenced recently), QUEUE_FULL or NOT_RUNNING.
   */
  async submit(payload: Uint8Array): Promise<Uint8Array> {
    if (!this.#running) throw new CandidateError({ code: 'NOT_RUNNING' }, 'the collator is not running');
    this.#checkSize(payload, this.#o.relay.limits());
    const hash = payloadHash(payload);
    const [outcome] = await this.#o.store.accept([{ hash, payload }], this.#maxQueued);
    if (outcome === 'duplicate') throw new CandidateError({ code: 'DUPLICATE', hash }, `transaction ${hashHex(hash)} is already queued or sequenced`);
    if (outcome === 'full') throw new CandidateError({ code: 'QUEUE_FULL' }, `the collator's queue holds ${this.#maxQueued} transactions already`);
    if (this.#o.store.inFlight() === undefined) this.#relayWake.wake(); // else the next finalized block wakes it

    return hash;
  }

  /** The queued payloads, in order (including those of the in-flight candidate). */
  pending(): Uint8Array[] {
    return this.#o.store.queued().map((q) => q.payload);
  }

  /** Calls `listener` each time one of this collator's candidates is found in a finalized relay block. */
  onSequenced(listener: (e: SequencedEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async #relayLoop(): Promise<void> {
    while (!this.#stopped) {
      let delay: number;
      try {
        delay = await this.#step();
        this.#failures = 0;
      } catch (cause) {
        this.#failures++;
        delay = this.#backoff(this.#failures);
        if (!this.#stopped) {
          const fields = { cause: describe(cause), failures: this.#failures, retryInMs: delay };
          // Once per outage at warn level (and every 30th attempt), not on every retry.
          if (this.#failures === 1 || this.#failures % 30 === 0) this.#log.warn('relay step failed; retrying', fields);
          else this.#log.debug('relay step failed; retrying', fields);
        }
      }
      if (!this.#stopped) await this.#relayWake.wait(delay);
    }
  }

  async #sourceLoop(source: PendingSource): Promise<void> {
    while (!this.#stopped) {
      try {
        await this.#takeFromSource(await source.pendingExtrinsics());
      } catch (cause) {
        if (!this.#stopped) this.#log.debug('polling the app chain failed', { cause: describe(cause) });
      }
      if (!this.#stopped) await this.#sourceWake.wait(this.#poll);
    }
  }

  async #takeFromSource(extrinsics: readonly Uint8Array[]): Promise<void> {
    const limits = this.#o.relay.limits();
    const fresh: { hash: Uint8Array; payload: Uint8Array }[] = [];
    for (const payload of extrinsics) {
      const hash = payloadHash(payload);
      const id = hashHex(hash);
      if (this.#ignored.has(id) || this.#o.store.statusOf(hash) !== undefined) continue;
      try {
        this.#checkSize(payload, limits);
      } catch (e) {
        if (this.#ignored.size > 10_000) this.#ignored.clear();
        this.#ignored.add(id);
        this.#log.warn('app-chain transaction cannot be sequenced; skipped', { hash: id, reason: (e as Error).message });
        continue;
      }
      fresh.push({ hash, payload });
    }
    if (fresh.length === 0 || this.#stopped) return;
    const outcomes = await this.#o.store.accept(fresh, this.#maxQueued);
    if (outcomes.includes('full')) this.#log.warn('queue full: app-chain transactions left for a later poll', { refused: outcomes.filter((o) => o === 'full').length });
    if (outcomes.includes('accepted')) this.#relayWake.wake();
  }

  /** One pass of the relay loop; returns how long to wait before the next one. */
  async #step(): Promise<number> {
    const head = await this.#o.relay.finalizedHead();
    await this.#scanTo(head);
    if (this.#stopped) return 0;
    const limits = this.#o.relay.limits();
    const inFlight = this.#o.store.inFlight();
    if (inFlight !== undefined) {
      const lastScanned = this.#o.store.lastScanned() ?? 0n;
      if (lastScanned < inFlight.relayParentNumber + BigInt(limits.maxRelayParentAge) + 1n) return this.#drive(inFlight, head);
      // Every block that could have included it is scanned: it never will be.
      this.#log.info('candidate expired without inclusion; signing its payloads anew', { txHash: hashHex(inFlight.txHash), relayParent: inFlight.relayParentNumber.toString() });
      await this.#o.store.clearInFlight();
      this.#send = undefined;
    }
    return this.#newCandidate(head, limits);
  }

  /** Applies finalized blocks up to `head` to the store, settling the in-flight candidate. */
  async #scanTo(head: RelayHead): Promise<void> {
    const store = this.#o.store;
    const last = store.lastScanned();
    const inFlight = store.inFlight();
    const next = last !== undefined ? last + 1n : inFlight !== undefined ? inFlight.relayParentNumber + 1n : head.number;
    const floor = head.number - BigInt(this.#o.catchUpBlocks ?? 14_400);
    let from = next > floor ? next : floor;
    // Never skip a block that could hold the in-flight candidate.
    if (inFlight !== undefined) {
      const needed = inFlight.relayParentNumber + 1n > next ? inFlight.relayParentNumber + 1n : next;
      if (needed < from) from = needed;
    }
    for (let n = from; n <= head.number && !this.#stopped; n++) {
      const current = store.inFlight();
      const scanned = await this.#o.relay.scanBlock(n, this.#o.paraId, current?.txHash);
      if (this.#stopped) return;
      const ours = scanned.inFlight === 'included' && current !== undefined ? store.hashesOf(current.seqs) : [];
      await store.applyBlock(scanned);
      if (scanned.inFlight === undefined || current === undefined) continue;
      this.#send = undefined;
      if (scanned.inFlight === 'failed') {
        this.#log.warn('candidate failed in its block; its payloads go into the next one', { txHash: hashHex(current.txHash), block: n.toString() });
        continue;
      }
      this.#log.info('candidate sequenced', { block: n.toString(), payloads: ours.length, txHash: hashHex(current.txHash) });
      const event: SequencedEvent = { relayBlockNumber: n, relayBlockHash: scanned.hash, txHash: current.txHash, payloadHashes: ours };
      for (const listener of [...this.#listeners]) listener(event);
    }
  }

  async #newCandidate(head: RelayHead, limits: CandidateLimits): Promise<number> {
    await this.#dropUnsequenceable(limits);
    const queued = this.#o.store.queued(limits.maxCandidatePayloads);
    if (queued.length === 0) return this.#poll;
    const batch = queued.slice(0, takeBatch(queued.map((q) => q.payload.length), limits));
    const nonce = await this.#o.relay.accountNonce(this.#o.signer.address);
    const { txHash, txBytes } = await this.#o.relay.signCandidate({
      paraId: this.#o.paraId,
      relayParent: head,
      payloads: batch.map((q) => q.payload),
      signer: this.#o.signer,
      nonce,
      eraPeriod: eraPeriod(limits.maxRelayParentAge),
    });
    const record: InFlightBatch = { seqs: batch.map((q) => q.seq), txHash, txBytes, relayParent: head.hash, relayParentNumber: head.number, nonce };
    if (this.#stopped) return 0;
    await this.#o.store.recordInFlight(record);
    this.#send = { txHash: hashHex(txHash), fresh: true, attempts: 0, needsSend: true, retryAt: 0, sentAtBlock: head.number };
    this.#log.info('candidate recorded', { txHash: hashHex(txHash), payloads: batch.length, relayParent: head.number.toString(), nonce: nonce.toString() });
    this.#o.faults?.afterRecord?.(record);
    return this.#drive(record, head);
  }

  /** Sends (or resends) the in-flight candidate when due; otherwise waits for the scan to settle it. */
  async #drive(batch: InFlightBatch, head: RelayHead): Promise<number> {
    const id = hashHex(batch.txHash);
    if (this.#send?.txHash !== id) {
      // Recorded by an earlier run (or the relay reconnected): it may be anywhere; resending is idempotent.
      this.#send = { txHash: id, fresh: false, attempts: 0, needsSend: true, retryAt: 0, sentAtBlock: head.number };
    }
    const send = this.#send;
    if (!send.needsSend && head.number >= send.sentAtBlock + BigInt(this.#o.resendAfterBlocks ?? 8)) send.needsSend = true;
    if (!send.needsSend) return this.#poll;
    const wait = send.retryAt - Date.now();
    if (wait > 0) return wait;
    const outcome = await this.#o.relay.submit(batch.txBytes);
    send.attempts++;
    switch (outcome.kind) {
      case 'accepted':
      case 'known':
        send.needsSend = false;
        send.sentAtBlock = head.number;
        this.#log.debug('candidate in the relay pool', { txHash: id, outcome: outcome.kind });
        this.#o.faults?.afterSend?.(batch);
        return this.#poll;
      case 'retry': {
        const delay = this.#backoff(send.attempts);
        send.retryAt = Date.now() + delay;
        this.#log.warn('relay did not take the candidate; retrying', { txHash: id, reason: outcome.reason, retryInMs: delay });
        return delay;
      }
      case 'invalid':
        if (send.fresh && send.attempts === 1) {
          // Its only send was refused: it is in no pool and no block, so it can be replaced now.
          this.#log.warn('relay refused a new candidate; signing it anew', { txHash: id, reason: outcome.reason });
          await this.#o.store.clearInFlight();
          this.#send = undefined;
          this.#failures++;
          return this.#backoff(this.#failures);
        }
        // It may be in a block already (nonce used) or nowhere: the scan or the expiry decides.
        send.needsSend = false;
        send.sentAtBlock = head.number;
        this.#log.info('relay refused a resent candidate; waiting for it to be found or to expire', { txHash: id, reason: outcome.reason });
        return this.#poll;
    }
  }

  /**
   * Removes queued payloads that must not go into a candidate: those the runtime can never take
   * (empty, or over a lowered MaxPayloadBytes), and those someone else sequenced while they
   * travelled in a candidate of ours that then failed or expired.
   */
  async #dropUnsequenceable(limits: CandidateLimits): Promise<void> {
    const head = this.#o.store.queued(limits.maxCandidatePayloads);
    const tooBig = head.filter((q) => q.payload.length === 0 || q.payload.length > limits.maxPayloadBytes);
    const done = head.filter((q) => this.#o.store.sequencedAt(q.hash) !== undefined);
    if (tooBig.length > 0) this.#log.warn('dropping queued transactions over the relay\'s MaxPayloadBytes', { count: tooBig.length, limit: limits.maxPayloadBytes });
    if (done.length > 0) this.#log.info('dropping queued transactions sequenced meanwhile by someone else', { count: done.length });
    if (tooBig.length + done.length > 0) await this.#o.store.dropQueued([...tooBig, ...done].map((q) => q.seq));
  }

  #checkSize(payload: Uint8Array, limits: CandidateLimits): void {
    if (payload.length === 0) throw new CandidateError({ code: 'EMPTY_PAYLOAD' }, 'empty transaction: the relay sequences no empty payloads');
    if (payload.length > limits.maxPayloadBytes) {
      throw new CandidateError({ code: 'PAYLOAD_TOO_LARGE', size: payload.length, limit: limits.maxPayloadBytes }, `transaction of ${payload.length} bytes exceeds the relay's Sequencer.MaxPayloadBytes (${limits.maxPayloadBytes})`);
    }
  }

  #backoff(failures: number): number {
    const { initialMs, maxMs } = this.#o.backoff ?? { initialMs: 200, maxMs: 10_000 };
    return Math.min(maxMs, initialMs * 2 ** Math.min(30, Math.max(0, failures - 1)));
  }
}

/** The mortal era period for a candidate: a power of two (4 … 65 536) covering the relay-parent window. */
function eraPeriod(maxRelayParentAge: number): number {
  let p = 4;
  while (p < maxRelayParentAge && p < 65_536) p *= 2;
  return p;
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message.split('\n')[0]! : String(cause);
}
