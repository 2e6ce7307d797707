import { blake2b, keccak256 as wasmKeccak256, twox, waitReady } from '@polkadot/wasm-crypto';

/**
 * Hash functions Substrate and Ethereum use, called on @polkadot/wasm-crypto directly
 * (no pure-JS fallback on the hot path). `initHashing()` must have resolved once per
 * process before any of them is called; the node and every test entry point await it.
 */
export async function initHashing(): Promise<void> {
  await waitReady();
}

const NO_KEY = new Uint8Array(0);

export function blake2_256(data: Uint8Array): Uint8Array {
  return blake2b(data, NO_KEY, 32);
}

export function blake2_128(data: Uint8Array): Uint8Array {
  return blake2b(data, NO_KEY, 16);
}

export function twox128(data: Uint8Array): Uint8Array {
  return twox(data, 2);
}

export function twox64(data: Uint8Array): Uint8Array {
  return twox(data, 1);
}

export function keccak256(data: Uint8Array): Uint8Array {
  return wasmKeccak256(data);
}

/** `Blake2_128Concat` storage hasher: blake2_128(key) ++ key. */
export function blake2_128Concat(data: Uint8Array): Uint8Array {
  return concatBytes(blake2_128(data), data);
}

/** `Twox64Concat` storage hasher: twox64(key) ++ key. */
export function twox64Concat(data: Uint8Array): Uint8Array {
  return concatBytes(twox64(data), data);
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
