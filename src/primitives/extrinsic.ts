import type { Registry } from '@polkadot/types/types';
import type { Call, Extrinsic } from '@polkadot/types/interfaces';
import { blake2_256, concatBytes } from './hashing.ts';
import { decodeCompact, encodeCompact, encodeU32 } from './scale.ts';
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
  /** pallet index ‖ call index ‖ arguments. */
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
  return { bytes, hash: blake2_256(bytes), signed, callBytes: call.toU8a() };
}

const SIGNATURE_KINDS = [
  { type: 'Ed25519', length: 64 },
  { type: 'Sr25519', length: 64 },
  { type: 'Ecdsa', length: 65 },
] as const;

/**
 * The hot-path decoder for the one layout this runtime accepts — v4, `MultiAddress::Id`,
 * `MultiSignature`, extra = (Era, Compact<nonce>, Compact<tip>, mode u8) — byte-identical to
 * {@link decodeExtrinsic} (a test compares them) but without building @polkadot/types codecs,
 * which cost about a quarter of a transaction's validation.
 */
export function decodeExtrinsicV4(bytes: Uint8Array): DecodedExtrinsic {
  const fail = (code: ExtrinsicErrorCode, message: string): never => {
    throw new ExtrinsicError(code, message);
  };
  let at = 0;
  const need = (n: number): void => {
    if (at + n > bytes.length) fail('MALFORMED', 'extrinsic truncated');
  };
  const compact = (): bigint => {
    need(1);
    try {
      const c = decodeCompact(bytes, at);
      at += c.length;
      return c.value;
    } catch {
      return fail('MALFORMED', 'bad compact integer');
    }
  };
  const length = compact();
  if (BigInt(bytes.length - at) !== length) fail('TRAILING_BYTES', `extrinsic announces ${length} bytes but ${bytes.length - at} follow`);
  need(1);
  const version = bytes[at++]!;
  if ((version & 0x7f) !== 4) fail('UNSUPPORTED_VERSION', `extrinsic version ${version & 0x7f} is not supported`);
  let signed: SignedPart | undefined;
  if ((version & 0x80) !== 0) {
    need(1);
    if (bytes[at++] !== 0) fail('UNSUPPORTED_ADDRESS', 'only MultiAddress::Id signers are supported');
    need(32);
    const signer = bytes.slice(at, at + 32);
    at += 32;
    need(1);
    const kind = SIGNATURE_KINDS[bytes[at++]!];
    if (kind === undefined) fail('MALFORMED', 'unknown MultiSignature variant');
    need(kind!.length);
    const signature = bytes.slice(at, at + kind!.length);
    at += kind!.length;
    need(1);
    const eraStart = at;
    let era: Era;
    if (bytes[at] === 0) {
      at += 1;
      era = { kind: 'immortal' };
    } else {
      need(2);
      const encoded = bytes[at]! | (bytes[at + 1]! << 8);
      at += 2;
      const period = 2n << BigInt(encoded % 16);
      const quantize = period >> 12n > 1n ? period >> 12n : 1n;
      const phase = BigInt(encoded >> 4) * quantize;
      if (period < 4n || phase >= period) fail('MALFORMED', 'invalid mortal era');
      era = { kind: 'mortal', period, phase };
    }
    const eraBytes = bytes.slice(eraStart, at);
    const nonce = compact();
    const tip = compact();
    need(1);
    const mode = bytes[at++]!;
    if (mode > 1) fail('MALFORMED', 'invalid CheckMetadataHash mode');
    signed = { signer, signature: { type: kind!.type, signature }, era, eraBytes, nonce, tip, mode, metadataHash: undefined };
  }
  if (bytes.length - at < 2) fail('MALFORMED', 'extrinsic has no call');
  return { bytes, hash: blake2_256(bytes), signed, callBytes: bytes.slice(at) };
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
