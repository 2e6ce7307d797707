import type { DigestItem } from '../primitives/header.ts';
import { decodeExtrinsicV4, eraBirth, eraDeath, ExtrinsicError, signingPayload, type DecodedExtrinsic } from '../primitives/extrinsic.ts';
import { paraRoot, PARA_DIGEST_ENGINE } from '../primitives/paraCommitment.ts';
import { encodeCompact, encodeU32 } from '../primitives/scale.ts';
import type { MultiSignature, SignatureVerifier } from '../primitives/verifySignature.ts';
import { BlockEnv } from './BlockEnv.ts';
import { decodeValuePrefix, encodeValue } from './codec/scaleValue.ts';
import { buildMetadata, type BuiltMetadata } from './metadata/buildMetadata.ts';
import * as C from './metadata/commonTypes.ts';
import { t } from './metadata/typeInfo.ts';
import type { PalletDecl, RuntimeDecl } from './metadata/RuntimeDecl.ts';
import { RuntimeCodec } from './metadata/runtimeCodec.ts';
import { runtimeTypes } from './metadata/runtimeTypes.ts';
import { standardRuntimeApis } from './metadata/standardRuntimeApis.ts';
import { standardSignedExtensions } from './metadata/standardSignedExtensions.ts';
import { DispatchError, type DispatchErrorValue, type Origin, type Pallet } from './pallet.ts';
import { balancesPallet, Currency } from './pallets/balances.ts';
import { parasPallet, feePayerFor } from './pallets/paras.ts';
import { checkSequencerCall, SEQUENCER_ERRORS, sequencerPallet, sponsoredPara, toSequencerCall } from './pallets/sequencer.ts';
import { encodeEvents, eventsKey, readAccount, SYSTEM_EVENTS, systemPallet, systemStorage, writeAccount } from './pallets/system.ts';
import { sessionPallet } from './pallets/session.ts';
import { timestampPallet, timestampStorage } from './pallets/timestamp.ts';
import { lengthFee, transactionPaymentPallet } from './pallets/transactionPayment.ts';
import type { RuntimeConfig } from './RuntimeConfig.ts';
import { RUNTIME_APIS } from './runtimeApis.ts';
import { runtimeVersion, type RuntimeVersionValue } from './runtimeVersion.ts';
import type { StateReader, StorageOverlay } from './storage/StorageOverlay.ts';
import { SEQUENCER_CUSTOM_BASE, type TransactionValidity } from './TransactionValidity.ts';

/** Where a transaction came from (`TransactionSource`). */
export type TransactionSource = 'InBlock' | 'Local' | 'External';

/** The outcome of applying one extrinsic to a block. */
export type ApplyOutcome =
  | { readonly kind: 'applied'; readonly ok: true }
  | { readonly kind: 'applied'; readonly ok: false; readonly error: DispatchErrorValue; readonly message: string }
  | { readonly kind: 'invalid'; readonly validity: Exclude<TransactionValidity, { kind: 'valid' }> };

export interface DispatchInfoValue {
  readonly weight: { ref_time: bigint; proof_size: bigint };
  readonly class: 'Normal' | 'Operational' | 'Mandatory';
  readonly partialFee: bigint;
}

const BASE_EXTRINSIC_REF_TIME = 100_000_000n;
const DECODE_CACHE_SIZE = 16_384;
const REF_TIME_PER_BYTE = 10_000n;

/**
 * The relay runtime: Spindle's state machine in TypeScript. It answers what a FRAME
 * runtime's `Executive` does — initialise a block, apply extrinsics (signature, era,
 * nonce, fee, dispatch in a storage transaction, events), finalise it (timestamp check,
 * events, the para digest) — and validates pool transactions. It holds no state of its
 * own between calls: every method works on the overlay or reader it is given.
 */
export class Runtime {
  readonly config: RuntimeConfig;
  readonly decl: RuntimeDecl;
  readonly metadata: BuiltMetadata;
  readonly codec: RuntimeCodec;
  readonly version: RuntimeVersionValue;
  readonly #verifier: SignatureVerifier;
  readonly #pallets: readonly Pallet[];
  readonly #byIndex = new Map<number, Pallet>();
  readonly #currency: Currency;
  /** Decoded extrinsics by their bytes: the pool validates, revalidates and the block applies the same bytes. */
  readonly #decoded = new Map<string, DecodedExtrinsic>();

  constructor(config: RuntimeConfig, verifier: SignatureVerifier) {
    this.config = config;
    this.#verifier = verifier;
    this.#currency = new Currency(config);
    const extrinsic = { version: 4 as const, address: C.multiAddress(), signature: C.multiSignature, signedExtensions: standardSignedExtensions() };
    const others = [
      timestampPallet(config),
      balancesPallet(config, this.#currency),
      transactionPaymentPallet(config),
      parasPallet(config, this.#currency),
      sequencerPallet(config),
      sessionPallet(),
    ];
    // System's `Events` storage needs RuntimeEvent, which needs every pallet's events: build the
    // other pallets first, then System with the outer enum they imply.
    const eventsOnly = [{ name: SYSTEM_EVENTS.name, index: SYSTEM_EVENTS.index, crate: 'frame_system', events: SYSTEM_EVENTS.events }, ...others.map((p) => p.decl)];
    const preliminary = runtimeTypes({ runtimeCrate: 'spindle_runtime', pallets: eventsOnly as PalletDecl[], extrinsic });
    const system = systemPallet(config, preliminary.runtimeEvent);
    this.#pallets = [system, ...others];
    for (const p of this.#pallets) this.#byIndex.set(p.decl.index, p);
    const pallets = this.#pallets.map((p) => p.decl);
    const types = runtimeTypes({ runtimeCrate: 'spindle_runtime', pallets, extrinsic });
    // Metadata lists exactly the runtime API methods `state_call` answers.
    const apis = standardRuntimeApis(types)
      .map((api) => ({ ...api, methods: api.methods.filter((m) => RUNTIME_APIS[`${api.name}_${m.name}`] !== undefined) }))
      .filter((api) => api.methods.length > 0);
    this.decl = { runtimeCrate: 'spindle_runtime', pallets, extrinsic, apis };
    this.metadata = buildMetadata(this.decl);
    this.codec = RuntimeCodec.fromBuilt(this.metadata, 14);
    this.version = runtimeVersion(config);
  }

  // ---- block execution -------------------------------------------------------------------

  /** `Executive::initialize_block`: records number, parent and digest, resets per-block storage. */
  initializeBlock(state: StorageOverlay, number: bigint, parentHash: Uint8Array, digest: readonly DigestItem[], author: Uint8Array | undefined): BlockEnv {
    const env = new BlockEnv(number, parentHash, author);
    systemStorage.number.set(state, Number(number));
    systemStorage.parentHash.set(state, parentHash);
    systemStorage.digest.set(state, { logs: digest.map(digestValue) });
    systemStorage.blockHash.set(state, Number(number) - 1, parentHash);
    const stale = Number(number) - 1 - this.config.blockHashCount;
    if (stale > 0) systemStorage.blockHash.remove(state, stale);
    state.delete(eventsKey());
    systemStorage.eventCount.kill(state);
    systemStorage.extrinsicCount.kill(state);
    systemStorage.allExtrinsicsLen.kill(state);
    systemStorage.executionPhase.set(state, { type: 'Initialization' });
    for (const p of this.#pallets) p.onInitialize?.(state, env);
    return env;
  }

  /** The mandatory first extrinsic of every block: `timestamp.set(now)`, unsigned. */
  timestampInherent(now: bigint): Uint8Array {
    const pallet = this.#byName('Timestamp');
    const call = pallet.decl.calls!.find((c) => c.name === 'set')!;
    const body = Buffer.concat([Uint8Array.of(0x04, pallet.decl.index, call.index), encodeValue(t.compact(C.u64), now)]);
    return Buffer.concat([encodeCompact(body.length), body]);
  }

  /** `Executive::apply_extrinsic`. An `invalid` outcome leaves the overlay unchanged. */
  applyExtrinsic(state: StorageOverlay, env: BlockEnv, bytes: Uint8Array, index: number): ApplyOutcome {
    env.phase = { type: 'ApplyExtrinsic', value: index };
    systemStorage.executionPhase.set(state, env.phase);
    let ext: DecodedExtrinsic;
    try {
      ext = this.#decode(bytes);
    } catch (e) {
      return { kind: 'invalid', validity: { kind: 'invalid', reason: 'Call', detail: `Could not decode extrinsic: ${(e as Error).message}` } };
    }
    const call = this.#decodeCall(ext.callBytes);
    if (call === undefined) return { kind: 'invalid', validity: { kind: 'invalid', reason: 'Call', detail: 'Could not decode call' } };

    let origin: Origin;
    let fee = 0n;
    let payer: Uint8Array | undefined;
    if (ext.signed === undefined) {
      if (!(call.pallet.decl.name === 'Timestamp' && call.name === 'set' && index === 0)) {
        return { kind: 'invalid', validity: { kind: 'unknown', reason: 'NoUnsignedValidator', detail: 'Could not find an unsigned validator for the unsigned transaction' } };
      }
      origin = { kind: 'none' };
    } else {
      const check = this.#checkSigned(state, ext, call, env.number, 'apply');
      if (check.kind !== 'valid') return { kind: 'invalid', validity: check };
      const info = readAccount(state, ext.signed.signer);
      fee = lengthFee(this.config, bytes.length) + ext.signed.tip;
      payer = this.#feePayer(state, call, ext.signed.signer);
      state.startTransaction();
      try {
        this.#currency.withdraw(state, undefined, payer, fee, 'keepAlive');
      } catch {
        state.rollbackTransaction();
        return { kind: 'invalid', validity: { kind: 'invalid', reason: 'Payment', detail: 'Inability to pay some fees (e.g. account balance too low)' } };
      }
      state.commitTransaction();
      const after = readAccount(state, ext.signed.signer);
      writeAccount(state, ext.signed.signer, { ...after, nonce: info.nonce + 1 });
      origin = { kind: 'signed', who: ext.signed.signer };
      env.deposit(this.#byName('Balances').decl, 'Withdraw', { who: payer, amount: fee });
    }

    const checkpoint = env.checkpoint();
    state.startTransaction();
    let outcome: ApplyOutcome;
    try {
      call.handler({ state, block: env, origin }, call.args);
      state.commitTransaction();
      outcome = { kind: 'applied', ok: true };
    } catch (e) {
      state.rollbackTransaction();
      env.rollbackTo(checkpoint);
      if (!(e instanceof DispatchError)) throw e;
      outcome = { kind: 'applied', ok: false, error: e.value, message: e.message };
    }

    if (payer !== undefined && ext.signed !== undefined) this.#settleFee(state, env, payer, fee, ext.signed.tip);
    const dispatchInfo = this.#eventDispatchInfo(bytes.length, origin.kind === 'none');
    if (outcome.kind === 'applied' && outcome.ok) {
      env.deposit(SYSTEM_EVENTS, 'ExtrinsicSuccess', { dispatch_info: dispatchInfo });
    } else if (outcome.kind === 'applied') {
      env.deposit(SYSTEM_EVENTS, 'ExtrinsicFailed', { dispatch_error: outcome.error, dispatch_info: dispatchInfo });
    }
    systemStorage.extrinsicCount.set(state, index + 1);
    systemStorage.allExtrinsicsLen.set(state, (systemStorage.allExtrinsicsLen.get(state) ?? 0) + bytes.length);
    return outcome;
  }

  /** `Executive::finalize_block`: returns the digest items the runtime adds to the header (the para digest). */
  finalizeBlock(state: StorageOverlay, env: BlockEnv): DigestItem[] {
    env.phase = { type: 'Finalization' };
    systemStorage.executionPhase.set(state, env.phase);
    for (const p of this.#pallets) p.onFinalize?.(state, env);
    state.set(eventsKey(), encodeEvents(env.events));
    systemStorage.eventCount.set(state, env.events.length);
    systemStorage.executionPhase.kill(state);
    const item: DigestItem = { type: 'Consensus', engine: PARA_DIGEST_ENGINE, data: paraRoot(env.paraSlices()) };
    const digest = systemStorage.digest.read(state);
    systemStorage.digest.set(state, { logs: [...digest.logs, digestValue(item)] });
    return [item];
  }

  // ---- transaction pool ----------------------------------------------------------------

  /**
   * `TaggedTransactionQueue::validate_transaction` at the state of block `at`: as if in a
   * new block `at + 1` built on it.
   */
  validateTransaction(state: StorageOverlay, source: TransactionSource, bytes: Uint8Array, at: { number: bigint; hash: Uint8Array }): TransactionValidity {
    void source;
    const blockNumber = at.number + 1n;
    state.startTransaction();
    try {
      systemStorage.blockHash.set(state, Number(at.number), at.hash);
      systemStorage.number.set(state, Number(blockNumber));
      let ext: DecodedExtrinsic;
      try {
        ext = this.#decode(bytes);
      } catch (e) {
        const detail = e instanceof ExtrinsicError ? e.message : 'Could not decode extrinsic';
        return { kind: 'invalid', reason: 'Call', detail: `Could not decode: ${detail}` };
      }
      if (ext.signed === undefined) {
        return { kind: 'unknown', reason: 'NoUnsignedValidator', detail: 'Could not find an unsigned validator for the unsigned transaction' };
      }
      const call = this.#decodeCall(ext.callBytes);
      if (call === undefined) return { kind: 'invalid', reason: 'Call', detail: 'Could not decode call' };
      const checked = this.#checkSigned(state, ext, call, blockNumber, 'validate');
      if (checked.kind !== 'valid') return checked;
      const fee = lengthFee(this.config, bytes.length) + ext.signed.tip;
      const payer = this.#feePayer(state, call, ext.signed.signer);
      try {
        this.#currency.withdraw(state, undefined, payer, fee, 'keepAlive');
      } catch {
        return { kind: 'invalid', reason: 'Payment', detail: 'Inability to pay some fees (e.g. account balance too low)' };
      }
      return checked;
    } finally {
      state.rollbackTransaction();
    }
  }

  /** The paras a transaction sequences payloads for ([] for relay-only or undecodable transactions). */
  parasOf(bytes: Uint8Array): number[] {
    let ext: DecodedExtrinsic;
    try {
      ext = this.#decode(bytes);
    } catch {
      return [];
    }
    const call = this.#decodeCall(ext.callBytes);
    if (call === undefined || call.pallet.decl.name !== 'Sequencer') return [];
    const seq = toSequencerCall(call.name, call.args);
    if (seq === undefined) return [];
    return seq.method === 'submit_bundle' ? [...new Set(seq.items.map(([p]) => p))] : [seq.paraId];
  }

  /** `AccountNonceApi::account_nonce`. */
  accountNonce(state: StateReader, who: Uint8Array): number {
    return readAccount(state, who).nonce;
  }

  /** `TransactionPaymentApi::query_info`: weight, class and the fee before tip. */
  queryInfo(bytes: Uint8Array): DispatchInfoValue {
    return {
      weight: { ref_time: BASE_EXTRINSIC_REF_TIME + REF_TIME_PER_BYTE * BigInt(bytes.length), proof_size: BigInt(bytes.length) },
      class: 'Normal',
      partialFee: lengthFee(this.config, bytes.length),
    };
  }

  // ---- internals ------------------------------------------------------------------------

  #checkSigned(
    state: StateReader,
    ext: DecodedExtrinsic,
    call: DecodedCall,
    blockNumber: bigint,
    mode: 'validate' | 'apply',
  ): TransactionValidity {
    const s = ext.signed!;
    if (s.signer.every((b) => b === 0)) return { kind: 'invalid', reason: 'BadSigner', detail: 'Invalid signing address' };
    // CheckMortality: the birth block must be known and the era not over.
    const current = blockNumber - 1n;
    if (eraDeath(s.era, current) <= current) return { kind: 'invalid', reason: 'Stale', detail: 'Transaction is outdated' };
    const payload = this.#payload(state, ext, blockNumber);
    if (payload === undefined) return { kind: 'invalid', reason: 'AncientBirthBlock', detail: 'Transaction has an ancient birth block' };
    if (s.mode === 1) return { kind: 'invalid', reason: 'BadProof', detail: 'CheckMetadataHash is not supported by this runtime: sign with mode 0' };
    if (!this.#verifier.verify(s.signature, payload, s.signer)) {
      return { kind: 'invalid', reason: 'BadProof', detail: 'Transaction has a bad signature' };
    }
    // CheckNonce
    const nonce = BigInt(readAccount(state, s.signer).nonce);
    if (s.nonce < nonce) return { kind: 'invalid', reason: 'Stale', detail: `Transaction is outdated: nonce ${s.nonce} is below the account's ${nonce}` };
    if (s.nonce > nonce && mode === 'apply') return { kind: 'invalid', reason: 'Future', detail: 'Transaction will be valid in the future' };
    // CheckWeight / length
    if (ext.bytes.length > this.config.maxBlockBytes * 0.75) return { kind: 'invalid', reason: 'ExhaustsResources', detail: 'Transaction would exhaust the block limits' };
    // Sequencer rules, so that the pool rejects what could never be included.
    if (call.pallet.decl.name === 'Sequencer') {
      const seq = toSequencerCall(call.name, call.args)!;
      const error = checkSequencerCall(this.config, state, seq, blockNumber);
      if (error !== undefined) {
        return { kind: 'invalid', reason: 'Custom', custom: SEQUENCER_CUSTOM_BASE + SEQUENCER_ERRORS.indexOf(error), detail: sequencerErrorText(error, seq) };
      }
    }
    const tag = (n: bigint): Uint8Array => Buffer.concat([s.signer, encodeU32(Number(n))]);
    return {
      kind: 'valid',
      value: {
        priority: s.tip,
        requires: s.nonce > nonce ? [tag(s.nonce - 1n)] : [],
        provides: [tag(s.nonce)],
        longevity: s.era.kind === 'immortal' ? 18_446_744_073_709_551_615n : eraDeath(s.era, current) - current,
        propagate: true,
        sender: s.signer,
      },
    };
  }

  /** The signing payload of a signed extrinsic in a block `blockNumber`; undefined when its birth block is unknown. */
  #payload(state: StateReader, ext: DecodedExtrinsic, blockNumber: bigint): Uint8Array | undefined {
    const s = ext.signed!;
    const birthHash = systemStorage.blockHash.read(state, Number(eraBirth(s.era, blockNumber - 1n)));
    if (birthHash.every((b) => b === 0)) return undefined;
    const genesisHash = systemStorage.blockHash.read(state, 0);
    return signingPayload({
      callBytes: ext.callBytes,
      signed: s,
      specVersion: this.config.specVersion,
      transactionVersion: this.config.transactionVersion,
      genesisHash,
      birthHash: s.era.kind === 'immortal' ? genesisHash : birthHash,
    });
  }

  /**
   * What the signature check of a pool transaction at `at` will verify, so a caller can verify
   * it ahead of time on another thread; undefined for unsigned or undecodable transactions.
   */
  signatureCheckOf(state: StorageOverlay, bytes: Uint8Array, at: { number: bigint; hash: Uint8Array }): { signature: MultiSignature; message: Uint8Array; signer: Uint8Array } | undefined {
    let ext: DecodedExtrinsic;
    try {
      ext = this.#decode(bytes);
    } catch {
      return undefined;
    }
    if (ext.signed === undefined) return undefined;
    state.startTransaction();
    try {
      systemStorage.blockHash.set(state, Number(at.number), at.hash);
      const message = this.#payload(state, ext, at.number + 1n);
      return message === undefined ? undefined : { signature: ext.signed.signature, message, signer: ext.signed.signer };
    } finally {
      state.rollbackTransaction();
    }
  }

  #feePayer(state: StateReader, call: DecodedCall, signer: Uint8Array): Uint8Array {
    if (call.pallet.decl.name !== 'Sequencer') return signer;
    const para = sponsoredPara(toSequencerCall(call.name, call.args)!);
    return para === undefined ? signer : feePayerFor(state, para, signer);
  }

  #settleFee(state: StorageOverlay, env: BlockEnv, payer: Uint8Array, fee: bigint, tip: bigint): void {
    const balances = this.#byName('Balances').decl;
    if (env.author !== undefined) {
      try {
        this.#currency.deposit(state, env, env.author, fee);
        env.deposit(balances, 'Deposit', { who: env.author, amount: fee });
      } catch {
        this.#currency.burn(state, fee);
      }
    } else {
      this.#currency.burn(state, fee);
    }
    env.deposit(this.#byName('TransactionPayment').decl, 'TransactionFeePaid', { who: payer, actual_fee: fee, tip });
  }

  #eventDispatchInfo(length: number, mandatory: boolean): unknown {
    const info = this.queryInfo(new Uint8Array(length));
    return { weight: info.weight, class: { type: mandatory ? 'Mandatory' : 'Normal' }, pays_fee: { type: mandatory ? 'No' : 'Yes' } };
  }

  #decodeCall(callBytes: Uint8Array): DecodedCall | undefined {
    const pallet = this.#byIndex.get(callBytes[0] ?? -1);
    const decl = pallet?.decl.calls?.find((c) => c.index === callBytes[1]);
    if (pallet === undefined || decl === undefined) return undefined;
    const handler = pallet.calls[decl.name];
    if (handler === undefined) return undefined;
    const args: Record<string, unknown> = {};
    let at = 2;
    try {
      for (const a of decl.args) {
        const d = decodeValuePrefix(a.type, callBytes, at);
        args[a.name!] = d.value;
        at += d.length;
      }
    } catch {
      return undefined;
    }
    if (at !== callBytes.length) return undefined;
    return { pallet, name: decl.name, handler, args };
  }

  #decode(bytes: Uint8Array): DecodedExtrinsic {
    const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    let ext = this.#decoded.get(key);
    if (ext === undefined) {
      ext = decodeExtrinsicV4(bytes);
      if (this.#decoded.size >= DECODE_CACHE_SIZE) this.#decoded.delete(this.#decoded.keys().next().value!);
      this.#decoded.set(key, ext);
    }
    return ext;
  }

  #byName(name: string): Pallet {
    const p = this.#pallets.find((x) => x.decl.name === name);
    if (p === undefined) throw new Error(`no pallet ${name}`);
    return p;
  }
}

interface DecodedCall {
  readonly pallet: Pallet;
  readonly name: string;
  readonly handler: Pallet['calls'][string];
  readonly args: Record<string, unknown>;
}

function digestValue(item: DigestItem): unknown {
  const engine = (e: string): Uint8Array => new TextEncoder().encode(e);
  switch (item.type) {
    case 'Other':
      return { type: 'Other', value: item.data };
    case 'RuntimeEnvironmentUpdated':
      return { type: 'RuntimeEnvironmentUpdated' };
    default:
      return { type: item.type, value: [engine(item.engine), item.data] };
  }
}

function sequencerErrorText(error: string, call: ReturnType<typeof toSequencerCall>): string {
  const para = call !== undefined && call.method !== 'submit_bundle' ? ` ${call.paraId}` : '';
  switch (error) {
    case 'UnknownPara':
      return `Unknown para${para}: it is not registered`;
    case 'PayloadTooLarge':
      return 'Payload too large: exceeds Sequencer.MaxPayloadBytes';
    case 'EmptyPayload':
      return 'Empty payload';
    default:
      return `Sequencer error: ${error}`;
  }
}
