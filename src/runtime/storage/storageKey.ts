import { blake2_128, blake2_128Concat, blake2_256, concatBytes, twox128, twox64Concat } from '../../primitives/hashing.ts';
import type { StorageHasher } from '../metadata/RuntimeDecl.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** twox128(pallet) ‖ twox128(item): the prefix of every FRAME storage key. */
export function storagePrefix(pallet: string, item: string): Uint8Array {
  return concatBytes(twox128(utf8(pallet)), twox128(utf8(item)));
}

export function hashKey(hasher: StorageHasher, encodedKey: Uint8Array): Uint8Array {
  switch (hasher) {
    case 'Blake2_128Concat':
      return blake2_128Concat(encodedKey);
    case 'Twox64Concat':
      return twox64Concat(encodedKey);
    case 'Identity':
      return encodedKey;
    case 'Blake2_128':
      return blake2_128(encodedKey);
    case 'Blake2_256':
      return blake2_256(encodedKey);
    case 'Twox128':
      return twox128(encodedKey);
    case 'Twox256':
      throw new Error('Twox256 hasher is not used by Spindle');
  }
}

/** Well-known keys Substrate tooling reads directly. */
export const WELL_KNOWN_KEYS = {
  code: utf8(':code'),
  heapPages: utf8(':heappages'),
} as const;
