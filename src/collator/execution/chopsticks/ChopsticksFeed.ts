import { ApiPromise, WsProvider } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { ExtDef } from '@polkadot/types/extrinsic/signedExtensions/types';
import type { Vec } from '@polkadot/types-codec';
import type { AccountInfo, DispatchError, EventRecord, Extrinsic } from '@polkadot/types/interfaces';
import { compactFromU8a, hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import type { OrderedSlice } from '../../ParaTransaction.ts';
import type { AppBlock, ExecutionFeed, ExecutionHead, ExecutionReport, SkippedTransaction } from '../ExecutionFeed.ts';
import { ChopsticksFeedError } from './ChopsticksFeedError.ts';
import { matchIncluded } from './matchIncluded.ts';
import { refusalReason } from './refusalReason.ts';
import { decodeRelayPositionMarker, encodeRelayPositionMarker } from './relayPositionMarker.ts';

type Hex = `0x${string}`;

export interface ChopsticksFeedOptions {
  /** chopsticks' WebSocket, e.g. `RunningChopsticks.endpoint`. */
  readonly endpoint: string;
  readonly paraId: number;
  /**
   * Writes the relay position into the app chain: every block the feed builds ends with this
   * account's `system.remark("spindle:v1:<para>:<relay number>:<relay hash>")`, and `head()` reads
   * it back after a restart. Use an ed25519 key (deterministic signatures) so that replaying the
   * same slices on a fresh chain yields the same blocks; the account pays the remark's fee.
   */
  readonly marker?: { readonly signer: KeyringPair };
  /** How many blocks back from the head `head()` looks for the last marker; default 64. */
  readonly markerSearchDepth?: number;
  /** Signed extensions of the runtime that @polkadot/types does not know (e.g. Acala's `SetEvmOrigin`). */
  readonly signedExtensions?: ExtDef;
}

/** What became of one payload of a slice. */
export interface TransactionOutcome {
  readonly relayBlockNumber: bigint;
  readonly index: number;
  /** `dispatched`: in the block, call succeeded; `failed`: in the block (fees paid, nonce used), call failed; `skipped`: refused, not in any block. */
  readonly status: 'dispatched' | 'failed' | 'skipped';
  /** Index among the app block's extrinsics (inherents come first). */
  readonly extrinsicIndex?: number;
  /** Events of the extrinsic, `section.Method`, in order (e.g. `system.Remarked`, `balances.Transfer`). */
  readonly events: readonly string[];
  /** The dispatch error (`failed`, e.g. `balances.InsufficientBalance`) or the refusal reason (`skipped`). */
  readonly error?: string;
}

/** The feed's report: the interface's fields, plus one outcome per payload in slice order. */
export interface ChopsticksExecutionReport extends ExecutionReport {
  readonly outcomes: readonly TransactionOutcome[];
  /** With `marker` set, for a slice that built a block: whether the marker remark made it in (false: its signer could not pay). */
  readonly markerIncluded?: boolean;
}

/** Pallets whose unsigned extrinsics chopsticks' inherent providers put at the head of a block. */
const INHERENT_PALLETS = new Set(['timestamp', 'parachainSystem', 'paraInherent', 'authorInherent', 'randomness']);
/** `TransactionSource::External`. */
const SOURCE_EXTERNAL = new Uint8Array([2]);

interface RawBlock {
  readonly block: { readonly header: { readonly number: Hex; readonly parentHash: Hex }; readonly extrinsics: readonly Hex[] };
}

/**
 * ExecutionFeed over a real Substrate runtime run by chopsticks (`--build-block-mode Manual`). Each
 * non-empty slice becomes one app block: its payloads, in relay order, are the `transactions` of one
 * `dev_newBlock` (then the marker remark, if configured). The runtime decides: a payload it refuses
 * (bad signature, stale nonce, cannot pay…) is left out of the block and reported in `skipped`; the
 * reason is asked of the runtime afterwards (chopsticks does not return it, see `#refusalReason`).
 * A payload that does not decode as an extrinsic (`undecodable: …`) is not sent at all: chopsticks
 * fails a whole block on some of those. Empty slices build no block. Calls are serialized.
 *
 * `head()` is kept in memory; with `marker` set it is also written into each block and read back
 * from the chain when the feed starts on a chain that already ran. Without `marker`, the collator
 * persists its cursor itself.
 *
 * Payloads are encoded extrinsics as `author_submitExtrinsic` takes them (compact length prefix first).
 *
 * @example
 * const chain = await startChopsticks({ genesis });
 * const feed = await ChopsticksFeed.connect({ endpoint: chain.endpoint, paraId: 2000 });
 * const report = await feed.execute({ paraId: 2000, relayBlockNumber: 5n, relayBlockHash, payloads: [tx.toU8a()] });
 * report.outcomes[0]?.events; // ['balances.Withdraw', 'balances.Transfer', …, 'system.ExtrinsicSuccess']
 * await feed.close();
 * await chain.stop();
 */
export class ChopsticksFeed implements ExecutionFeed {
  readonly paraId: number;
  readonly #api: ApiPromise;
  readonly #provider: WsProvider;
  readonly #marker: KeyringPair | undefined;
  readonly #markerSearchDepth: number;
  #head: ExecutionHead | undefined;
  #headLoaded = false;
  #tail: Promise<unknown> = Promise.resolve();
  #closing: Promise<void> | undefined;
  /** Set when a failure happened after `dev_newBlock` was sent: the chain's state is then unknown here. */
  #broken: unknown;

  private constructor(api: ApiPromise, provider: WsProvider, options: ChopsticksFeedOptions) {
    this.#api = api;
    this.#provider = provider;
    this.paraId = options.paraId;
    this.#marker = options.marker?.signer;
    this.#markerSearchDepth = options.markerSearchDepth ?? 64;
  }

  /**
   * Connects to chopsticks (@polkadot/api over ws; it reads the runtime's metadata) and checks the
   * chain's `parachainInfo.parachainId`. Throws CONNECT_FAILED or WRONG_PARA.
   */
  static async connect(options: ChopsticksFeedOptions): Promise<ChopsticksFeed> {
    const provider = new WsProvider(options.endpoint, 1_000);
    let api: ApiPromise;
    let chainParaId: number | undefined;
    try {
      api = await ApiPromise.create({
        provider: provider as never, // bridges @polkadot/api's typings with exactOptionalPropertyTypes
        noInitWarn: true,
        throwOnConnect: true,
        ...(options.signedExtensions === undefined ? {} : { signedExtensions: options.signedExtensions }),
      });
      const query = api.query['parachainInfo']?.['parachainId'];
      chainParaId = query === undefined ? undefined : Number((await query()).toString());
    } catch (cause) {
      await provider.disconnect().catch(() => undefined);
      throw new ChopsticksFeedError('CONNECT_FAILED', `cannot connect to ${options.endpoint}: ${String(cause)}`, { paraId: options.paraId }, { cause });
    }
    if (chainParaId !== undefined && chainParaId !== options.paraId) {
      await api.disconnect();
      throw new ChopsticksFeedError('WRONG_PARA', `${options.endpoint} runs para ${chainParaId}, not ${options.paraId}`, { paraId: chainParaId });
    }
    return new ChopsticksFeed(api, provider, options);
  }

  /** The connected @polkadot/api instance (for reading app-chain state; do not build blocks through it). */
  get api(): ApiPromise {
    return this.#api;
  }

  /**
   * Throws ChopsticksFeedError WRONG_PARA, ALREADY_EXECUTED, BLOCK_NOT_BUILT, RPC_FAILED, CLOSED, or
   * BROKEN after a failure once `dev_newBlock` was sent (reconnect: with `marker`, `head()` then reads where the chain is).
   */
  execute(slice: OrderedSlice): Promise<ChopsticksExecutionReport> {
    return this.#serialized(() => this.#execute(slice));
  }

  /** Every slice is sealed by `execute`: nothing is ever pending. */
  flush(): Promise<ChopsticksExecutionReport> {
    return this.#serialized(async () => ({ blocks: [], skipped: [], outcomes: [] }));
  }

  /** The last executed relay block (memory), else the chain's last marker (when `marker` is set). */
  head(): Promise<ExecutionHead | undefined> {
    return this.#serialized(() => this.#loadHead());
  }

  /** Waits for the running call, then disconnects. Safe to call twice; chopsticks keeps running. */
  close(): Promise<void> {
    this.#closing ??= this.#tail.then(() => this.#api.disconnect());
    return this.#closing;
  }

  async #execute(slice: OrderedSlice): Promise<ChopsticksExecutionReport> {
    const relay = slice.relayBlockNumber;
    if (slice.paraId !== this.paraId) {
      throw new ChopsticksFeedError('WRONG_PARA', `slice of para ${slice.paraId} fed to para ${this.paraId}`, { paraId: slice.paraId, relayBlockNumber: relay });
    }
    const last = await this.#loadHead();
    if (last !== undefined && relay <= last.relayBlockNumber) {
      throw new ChopsticksFeedError('ALREADY_EXECUTED', `relay block ${relay} is not after ${last.relayBlockNumber}, already executed`, {
        paraId: this.paraId,
        relayBlockNumber: relay,
      });
    }
    const outcomes: TransactionOutcome[] = [];
    const sent: { readonly index: number; readonly hex: Hex }[] = [];
    slice.payloads.forEach((payload, index) => {
      const undecodable = this.#undecodable(payload);
      if (undecodable === undefined) sent.push({ index, hex: u8aToHex(payload) });
      else outcomes[index] = { relayBlockNumber: relay, index, status: 'skipped', events: [], error: `undecodable: ${undecodable}` };
    });
    const parent = await this.#rpc(() => this.#api.rpc.chain.getHeader());
    const parentNumber = parent.number.toBigInt();
    const transactions: Hex[] = sent.map(({ hex }) => hex);
    if (slice.payloads.length > 0 && this.#marker !== undefined) transactions.push(await this.#signMarker(slice));
    if (transactions.length === 0) {
      this.#head = { relayBlockNumber: relay, appBlockNumber: parentNumber, appBlockHash: parent.hash.toU8a() };
      return report(outcomes, []);
    }

    // From here on the chain may have moved: a failure leaves the feed unusable until it reconnects.
    try {
      return await this.#build(slice, transactions, sent, outcomes, parent.hash.toHex(), parentNumber);
    } catch (error) {
      this.#broken = error;
      throw error;
    }
  }

  async #build(
    slice: OrderedSlice,
    transactions: readonly Hex[],
    sent: readonly { readonly index: number; readonly hex: Hex }[],
    outcomes: TransactionOutcome[],
    parentHash: Hex,
    parentNumber: bigint,
  ): Promise<ChopsticksExecutionReport> {
    const relay = slice.relayBlockNumber;
    const hash = (await this.#rpc(() => this.#provider.send('dev_newBlock', [{ transactions }]))) as Hex;
    const raw = (await this.#rpc(() => this.#provider.send('chain_getBlock', [hash]))) as RawBlock | null;
    const header = raw?.block.header;
    if (header === undefined || BigInt(header.number) !== parentNumber + 1n || header.parentHash !== parentHash) {
      throw new ChopsticksFeedError(
        'BLOCK_NOT_BUILT',
        `dev_newBlock gave ${hash} (#${header === undefined ? '?' : BigInt(header.number)}), not a child of #${parentNumber} ${parentHash}; see chopsticks' log`,
        { paraId: this.paraId, relayBlockNumber: relay },
      );
    }
    const extrinsics = raw!.block.extrinsics;
    const inherents = this.#inherentCount(extrinsics);
    const included = matchIncluded(extrinsics, inherents, sent);

    const events = await this.#eventsByExtrinsic(hash);
    for (const { index, hex } of sent) {
      const at = included.get(index);
      if (at === undefined) {
        outcomes[index] = { relayBlockNumber: relay, index, status: 'skipped', events: [], error: await this.#refusalReason(hex, hash, parentHash) };
        continue;
      }
      const own = events.get(at) ?? { names: [], error: undefined };
      outcomes[index] = {
        relayBlockNumber: relay,
        index,
        status: own.error === undefined ? 'dispatched' : 'failed',
        extrinsicIndex: at,
        events: own.names,
        ...(own.error === undefined ? {} : { error: own.error }),
      };
    }
    const block: AppBlock = {
      number: parentNumber + 1n,
      hash: hexToU8a(hash),
      positions: [...included.keys()].sort((a, b) => a - b).map((index) => ({ relayBlockNumber: relay, index })),
    };
    this.#head = { relayBlockNumber: relay, appBlockNumber: block.number, appBlockHash: block.hash };
    const markerIncluded = this.#marker === undefined ? undefined : extrinsics.indexOf(transactions.at(-1)!, inherents) >= 0;
    return report(outcomes, [block], markerIncluded);
  }

  /** Why a payload cannot be an extrinsic of this runtime, or `undefined` when it decodes exactly. */
  #undecodable(payload: Uint8Array): string | undefined {
    if (payload.length === 0) return 'empty payload';
    const [offset, length] = compactFromU8a(payload);
    if (BigInt(length.toString()) !== BigInt(payload.length - offset)) return `length prefix says ${length.toString()} bytes, ${payload.length - offset} follow`;
    try {
      const extrinsic = this.#api.registry.createType('Extrinsic', payload);
      if (extrinsic.encodedLength !== payload.length) return `decodes to ${extrinsic.encodedLength} of ${payload.length} bytes`;
      return undefined;
    } catch (e) {
      return e instanceof Error ? e.message.split('\n')[0]!.slice(0, 200) : String(e);
    }
  }

  /** Leading extrinsics that chopsticks' inherent providers added (unsigned calls of the inherent pallets). */
  #inherentCount(extrinsics: readonly Hex[]): number {
    let count = 0;
    for (const hex of extrinsics) {
      let extrinsic: Extrinsic;
      try {
        extrinsic = this.#api.registry.createType('Extrinsic', hex);
      } catch {
        break;
      }
      if (extrinsic.isSigned || !INHERENT_PALLETS.has(extrinsic.method.section)) break;
      count += 1;
    }
    return count;
  }

  /** `system.events` of block `hash`, grouped by extrinsic index: event names and the dispatch error, if any. */
  async #eventsByExtrinsic(hash: Hex): Promise<Map<number, { names: string[]; error: string | undefined }>> {
    const apiAt = await this.#rpc(() => this.#api.at(hash));
    const records = (await this.#rpc(() => apiAt.query['system']!['events']!())) as unknown as Vec<EventRecord>;
    const byExtrinsic = new Map<number, { names: string[]; error: string | undefined }>();
    for (const { phase, event } of records) {
      if (!phase.isApplyExtrinsic) continue;
      const at = phase.asApplyExtrinsic.toNumber();
      let entry = byExtrinsic.get(at);
      if (entry === undefined) {
        entry = { names: [], error: undefined };
        byExtrinsic.set(at, entry);
      }
      entry.names.push(`${event.section}.${event.method}`);
      if (event.section === 'system' && event.method === 'ExtrinsicFailed') entry.error = this.#dispatchError(event.data[0] as DispatchError);
    }
    return byExtrinsic;
  }

  #dispatchError(error: DispatchError): string {
    if (error.isModule) {
      try {
        const meta = this.#api.registry.findMetaError(error.asModule);
        return `${meta.section}.${meta.name}`;
      } catch {
        return `module error ${error.asModule.toHex()}`;
      }
    }
    const inner = error.value;
    return inner.isEmpty ? error.type : `${error.type}.${inner.toString()}`;
  }

  /**
   * Why the runtime refused `hex`. Chopsticks does not say, so the runtime is asked again
   * (`TaggedTransactionQueue_validate_transaction`) on the state of the block just built, and when
   * that state finds it valid, on the state before the slice. The reason is a diagnosis, not part of
   * the decision (the runtime already left the payload out): a payload refused because of the state
   * at its exact position that differs from both (funded and drained within the slice) is reported as
   * `refused when applied at its position`.
   */
  async #refusalReason(hex: Hex, built: Hex, parent: Hex): Promise<string> {
    const after = await this.#validity(hex, built);
    if (after === undefined) return 'rejected by the runtime (it panicked on it)';
    if (asRecord(after)?.['err'] !== undefined) return refusalReason(after);
    const before = await this.#validity(hex, parent);
    return asRecord(before)?.['err'] !== undefined ? refusalReason(before) : refusalReason(after);
  }

  /** The JSON of `TransactionValidity` for `hex` at block `at`, `undefined` when the runtime panics on it. */
  async #validity(hex: Hex, at: Hex): Promise<unknown> {
    const input = u8aToHex(u8aConcat(SOURCE_EXTERNAL, hexToU8a(hex), hexToU8a(at)));
    try {
      const result = await this.#api.rpc.state.call('TaggedTransactionQueue_validate_transaction', input, at);
      return this.#api.registry.createType('TransactionValidity', result).toJSON();
    } catch {
      return undefined;
    }
  }

  async #signMarker(slice: OrderedSlice): Promise<Hex> {
    const signer = this.#marker!;
    const account = (await this.#rpc(() => this.#api.query['system']!['account']!(signer.address))) as unknown as AccountInfo;
    const remark = encodeRelayPositionMarker({ paraId: this.paraId, relayBlockNumber: slice.relayBlockNumber, relayBlockHash: slice.relayBlockHash });
    const signed = await this.#api.tx.system.remark(u8aToHex(remark)).signAsync(signer, { nonce: account.nonce, era: 0 });
    return signed.toHex();
  }

  async #loadHead(): Promise<ExecutionHead | undefined> {
    if (this.#head !== undefined || this.#headLoaded || this.#marker === undefined) return this.#head;
    this.#headLoaded = true;
    const signer = this.#api.registry.createType('AccountId', this.#marker.address).toHex();
    let hash: Hex | null = (await this.#rpc(() => this.#api.rpc.chain.getHeader())).hash.toHex();
    for (let depth = 0; depth < this.#markerSearchDepth && hash !== null; depth += 1) {
      const raw = (await this.#rpc(() => this.#provider.send('chain_getBlock', [hash]))) as RawBlock | null;
      if (raw === null) break;
      for (const hex of [...raw.block.extrinsics].reverse()) {
        const marker = this.#markerIn(hex, signer);
        if (marker === undefined) continue;
        this.#head = { relayBlockNumber: marker.relayBlockNumber, appBlockNumber: BigInt(raw.block.header.number), appBlockHash: hexToU8a(hash) };
        return this.#head;
      }
      hash = BigInt(raw.block.header.number) === 0n ? null : raw.block.header.parentHash;
    }
    return undefined;
  }

  #markerIn(hex: Hex, signer: Hex): ReturnType<typeof decodeRelayPositionMarker> {
    try {
      const extrinsic = this.#api.registry.createType('Extrinsic', hex);
      if (!extrinsic.isSigned || this.#api.registry.createType('AccountId', extrinsic.signer.toString()).toHex() !== signer) return undefined;
      if (extrinsic.method.section !== 'system' || extrinsic.method.method !== 'remark') return undefined;
      const marker = decodeRelayPositionMarker(extrinsic.method.args[0]!.toU8a(true));
      return marker?.paraId === this.paraId ? marker : undefined;
    } catch {
      return undefined;
    }
  }

  async #rpc<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (cause) {
      throw new ChopsticksFeedError('RPC_FAILED', `chopsticks call failed: ${cause instanceof Error ? cause.message : String(cause)}`, { paraId: this.paraId }, { cause });
    }
  }

  #serialized<T>(action: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(() => {
      if (this.#closing !== undefined) throw new ChopsticksFeedError('CLOSED', `feed of para ${this.paraId} is closed`, { paraId: this.paraId });
      if (this.#broken !== undefined) {
        throw new ChopsticksFeedError('BROKEN', 'an earlier block build ended in an unknown state: close and reconnect (the marker tells where the chain is)', { paraId: this.paraId }, { cause: this.#broken });
      }
      return action();
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function report(outcomes: readonly TransactionOutcome[], blocks: readonly AppBlock[], markerIncluded?: boolean): ChopsticksExecutionReport {
  const skipped: SkippedTransaction[] = outcomes
    .filter((outcome) => outcome.status === 'skipped')
    .map(({ relayBlockNumber, index, error }) => ({ relayBlockNumber, index, reason: error ?? 'refused' }));
  return markerIncluded === undefined ? { blocks, skipped, outcomes } : { blocks, skipped, outcomes, markerIncluded };
}
