import type { Registry } from '@polkadot/types/types';
import type { Call, Extrinsic } from '@polkadot/types/interfaces';
import { blake2_256, concatBytes } from './hashing.ts';
import { encodeCompact, encodeU32 } from './scale.ts';
import type { MultiSignature } from './verifySignature.ts';

/** A transaction's mortality (`sp_runtime::generic::Era`). */
export type Era = { readonly kind: 'immortal' } | { readonly kind: 'mortal'; readonly period: bigint; readonly phase: bigint };

export interface SignedPart {
  /** AccountId32 of the signer (only `MultiAddress::Id` is accepted, as FRAME's AccountIdLookup does). */
  readonly signer: Uint8Array;
  readonly signature: MultiSignature;
  readonly era: Era;
  readonly eraBytes: Uint8Array;
  readonly nonce: bigint;
  readonly tip: bigint;
  /** CheckMetadataHash mode: 0 disabled, 1 enabled. */
  readonly mode: number;
  readonly metadataHash: Uint8Array | undefined;
}

/** An extrinsic (v4) decoded against the runtime's metadata. */
export interface DecodedExtrinsic {
  /** The length-prefixed encoding, as in a block body. */
  readonly bytes: Uint8Array;
  /** blake2_256 of `bytes`, the hash Substrate reports for the transaction. */
  readonly hash: Uint8Array;
  readonly signed: SignedPart | undefined;
  /** `pallet.method` as @polkadot/api names them, e.g. `sequencer.submit`. */
  readonly section: string;
  readonly method: string;
  readonly call: Call;
  readonly callBytes: Uint8Array;
}

export type ExtrinsicErrorCode = 'MALFORMED' | 'UNSUPPORTED_VERSION' | 'UNSUPPORTED_ADDRESS' | 'TRAILING_BYTES';

export class ExtrinsicError extends Error {
  override readonly name = 'ExtrinsicError';
  constructor(
    readonly code: ExtrinsicErrorCode,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** Decodes a length-prefixed extrinsic with a metadata-aware registry; throws ExtrinsicError. */
export function decodeExtrinsic(registry: Registry, bytes: Uint8Array): DecodedExtrinsic {
  let ext: Extrinsic;
  try {
    ext = registry.createType('Extrinsic', bytes);
  } catch (cause) {
    throw new ExtrinsicError('MALFORMED', `cannot decode extrinsic: ${(cause as Error).message}`, cause);
  }
  if (ext.encodedLength !== bytes.length) {
    throw new ExtrinsicError('TRAILING_BYTES', `extrinsic is ${ext.encodedLength} bytes but ${bytes.length} were given`);
  }
  if (ext.version !== 4 && (ext.version & 0x7f) !== 4) {
    throw new ExtrinsicError('UNSUPPORTED_VERSION', `extrinsic version ${ext.version & 0x7f} is not supported`);
  }
  const call = ext.method as Call;
  let signed: SignedPart | undefined;
  if (ext.isSigned) {
    const address = ext.signer;
    const raw = address as unknown as { type?: string; value?: { toU8a(): Uint8Array } };
    if (raw.type !== 'Id' || raw.value === undefined) {
      throw new ExtrinsicError('UNSUPPORTED_ADDRESS', 'only MultiAddress::Id signers are supported');
    }
    const multi = (ext.inner as unknown as { signature: { multiSignature: { type: string; value: { toU8a(): Uint8Array } } } })
      .signature.multiSignature;
    const era = ext.era;
    const metadataHash = ext.metadataHash as unknown as { isSome?: boolean; unwrap(): { toU8a(): Uint8Array } } | undefined;
    signed = {
      signer: raw.value.toU8a(),
      signature: { type: multi.type as MultiSignature['type'], signature: multi.value.toU8a() },
      era: era.isImmortalEra
        ? { kind: 'immortal' }
        : { kind: 'mortal', period: era.asMortalEra.period.toBigInt(), phase: era.asMortalEra.phase.toBigInt() },
      eraBytes: era.toU8a(),
      nonce: ext.nonce.toBigInt(),
      tip: ext.tip.toBigInt(),
      mode: Number((ext.mode as unknown as { toNumber?: () => number })?.toNumber?.() ?? 0),
      metadataHash: metadataHash?.isSome === true ? metadataHash.unwrap().toU8a() : undefined,
    };
  }
  return {
    bytes,
    hash: blake2_256(bytes),
    signed,
    section: call.section,
    method: call.method,
    call,
    callBytes: call.toU8a(),
  };
}

/** The first block a mortal transaction may be included in, given the current block number. */
export function eraBirth(era: Era, current: bigint): bigint {
  if (era.kind === 'immortal') return 0n;
  const base = current > era.phase ? current : era.phase;
  return ((base - era.phase) / era.period) * era.period + era.phase;
}

/** The first block a mortal transaction may no longer be included in. */
export function eraDeath(era: Era, current: bigint): bigint {
  return era.kind === 'immortal' ? BigInt(Number.MAX_SAFE_INTEGER) : eraBirth(era, current) + era.period;
}

export interface SigningPayloadInput {
  readonly callBytes: Uint8Array;
  readonly signed: SignedPart;
  readonly specVersion: number;
  readonly transactionVersion: number;
  readonly genesisHash: Uint8Array;
  /** Hash of the era's birth block (the genesis hash for immortal transactions). */
  readonly birthHash: Uint8Array;
  /** The runtime's metadata hash, included when the signer enabled CheckMetadataHash. */
  readonly metadataHash?: Uint8Array;
}

/**
 * The bytes a v4 signer signs: call ‖ extra ‖ additional-signed, in the order of the
 * runtime's signed extensions (CheckNonZeroSender, CheckSpecVersion, CheckTxVersion,
 * CheckGenesis, CheckMortality, CheckNonce, CheckWeight, ChargeTransactionPayment,
 * CheckMetadataHash); blake2_256-hashed when longer than 256 bytes.
 */
export function signingPayload(input: SigningPayloadInput): Uint8Array {
  const s = input.signed;
  const metadataHash =
    s.mode === 1 && input.metadataHash !== undefined ? concatBytes(Uint8Array.of(1), input.metadataHash) : Uint8Array.of(0);
  const payload = concatBytes(
    input.callBytes,
    // extra
    s.eraBytes,
    encodeCompact(s.nonce),
    encodeCompact(s.tip),
    Uint8Array.of(s.mode),
    // additional signed
    encodeU32(input.specVersion),
    encodeU32(input.transactionVersion),
    input.genesisHash,
    input.birthHash,
    metadataHash,
  );
  return payload.length > 256 ? blake2_256(payload) : payload;
}
