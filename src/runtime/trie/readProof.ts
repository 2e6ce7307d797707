import { u8aToHex } from '@polkadot/util';
import { blake2_256 } from './blake2_256.ts';
import { decodeNode, EMPTY_NODE, HASH_LENGTH, type DecodedNode } from './nodeCodec.ts';
import { bytesEqual, bytesToNibbles, compareBytes, startsWithAt } from './nibbles.ts';
import { TrieCodecError } from './TrieCodecError.ts';
import { TrieNodeMissingError } from './TrieNodeMissingError.ts';
import { TrieProofError } from './TrieProofError.ts';
import type { NodeSource } from './types.ts';

const EMPTY_ROOT = blake2_256(EMPTY_NODE);

/**
 * Where the lookup of one key ends: the value (inline bytes, or the hash of a value stored
 * apart), or `undefined` when the key is absent. `fetch` returns the node stored under a hash.
 */
function lookup(
  root: Uint8Array,
  nibbles: Uint8Array,
  fetch: (hash: Uint8Array) => Uint8Array,
  decode: (encoded: Uint8Array, hash: Uint8Array | undefined) => DecodedNode,
): { inline: Uint8Array } | { hash: Uint8Array } | undefined {
  let node = decode(fetch(root), root);
  let depth = 0;
  for (;;) {
    if (!startsWithAt(nibbles, depth, node.partial)) return undefined;
    depth += node.partial.length;
    if (depth === nibbles.length) {
      const value = node.value;
      if (value === undefined) return undefined;
      return value.kind === 'inline' ? { inline: value.data } : { hash: value.hash };
    }
    const child = node.children?.[nibbles[depth]!];
    if (child === undefined) return undefined;
    node = child.length === HASH_LENGTH ? decode(fetch(child), child) : decode(child, undefined);
    depth++;
  }
}

function decodeInTrie(encoded: Uint8Array): DecodedNode {
  const node = decodeNode(encoded);
  if (node === null) throw new TrieCodecError('BAD_NODE', 'empty node inside a trie');
  return node;
}

/**
 * The encoded nodes that prove the value or the absence of each key under `root`, as
 * `state_getReadProof` returns them: every node on each key's path that is referenced by hash
 * (the root included) and, for state version 1, each value stored apart; no duplicates, sorted
 * by bytes like Substrate's `StorageProof`. Throws TrieNodeMissingError when the source lacks a node.
 *
 * @example
 * const proof = readProof(source, stateRoot, [key]);
 * verifyReadProof(stateRoot, proof, key); // the value, or null
 */
export function readProof(source: NodeSource, root: Uint8Array, keys: readonly Uint8Array[]): Uint8Array[] {
  if (bytesEqual(root, EMPTY_ROOT)) return [];
  const recorded = new Map<string, Uint8Array>();
  const fetch = (hash: Uint8Array): Uint8Array => {
    const node = source.getNode(hash);
    if (node === undefined) throw new TrieNodeMissingError(hash);
    recorded.set(u8aToHex(hash), node);
    return node;
  };
  for (const key of keys) {
    const found = lookup(root, bytesToNibbles(key), fetch, decodeInTrie);
    if (found !== undefined && 'hash' in found) fetch(found.hash);
  }
  return [...recorded.values()].sort(compareBytes);
}

/**
 * Checks `proof` against `root` and returns the value of `key`, or `null` when the proof shows
 * the key is absent. Nodes the lookup does not need are ignored. Throws TrieProofError:
 * `ROOT_MISMATCH` when no node hashes to `root`, `INCOMPLETE_PROOF` when a node or value on the
 * path is missing, `BAD_NODE` when a node on the path does not decode.
 */
export function verifyReadProof(root: Uint8Array, proof: readonly Uint8Array[], key: Uint8Array): Uint8Array | null {
  if (bytesEqual(root, EMPTY_ROOT)) return null;
  const byHash = new Map<string, Uint8Array>();
  for (const node of proof) byHash.set(u8aToHex(blake2_256(node)), node);
  if (!byHash.has(u8aToHex(root))) {
    throw proof.length === 0
      ? new TrieProofError('INCOMPLETE_PROOF', 'the proof is empty', root)
      : new TrieProofError('ROOT_MISMATCH', `no node of the proof hashes to the root ${u8aToHex(root)}`, root);
  }
  const fetch = (hash: Uint8Array): Uint8Array => {
    const node = byHash.get(u8aToHex(hash));
    if (node === undefined) {
      throw new TrieProofError('INCOMPLETE_PROOF', `the proof lacks node ${u8aToHex(hash)}`, hash);
    }
    return node;
  };
  const decode = (encoded: Uint8Array, hash: Uint8Array | undefined): DecodedNode => {
    try {
      return decodeInTrie(encoded);
    } catch (cause) {
      if (!(cause instanceof TrieCodecError)) throw cause;
      throw new TrieProofError('BAD_NODE', `proof node does not decode: ${cause.message}`, hash);
    }
  };
  const found = lookup(root, bytesToNibbles(key), fetch, decode);
  if (found === undefined) return null;
  return 'inline' in found ? found.inline.slice() : fetch(found.hash).slice();
}
