import { ApiPromise, WsProvider } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { EventRecord } from '@polkadot/types/interfaces';
import type { Logger } from '../../rpc/server/index.ts';
import { noopLogger } from '../../rpc/server/index.ts';
import type { CandidateLimits } from './CandidateLimits.ts';
import type { ScannedBlock } from './CandidateStore.ts';
import { classifySubmitError, type SubmitOutcome } from './classifySubmitError.ts';
import { hashHex, payloadHash } from './payloadHash.ts';

/** WsProvider as ApiOptions names it (the cast only bridges the typings under exactOptionalPropertyTypes). */
type ApiProvider = ConstructorParameters<typeof ApiPromise>[0] extends infer O ? (O extends { provider?: infer P } ? P : never) : never;

/** A relay block, by hash and number. */
export interface RelayHead {
  readonly hash: Uint8Array;
  readonly number: bigint;
}

export interface RelayClientOptions {
  /** The relay node's JSON-RPC WebSocket. */
  readonly url: string;
  /** Delay between reconnection attempts. Default 1000. */
  readonly reconnectDelayMs?: number;
  readonly logger?: Logger;
}

/**
 * The collator's view of the relay chain, over `@polkadot/api` (an ApiPromise on a reconnecting
 * WsProvider): the candidate limits from the runtime's metadata constants, finalized heads, the
 * para's sequenced payloads in a finalized block, nonces, signing `sequencer.submitCandidate`,
 * and submitting it (`author_submitExtrinsic` straight through the provider, so its JSON-RPC
 * error code reaches {@link classifySubmitError}).
 *
 * @example
 * const relay = await RelayClient.connect({ url: 'ws://127.0.0.1:9944' }, signal);
 * const head = await relay.finalizedHead();
 * const { txBytes } = await relay.signCandidate({ paraId: 100, relayParent: head, payloads, signer, nonce: 0n });
 * await relay.submit(txBytes); // { kind: 'accepted' }
 */
export class RelayClient {
  readonly api: ApiPromise;
  readonly #provider: WsProvider;
  readonly #logger: Logger;
  #closing: Promise<void> | null = null;

  private constructor(api: ApiPromise, provider: WsProvider, logger: Logger) {
    this.api = api;
    this.#provider = provider;
    this.#logger = logger;
  }

  /** Connects and waits for the metadata (retrying until the relay answers); aborting `signal` gives up. */
  static async connect(opts: RelayClientOptions, signal?: AbortSignal): Promise<RelayClient> {
    const logger = opts.logger ?? noopLogger();
    const provider = new WsProvider(opts.url, opts.reconnectDelayMs ?? 1000, {}, 60_000, 0);
    const api = new ApiPromise({ provider: provider as unknown as ApiProvider, noInitWarn: true });
    api.on('error', (cause: unknown) => logger.debug('relay api error', { cause }));
    try {
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => reject(new Error(`connecting to the relay at ${opts.url} was aborted`));
        if (signal?.aborted === true) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        api.isReadyOrError.then(
          () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          (e: unknown) => {
            signal?.removeEventListener('abort', onAbort);
            reject(e instanceof Error ? e : new Error(String(e)));
          },
        );
      });
    } catch (e) {
      await api.disconnect().catch(() => undefined);
      throw e;
    }
    return new RelayClient(api, provider, logger);
  }

  get isConnected(): boolean {
    return this.#provider.isConnected;
  }

  /** Calls `listener` on every (re)connection and every loss of the relay connection. */
  onConnection(listener: (connected: boolean) => void): () => void {
    const offUp = this.#provider.on('connected', () => listener(true));
    const offDown = this.#provider.on('disconnected', () => listener(false));
    return () => {
      offUp();
      offDown();
    };
  }

  /** The runtime's current limits (the api reloads the metadata after a runtime upgrade). */
  limits(): CandidateLimits {
    const c = this.api.consts['sequencer']!;
    const num = (name: string): number => Number((c[name] as unknown as { toString(): string }).toString());
    return {
      maxPayloadBytes: num('maxPayloadBytes'),
      maxCandidatePayloads: num('maxCandidatePayloads'),
      maxCandidateBytes: num('maxCandidateBytes'),
      maxRelayParentAge: num('maxRelayParentAge'),
    };
  }

  async finalizedHead(): Promise<RelayHead> {
    const hash = await this.api.rpc.chain.getFinalizedHead();
    const header = await this.api.rpc.chain.getHeader(hash);
    return { hash: hash.toU8a(), number: header.number.toBigInt() };
  }

  /** Calls `listener` with each new finalized head (resubscribed after a reconnection). */
  async onFinalized(listener: (head: RelayHead) => void): Promise<() => void> {
    return this.api.rpc.chain.subscribeFinalizedHeads((header) => listener({ hash: header.hash.toU8a(), number: header.number.toBigInt() }));
  }

  /**
   * What finalized block `number` did to para `paraId`: the hashes of the payloads it sequenced
   * for the para (through `submit`, `submitCandidate` or `submitBundle`, successful extrinsics
   * only, in block order), and whether `inFlightTx` is in it and succeeded.
   */
  async scanBlock(number: bigint, paraId: number, inFlightTx: Uint8Array | undefined): Promise<ScannedBlock & { readonly hash: Uint8Array }> {
    const hash = await this.api.rpc.chain.getBlockHash(number);
    const block = await this.api.rpc.chain.getBlock(hash);
    const wanted = inFlightTx === undefined ? undefined : hashHex(inFlightTx);
    const extrinsics = block.block.extrinsics;
    const relevant = extrinsics.map((ext, i) => ({ ext, i })).filter(({ ext }) => ext.method.section === 'sequencer' || ext.hash.toHex() === wanted);
    if (relevant.length === 0) return { number, hash: hash.toU8a(), sequenced: [] };
    const events = (await this.api.query.system.events.at(hash)) as unknown as Iterable<EventRecord>;
    const succeeded = new Set<number>();
    for (const { phase, event } of events) {
      if (phase.isApplyExtrinsic && this.api.events.system.ExtrinsicSuccess.is(event)) succeeded.add(phase.asApplyExtrinsic.toNumber());
    }
    const sequenced: Uint8Array[] = [];
    let inFlight: ScannedBlock['inFlight'];
    for (const { ext, i } of relevant) {
      const ok = succeeded.has(i);
      if (ext.hash.toHex() === wanted) inFlight = ok ? 'included' : 'failed';
      if (!ok || ext.method.section !== 'sequencer') continue;
      for (const payload of paraPayloads(ext.method.method, ext.method.args, paraId)) sequenced.push(payloadHash(payload));
    }
    return inFlight === undefined ? { number, hash: hash.toU8a(), sequenced } : { number, hash: hash.toU8a(), sequenced, inFlight };
  }

  /** The account's nonce in the best block's state. */
  async accountNonce(address: string): Promise<bigint> {
    const account = (await this.api.query.system.account(address)) as unknown as { nonce: { toBigInt(): bigint } };
    return account.nonce.toBigInt();
  }

  /**
   * Signs `sequencer.submitCandidate(paraId, relayParent, payloads)` with a mortal era of
   * `eraPeriod` blocks (a power of two) and the given nonce. Nothing is sent.
   */
  async signCandidate(args: { readonly paraId: number; readonly relayParent: RelayHead; readonly payloads: readonly Uint8Array[]; readonly signer: KeyringPair; readonly nonce: bigint; readonly eraPeriod: number }): Promise<{ readonly txHash: Uint8Array; readonly txBytes: Uint8Array }> {
    const tx = this.api.tx['sequencer']!['submitCandidate']!(args.paraId, hashHex(args.relayParent.hash), args.payloads.map((p) => hashHex(p)));
    await tx.signAsync(args.signer, { nonce: args.nonce, era: args.eraPeriod });
    return { txHash: tx.hash.toU8a(), txBytes: tx.toU8a() };
  }

  /** `author_submitExtrinsic`, classified. Never throws. */
  async submit(txBytes: Uint8Array): Promise<SubmitOutcome> {
    try {
      await this.#provider.send('author_submitExtrinsic', [hashHex(txBytes)]);
      return { kind: 'accepted' };
    } catch (e) {
      return classifySubmitError(e);
    }
  }

  /** Disconnects. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.api.disconnect().catch((cause: unknown) => this.#logger.debug('relay disconnect failed', { cause }));
    return this.#closing;
  }
}

/** The payloads a successful sequencer call put into para `paraId`'s slice, in order. */
function paraPayloads(method: string, args: readonly { toU8a(isBare?: boolean): Uint8Array; toString(): string }[], paraId: number): Uint8Array[] {
  const para = (v: { toString(): string }): number => Number(v.toString());
  switch (method) {
    case 'submit':
      return para(args[0]!) === paraId ? [args[1]!.toU8a(true)] : [];
    case 'submitCandidate':
      return para(args[0]!) === paraId ? [...(args[2] as unknown as Iterable<{ toU8a(isBare?: boolean): Uint8Array }>)].map((p) => p.toU8a(true)) : [];
    case 'submitBundle':
      return [...(args[0] as unknown as Iterable<[{ toString(): string }, { toU8a(isBare?: boolean): Uint8Array }]>)].filter(([p]) => para(p) === paraId).map(([, b]) => b.toU8a(true));
    default:
      return [];
  }
}
