import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrderedSlice } from '../../ParaTransaction.ts';
import type { KvKeyPair } from './kvKeyPair.ts';
import { kvKeyPairFromSeed } from './kvKeyPair.ts';
import type { KvOperation } from './KvTransaction.ts';
import { signKvTransaction } from './signKvTransaction.ts';

/** Test helpers for the reference chain (tests only). */

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Deterministic key pair number `n`. */
export function testKey(n: number): KvKeyPair {
  const seed = new Uint8Array(32);
  seed.fill(n + 1);
  return kvKeyPairFromSeed(seed);
}

export function setOp(key: string, value: string): KvOperation {
  return { type: 'set', key: bytes(key), value: bytes(value) };
}

export function deleteOp(key: string): KvOperation {
  return { type: 'delete', key: bytes(key) };
}

/** A signed payload for `paraId`. */
export function tx(signer: KvKeyPair, paraId: number, nonce: bigint, ...operations: KvOperation[]): Uint8Array {
  return signKvTransaction(signer.privateKey, { paraId, nonce, operations, signer: signer.publicKey });
}

export function slice(paraId: number, relayBlockNumber: bigint, payloads: readonly Uint8Array[]): OrderedSlice {
  const relayBlockHash = new Uint8Array(32);
  new DataView(relayBlockHash.buffer).setBigUint64(0, relayBlockNumber);
  return { paraId, relayBlockNumber, relayBlockHash, payloads };
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** A fresh temp directory; `remove` deletes it (safe twice). */
export async function tempDir(): Promise<{ readonly path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'spindle-kv-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
