import { compactToU8a, hexToU8a, u8aConcat } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';

type Hex = `0x${string}`;

/** One JSON-RPC call, e.g. `RunningChopsticks.rpc`. */
export type JsonRpcCall = (method: string, params?: readonly unknown[]) => Promise<unknown>;

const PAGE = 1_000;

/**
 * blake2-256 over every storage entry of block `at` (keys in order, each `compact(len) ++ key ++
 * compact(len) ++ value`), read with `state_getKeysPaged` / `state_queryStorageAt`. Chopsticks
 * leaves header state roots zero, so two chains are compared with this instead: equal
 * fingerprints mean equal state (it is not the Substrate trie root).
 *
 * @example
 * const a = await stateFingerprint(chainA.rpc, hashA);
 * const b = await stateFingerprint(chainB.rpc, hashB);
 * a === b; // same state
 */
export async function stateFingerprint(rpc: JsonRpcCall, at: Hex): Promise<Hex> {
  const keys: Hex[] = [];
  for (;;) {
    const page = (await rpc('state_getKeysPaged', ['0x', PAGE, keys.at(-1) ?? null, at])) as Hex[];
    keys.push(...page);
    if (page.length < PAGE) break;
  }
  const parts: Uint8Array[] = [];
  for (let start = 0; start < keys.length; start += PAGE) {
    const chunk = keys.slice(start, start + PAGE);
    const [changes] = (await rpc('state_queryStorageAt', [chunk, at])) as [{ changes: [Hex, Hex | null][] }];
    const values = new Map(changes?.changes ?? []);
    for (const key of chunk) {
      const value = hexToU8a(values.get(key) ?? '0x');
      const keyBytes = hexToU8a(key);
      parts.push(compactToU8a(keyBytes.length), keyBytes, compactToU8a(value.length), value);
    }
  }
  return blake2AsHex(u8aConcat(compactToU8a(keys.length), ...parts), 256) as Hex;
}
