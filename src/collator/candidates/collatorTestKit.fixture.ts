import { randomBytes } from 'node:crypto';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';

/** A fresh hex prefix per test so its payloads are told apart from any other test's on the same relay. */
export function payloadTag(): string {
  return `0x${randomBytes(6).toString('hex')}`;
}

/** Payload `i` of a test: the tag, a 4-byte index, then `size - 10` filler bytes. */
export function taggedPayload(tag: string, i: number, size = 16): `0x${string}` {
  const index = i.toString(16).padStart(8, '0');
  return `${tag}${index}${'ab'.repeat(Math.max(0, size - 10))}` as `0x${string}`;
}

/** A funded dev account as the collator's signer (sr25519). Needs crypto to be ready. */
export function collatorKey(name = 'Charlie'): KeyringPair {
  return new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(`//${name}`);
}
