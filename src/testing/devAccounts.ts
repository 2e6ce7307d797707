import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';

export const DEV_ACCOUNT_NAMES = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const;

/** The well-known sr25519 dev accounts (`//Alice` …), as test signers. Needs crypto to be ready. */
export function devPairs(): Record<(typeof DEV_ACCOUNT_NAMES)[number], KeyringPair> {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return Object.fromEntries(DEV_ACCOUNT_NAMES.map((n) => [n, keyring.addFromUri(`//${n}`)])) as Record<(typeof DEV_ACCOUNT_NAMES)[number], KeyringPair>;
}
