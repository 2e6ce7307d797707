/**
 * Test support: block n of a deterministic chain, so a writer process and the test that checks its
 * store after a crash build the very same bytes independently.
 */
import { createHash } from 'node:crypto';
import { decodeU64BE, encodeU64BE } from './bytes.ts';
import type { GenesisToCommit } from './ChainStore.ts';

export const STATE_NODES_PER_BLOCK = 50;
export const EXTRINSICS_PER_BLOCK = 3;

const sha256 = (text: string): Uint8Array => Uint8Array.from(createHash('sha256').update(text).digest());

function filled(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (seed * 31 + i * 7) & 0xff;
  return out;
}

export function crashBlockHash(n: bigint): Uint8Array {
  return sha256(`spindle-crash-block:${n}`);
}

export interface CrashBlock extends GenesisToCommit {
  number: bigint;
  extrinsicHashes: readonly Uint8Array[];
  justifications: Uint8Array;
}

export function crashBlock(n: bigint): CrashBlock {
  const seed = Number(n % 251n);
  const parent = n === 0n ? new Uint8Array(32) : crashBlockHash(n - 1n);
  const header = new Uint8Array(8 + 32 + 40);
  header.set(encodeU64BE(n), 0);
  header.set(parent, 8);
  header.set(filled(40, seed), 40);
  const stateNodes = Array.from({ length: STATE_NODES_PER_BLOCK }, (_, i) => {
    const node = filled(40 + ((seed + i * 13) % 200), seed + i);
    return [sha256(`spindle-crash-node:${n}:${i}`), node] as const;
  });
  return {
    hash: crashBlockHash(n),
    number: n,
    header,
    body: filled(100 + (seed % 7) * 100, seed),
    stateNodes,
    justifications: filled(64, seed + 1),
    extrinsicHashes: Array.from({ length: EXTRINSICS_PER_BLOCK }, (_, j) => sha256(`spindle-crash-xt:${n}:${j}`)),
  };
}

/** The number written at the start of a crash block's header. */
export function crashBlockNumber(header: Uint8Array): bigint {
  return decodeU64BE(header.subarray(0, 8));
}
