import { blake2AsU8a } from '@polkadot/util-crypto';

/**
 * The trie's hasher. Uses the wasm blake2 when `@polkadot/wasm-crypto` is ready (the node awaits
 * `cryptoWaitReady()` at start) and the pure-JS one otherwise; both give the same bytes.
 */
export function blake2_256(data: Uint8Array): Uint8Array {
  return blake2AsU8a(data, 256);
}
