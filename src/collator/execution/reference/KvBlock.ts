import { EMPTY_MERKLE_ROOT } from '../../../primitives/binaryMerkle.ts';
import { blake2_256 } from '../../../primitives/hashing.ts';

/** The header of a reference-chain block; `hash` is blake2_256 of `encodeKvBlockHeader`. */
export interface KvBlockHeader {
  readonly paraId: number;
  readonly number: bigint;
  readonly parentHash: Uint8Array;
  /** `KvStateTree` root after the block (data keys and signer nonces). */
  readonly stateRoot: Uint8Array;
  /** Binary Merkle root (src/primitives/binaryMerkle.ts) of the block's transaction payloads, in order. */
  readonly txRoot: Uint8Array;
  readonly txCount: number;
  readonly hash: Uint8Array;
}

/** A sealed block: its header and the transactions it applied, in order. */
export interface KvBlock extends KvBlockHeader {
  readonly transactions: readonly Uint8Array[];
}

/** Header bytes: paraId u32 ‖ number u64 ‖ parentHash[32] ‖ stateRoot[32] ‖ txRoot[32] ‖ txCount u32 (little-endian). */
export const KV_BLOCK_HEADER_BYTES = 4 + 8 + 32 + 32 + 32 + 4;

export function encodeKvBlockHeader(header: Omit<KvBlockHeader, 'hash'>): Uint8Array {
  const out = new Uint8Array(KV_BLOCK_HEADER_BYTES);
  const view = new DataView(out.buffer);
  view.setUint32(0, header.paraId, true);
  view.setBigUint64(4, header.number, true);
  out.set(header.parentHash, 12);
  out.set(header.stateRoot, 44);
  out.set(header.txRoot, 76);
  view.setUint32(108, header.txCount, true);
  return out;
}

/** Fills in the hash of a header. Requires `initHashing()`. */
export function sealKvBlockHeader(header: Omit<KvBlockHeader, 'hash'>): KvBlockHeader {
  return { ...header, hash: blake2_256(encodeKvBlockHeader(header)) };
}

/** Parses `encodeKvBlockHeader` output (trusted bytes from the journal); recomputes the hash. */
export function decodeKvBlockHeader(bytes: Uint8Array): KvBlockHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return sealKvBlockHeader({
    paraId: view.getUint32(0, true),
    number: view.getBigUint64(4, true),
    parentHash: bytes.slice(12, 44),
    stateRoot: bytes.slice(44, 76),
    txRoot: bytes.slice(76, 108),
    txCount: view.getUint32(108, true),
  });
}

/** Block 0 of para `paraId`: empty state, no transactions, zero parent. */
export function kvGenesisHeader(paraId: number): KvBlockHeader {
  return sealKvBlockHeader({ paraId, number: 0n, parentHash: new Uint8Array(32), stateRoot: EMPTY_MERKLE_ROOT, txRoot: EMPTY_MERKLE_ROOT, txCount: 0 });
}
