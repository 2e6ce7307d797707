import { setTimeout as sleep } from 'node:timers/promises';
import {
  encodeFunctionData,
  keccak256,
  TransactionReceiptNotFoundError,
  type Account,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem';
import type { AnchorLogger } from './AnchorLogger.ts';
import type { AnchorFailureReason, AnchorSubmitterMetrics, AnchorTxKind } from './AnchorSubmitterMetrics.ts';
import { resolveAnchorSubmitterOptions, type AnchorSubmitterOptions, type ResolvedAnchorSubmitterOptions } from './AnchorSubmitterOptions.ts';
import { backoffDelay } from './backoffDelay.ts';
import { bumpFees, type Eip1559Fees } from './bumpFees.ts';
import { decodeAnchorRevert } from './decodeAnchorRevert.ts';
import { isL1Unreachable } from './isL1Unreachable.ts';
import { planAnchorRound, type AnchorRoundPlan } from './planAnchorRound.ts';
import { readAnchorState, type AnchorStateAt } from './readAnchorState.ts';

/** A transaction of ours that is not yet confirmed. */
export interface AnchorInFlight {
  readonly nonce: number;
  readonly kind: AnchorTxKind;
  /** Relay blocks it anchors (`submit`, `submitBatch`) or the set it rotates to. */
  readonly fromBlock?: bigint;
  readonly toBlock?: bigint;
  readonly setId?: bigint;
  /** Every transaction sent at this nonce (the original and its replacements), oldest first. */
  readonly hashes: readonly Hash[];
}

export interface AnchorSubmitterStatus {
  readonly running: boolean;
  /** The contract's `nextBlock - 1` at the last read; undefined before the first read. */
  readonly anchoredHeight: bigint | undefined;
  readonly inFlight: AnchorInFlight | undefined;
  /** Failed rounds in a row (drives the backoff). */
  readonly consecutiveFailures: number;
}

interface InFlightState extends AnchorInFlight {
  readonly data: Hex;
  readonly gas: bigint;
  readonly fees: Eip1559Fees;
  readonly sentAt: number;
  /** The block we last saw it mined in (to tell a reorg from a drop). */
  minedIn?: { readonly blockNumber: bigint; readonly blockHash: Hash } | undefined;
}

type RoundOutcome = 'progress' | 'idle';

interface Nonces {
  readonly latest: number;
  readonly pending: number;
}

/**
 * Posts validator-signed commitments to the SpindleAnchor contract and keeps doing so through
 * everything L1 does: outages (exponential backoff), reorgs (a dropped transaction is noticed
 * and the contract re-read), gas spikes (`maxGasPriceWei`), stuck transactions (same-nonce
 * replacement) and restarts (a pending transaction of the account is waited for, never
 * duplicated).
 *
 * Each round reads the contract's own `nextBlock`, `setId` and `pendingSetHash` as the source
 * of truth; a pending handover is completed with `rotate(next)`; otherwise up to `maxBatch`
 * ready commitments go out in one `submit` / `submitBatch` after `eth_estimateGas` (a revert is
 * decoded to the contract's error name and logged, not sent). At most one transaction of ours is
 * unconfirmed at any time: the next round waits for `confirmations` first.
 *
 * @example
 * const submitter = new AnchorSubmitter({ l1: { rpcUrl, privateKey }, anchor, source, logger, metrics });
 * await submitter.start(signal);
 * …
 * await submitter.stop();
 */
export class AnchorSubmitter {
  readonly #o: ResolvedAnchorSubmitterOptions;
  readonly #publicClient: PublicClient;
  readonly #walletClient: WalletClient<Transport, Chain | undefined, Account>;
  readonly #account: LocalAccount;
  readonly #logger: AnchorLogger;
  readonly #metrics: AnchorSubmitterMetrics;

  #controller: AbortController | undefined;
  #loop: Promise<void> | undefined;
  #inFlight: InFlightState | undefined;
  /** A pending transaction of the account that this instance did not send (an earlier run's). */
  #foreignPending: { readonly nonce: number; readonly since: number } | undefined;
  /** Rejected replacements in a row: each one bumps harder. */
  #escalation = 0;
  #chainId: number | undefined;
  #anchoredHeight: bigint | undefined;
  #failures = 0;
  /** Key of the last condition logged at info/warn, so an unchanged condition is not logged every poll. */
  #lastNote = '';

  /** Throws {@link AnchorSubmitterError} `INVALID_OPTIONS` for an out-of-range option or a non-local account. */
  constructor(options: AnchorSubmitterOptions) {
    this.#o = resolveAnchorSubmitterOptions(options);
    this.#publicClient = this.#o.publicClient;
    this.#walletClient = this.#o.walletClient;
    this.#account = this.#o.account;
    this.#logger = this.#o.logger;
    this.#metrics = this.#o.metrics;
  }

  /** The sender account's address. */
  get sender(): Address {
    return this.#account.address;
  }

  status(): AnchorSubmitterStatus {
    const f = this.#inFlight;
    return {
      running: this.#loop !== undefined,
      anchoredHeight: this.#anchoredHeight,
      inFlight:
        f === undefined
          ? undefined
          : {
              nonce: f.nonce,
              kind: f.kind,
              hashes: [...f.hashes],
              ...(f.fromBlock === undefined ? {} : { fromBlock: f.fromBlock }),
              ...(f.toBlock === undefined ? {} : { toBlock: f.toBlock }),
              ...(f.setId === undefined ? {} : { setId: f.setId }),
            },
      consecutiveFailures: this.#failures,
    };
  }

  /** Starts the rounds in the background; resolves at once. Idempotent; `signal` aborting stops the service. */
  async start(signal?: AbortSignal): Promise<void> {
    if (this.#loop !== undefined || signal?.aborted === true) return;
    const controller = new AbortController();
    this.#controller = controller;
    signal?.addEventListener('abort', () => void this.stop(), { once: true });
    this.#logger.info('anchoring started', { anchor: this.#o.anchor, sender: this.#account.address, confirmations: this.#o.confirmations, maxBatch: this.#o.maxBatch });
    this.#loop = this.#run(controller.signal).catch((error: unknown) => {
      this.#logger.error('anchoring loop crashed', { error: shortMessage(error) });
    });
  }

  /** Stops after the current L1 request; an unconfirmed transaction is left to the next run. Idempotent. */
  async stop(): Promise<void> {
    const loop = this.#loop;
    if (loop === undefined) return;
    this.#controller?.abort();
    await loop;
    if (this.#loop === loop) {
      this.#loop = undefined;
      this.#controller = undefined;
      this.#logger.info('anchoring stopped', { inFlight: this.#inFlight?.hashes.at(-1) });
    }
  }

  async #run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let delay: number;
      try {
        const outcome = await this.#round(signal);
        if (this.#failures > 0) this.#logger.info('L1 answers again', { after: this.#failures });
        this.#failures = 0;
        delay = outcome === 'progress' ? 0 : this.#o.pollIntervalMs;
      } catch (error) {
        if (signal.aborted) break;
        delay = backoffDelay(this.#failures, this.#o.backoff);
        this.#failures += 1;
        const unreachable = isL1Unreachable(error);
        const reason: AnchorFailureReason = unreachable ? 'l1_unreachable' : 'l1_error';
        this.#metrics.failure(reason);
        this.#lastNote = '';
        this.#logger.warn(unreachable ? 'L1 unreachable, backing off' : 'L1 request failed, backing off', {
          attempt: this.#failures,
          delayMs: delay,
          error: shortMessage(error),
        });
      }
      if (signal.aborted) break;
      try {
        await sleep(delay, undefined, { signal });
      } catch {
        break;
      }
    }
  }

  /** One round: settle the transaction in flight, or read the contract and send what is due. */
  async #round(signal: AbortSignal): Promise<RoundOutcome> {
    if (this.#inFlight !== undefined) return this.#checkInFlight(this.#inFlight, signal);

    const nonces = await this.#nonces();
    let replaceNonce: number | undefined;
    if (nonces.pending > nonces.latest) {
      if (this.#foreignPending?.nonce !== nonces.latest) {
        this.#foreignPending = { nonce: nonces.latest, since: this.#o.now() };
        this.#metrics.skipped('own_tx_pending');
        this.#logger.warn('a transaction of the anchoring account is pending; waiting for it', {
          nonce: nonces.latest,
          pendingNonce: nonces.pending,
          replaceAfterMs: this.#o.replaceAfterMs,
        });
      }
      if (this.#o.now() - this.#foreignPending.since < this.#o.replaceAfterMs) return 'idle';
      replaceNonce = nonces.latest;
    } else {
      this.#foreignPending = undefined;
    }

    const state = await readAnchorState(this.#publicClient, this.#o.anchor, this.#o.abi);
    await this.#reportHeights(state);
    const plan = await this.#plan(state);
    if (plan === undefined) return 'idle';
    if (signal.aborted) return 'idle';
    const replacing = replaceNonce === undefined ? undefined : { previous: undefined };
    return (await this.#send(plan, state.l1Block, replaceNonce ?? nonces.latest, replacing)) ? 'progress' : 'idle';
  }

  /** Decides what to send; undefined (after logging why) when nothing. */
  async #plan(state: AnchorStateAt): Promise<Exclude<AnchorRoundPlan, { kind: 'idle' | 'invalid' }> | undefined> {
    const rotating = BigInt(state.pendingSetHash) !== 0n;
    let plan: AnchorRoundPlan;
    try {
      plan = planAnchorRound({
        state,
        ready: rotating ? [] : await this.#o.source.readyFrom(state.nextBlock, this.#o.maxBatch),
        nextSet: rotating ? await this.#o.source.validatorSet(state.setId + 1n) : undefined,
        maxBatch: this.#o.maxBatch,
      });
    } catch (error) {
      this.#metrics.failure('source_error');
      this.#note(`source-error:${shortMessage(error)}`, 'error', 'commitment source failed', { error: shortMessage(error) });
      return undefined;
    }
    switch (plan.kind) {
      case 'idle':
        this.#note(`idle:${plan.reason}:${state.nextBlock}:${state.setId}`, 'debug', plan.reason === 'NOTHING_READY' ? 'nothing ready to anchor' : 'next validator set not available yet', {
          nextBlock: state.nextBlock,
          setId: state.setId,
        });
        return undefined;
      case 'invalid':
        this.#metrics.failure('source_invalid');
        this.#note(`invalid:${plan.problem.code}:${state.nextBlock}`, 'error', 'commitment source broke its contract', { ...plan.problem, nextBlock: state.nextBlock });
        return undefined;
      default:
        if ('problem' in plan && plan.problem !== undefined) {
          this.#note(`partial:${plan.problem.code}:${state.nextBlock}`, 'warn', 'commitment source gave unusable commitments; sending the usable prefix', { ...plan.problem });
        }
        return plan;
    }
  }

  /**
   * Estimates (at `l1Block`, where the plan's state was read: some nodes estimate against their
   * pending block, which already holds a transaction we may be replacing), signs and sends `plan`
   * at `nonce`. `replacing` marks a same-nonce replacement (`previous` is the transaction it
   * replaces when we know it). True when a transaction went out.
   */
  async #send(
    plan: Exclude<AnchorRoundPlan, { kind: 'idle' | 'invalid' }>,
    l1Block: bigint,
    nonce: number,
    replacing: { readonly previous: InFlightState | undefined } | undefined,
  ): Promise<boolean> {
    const data = this.#encode(plan);
    const what = describe(plan);

    const gasPrice = await this.#publicClient.getGasPrice();
    if (this.#o.maxGasPriceWei !== undefined && gasPrice > this.#o.maxGasPriceWei) {
      this.#metrics.skipped('gas_price_above_max');
      this.#note(`gas:${what.label}`, 'warn', 'gas price above maximum; not sending', { gasPrice, maxGasPriceWei: this.#o.maxGasPriceWei, ...what.fields });
      return false;
    }

    let estimate: bigint;
    try {
      estimate = await this.#publicClient.estimateGas({ account: this.#account.address, to: this.#o.anchor, data, blockNumber: l1Block });
    } catch (error) {
      const revert = decodeAnchorRevert(error, this.#o.abi);
      if (revert === undefined) throw error;
      this.#metrics.failure('estimate_reverted');
      this.#note(`revert:${what.label}:${revert.errorName}`, 'warn', `${plan.kind} would revert with ${revert.errorName}; not sent`, {
        error: revert.errorName,
        args: revert.args,
        ...what.fields,
      });
      return false;
    }
    const gas = estimate + (estimate * BigInt(Math.ceil(this.#o.gasMarginPercent))) / 100n;

    let fees: Eip1559Fees = await this.#publicClient.estimateFeesPerGas();
    if (replacing !== undefined) {
      fees = bumpFees(replacing.previous?.fees, fees, this.#o.feeBumpPercent * (1 + this.#escalation));
    }
    if (this.#o.maxGasPriceWei !== undefined && fees.maxFeePerGas > this.#o.maxGasPriceWei) {
      const maxFeePerGas = this.#o.maxGasPriceWei;
      fees = { maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas > maxFeePerGas ? maxFeePerGas : fees.maxPriorityFeePerGas };
    }

    this.#chainId ??= this.#walletClient.chain?.id ?? (await this.#publicClient.getChainId());
    const serialized = await this.#account.signTransaction({
      type: 'eip1559',
      chainId: this.#chainId,
      to: this.#o.anchor,
      data,
      gas,
      nonce,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    });
    const hash = keccak256(serialized);
    // Recorded before sending: if the answer is lost, the next round still knows this hash and nonce.
    const previousHashes = replacing?.previous?.hashes ?? [];
    this.#inFlight = {
      nonce,
      kind: plan.kind,
      hashes: [...previousHashes, hash],
      data,
      gas,
      fees,
      sentAt: this.#o.now(),
      ...what.range,
    };
    try {
      await this.#walletClient.sendRawTransaction({ serializedTransaction: serialized });
    } catch (error) {
      if (isL1Unreachable(error)) throw error;
      // Refused outright: the node has not got it. A replacement keeps waiting on the original.
      this.#inFlight = replacing?.previous;
      this.#escalation += replacing === undefined ? 0 : 1;
      this.#metrics.failure('send_rejected');
      this.#note(`rejected:${what.label}:${shortMessage(error)}`, 'warn', `${plan.kind} transaction refused by the node`, {
        nonce,
        error: shortMessage(error),
        ...what.fields,
      });
      return false;
    }
    this.#metrics.submission(plan.kind);
    this.#lastNote = '';
    this.#logger.info(replacing === undefined ? `sent ${plan.kind}` : `sent ${plan.kind} replacing a pending transaction`, {
      tx: hash,
      nonce,
      gas,
      maxFeePerGas: fees.maxFeePerGas,
      ...what.fields,
    });
    return true;
  }

  /** Follows our unconfirmed transaction: confirmed, still waiting, reverted, or gone (reorg / drop). */
  async #checkInFlight(f: InFlightState, signal: AbortSignal): Promise<RoundOutcome> {
    const nonces = await this.#nonces();
    if (nonces.latest > f.nonce) {
      const receipt = await this.#findReceipt(f.hashes);
      if (receipt === undefined) {
        this.#inFlight = undefined;
        this.#logger.warn('our nonce was used by another transaction of the account; re-reading the contract', { nonce: f.nonce, hashes: f.hashes });
        return 'progress';
      }
      if (f.minedIn?.blockHash !== receipt.blockHash) {
        f.minedIn = { blockNumber: receipt.blockNumber, blockHash: receipt.blockHash };
        this.#logger.debug('mined; waiting for confirmations', { tx: receipt.transactionHash, l1Block: receipt.blockNumber, confirmations: this.#o.confirmations });
      }
      const head = await this.#publicClient.getBlockNumber({ cacheTime: 0 });
      if (head - receipt.blockNumber + 1n < BigInt(this.#o.confirmations)) return 'idle';
      this.#inFlight = undefined;
      this.#escalation = 0;
      this.#metrics.gasSpent(receipt.gasUsed, receipt.gasUsed * receipt.effectiveGasPrice);
      const fields = { tx: receipt.transactionHash, l1Block: receipt.blockNumber, gasUsed: receipt.gasUsed, ...rangeFields(f) };
      if (receipt.status === 'success') {
        this.#logger.info(f.kind === 'rotate' ? 'validator set rotated' : 'anchored', fields);
      } else {
        this.#metrics.failure('tx_reverted');
        this.#logger.warn(`${f.kind} reverted on L1; re-reading the contract`, fields);
      }
      return 'progress';
    }
    if (nonces.pending > f.nonce) {
      if (f.minedIn !== undefined) {
        this.#logger.warn('a reorg put our transaction back in the pool', { hashes: f.hashes, wasIn: f.minedIn.blockNumber });
        f.minedIn = undefined;
      }
      if (this.#o.now() - f.sentAt >= this.#o.replaceAfterMs && !signal.aborted) await this.#replace(f);
      return 'idle';
    }
    this.#inFlight = undefined;
    this.#metrics.failure('tx_dropped');
    this.#logger.warn(
      f.minedIn === undefined ? 'our transaction left the pool unmined; re-reading the contract' : 'a reorg removed our transaction; re-reading the contract',
      { hashes: f.hashes, nonce: f.nonce, ...(f.minedIn === undefined ? {} : { wasIn: f.minedIn.blockNumber }), ...rangeFields(f) },
    );
    return 'progress';
  }

  /** Replaces our stuck transaction at its nonce with what the contract needs now, with bumped fees. */
  async #replace(f: InFlightState): Promise<void> {
    const state = await readAnchorState(this.#publicClient, this.#o.anchor, this.#o.abi);
    const plan = await this.#plan(state);
    if (plan === undefined) return;
    this.#note(`replace:${f.nonce}:${f.hashes.length}`, 'info', 'transaction pending too long; replacing it', {
      nonce: f.nonce,
      hashes: f.hashes,
      pendingMs: this.#o.now() - f.sentAt,
    });
    await this.#send(plan, state.l1Block, f.nonce, { previous: f });
  }

  async #reportHeights(state: AnchorStateAt): Promise<void> {
    const anchored = state.nextBlock - 1n;
    this.#anchoredHeight = anchored;
    this.#metrics.anchoredHeight(anchored);
    if (this.#o.source.finalizedHead === undefined) return;
    try {
      const head = await this.#o.source.finalizedHead();
      if (head === undefined) return;
      this.#metrics.lagBlocks(head.number > anchored ? head.number - anchored : 0n);
      if (head.number <= anchored) {
        this.#metrics.lagSeconds(0);
      } else if (head.timestampMs !== undefined && this.#o.source.blockTimestampMs !== undefined) {
        const at = await this.#o.source.blockTimestampMs(anchored);
        if (at !== undefined) this.#metrics.lagSeconds(Math.max(0, Number(head.timestampMs - at) / 1000));
      }
    } catch (error) {
      this.#logger.debug('no lag figures: the source failed', { error: shortMessage(error) });
    }
  }

  #encode(plan: Exclude<AnchorRoundPlan, { kind: 'idle' | 'invalid' }>): Hex {
    if (plan.kind === 'rotate') {
      return encodeFunctionData({ abi: this.#o.abi, functionName: 'rotate', args: [plan.set] });
    }
    if (plan.kind === 'submit') {
      const [item] = plan.items;
      return encodeFunctionData({ abi: this.#o.abi, functionName: 'submit', args: [item!.commitment, item!.signatures] });
    }
    return encodeFunctionData({
      abi: this.#o.abi,
      functionName: 'submitBatch',
      args: [plan.items.map((i) => i.commitment), plan.items.map((i) => i.signatures)],
    });
  }

  async #nonces(): Promise<Nonces> {
    const address = this.#account.address;
    const [latest, pending] = await Promise.all([
      this.#publicClient.getTransactionCount({ address, blockTag: 'latest' }),
      this.#publicClient.getTransactionCount({ address, blockTag: 'pending' }),
    ]);
    return { latest, pending };
  }

  async #findReceipt(hashes: readonly Hash[]): Promise<TransactionReceipt | undefined> {
    for (const hash of [...hashes].reverse()) {
      try {
        return await this.#publicClient.getTransactionReceipt({ hash });
      } catch (error) {
        if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
      }
    }
    return undefined;
  }

  /** Logs a condition at `level` the first time in a row, at debug while it persists. */
  #note(key: string, level: 'debug' | 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>): void {
    if (key === this.#lastNote) {
      this.#logger.debug(message, fields);
      return;
    }
    this.#lastNote = key;
    this.#logger[level](message, fields);
  }
}

function describe(plan: Exclude<AnchorRoundPlan, { kind: 'idle' | 'invalid' }>): {
  label: string;
  fields: Record<string, unknown>;
  range: { fromBlock: bigint; toBlock: bigint } | { setId: bigint };
} {
  if (plan.kind === 'rotate') {
    return { label: `rotate:${plan.set.setId}`, fields: { setId: plan.set.setId }, range: { setId: plan.set.setId } };
  }
  const fromBlock = plan.items[0]!.commitment.fromBlock;
  const toBlock = plan.items.at(-1)!.commitment.toBlock;
  return {
    label: `${fromBlock}-${toBlock}`,
    fields: { fromBlock, toBlock, commitments: plan.items.length },
    range: { fromBlock, toBlock },
  };
}

function rangeFields(f: AnchorInFlight): Record<string, unknown> {
  return f.kind === 'rotate' ? { setId: f.setId } : { fromBlock: f.fromBlock, toBlock: f.toBlock };
}

function shortMessage(error: unknown): string {
  if (error instanceof Error) return (error as { shortMessage?: string }).shortMessage ?? error.message;
  return String(error);
}
