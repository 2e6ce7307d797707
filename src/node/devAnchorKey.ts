import { hexToU8a, u8aToHex } from '@polkadot/util';
import { ethereumEncode, keyExtractSuri, keyFromPath, mnemonicToMiniSecret, secp256k1PairFromSeed } from '@polkadot/util-crypto';

/** Substrate's well-known development phrase (`//Alice` etc. derive from it). */
const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

/**
 * The secp256k1 anchor secret key for a secret URI (`//Alice`, `PHRASE//path`, or 32 bytes
 * of hex), derived the way Substrate derives ecdsa keys (BEEFY's dev keys are these).
 * Needs crypto to be ready.
 */
export function anchorSecretFromSuri(suri: string): Uint8Array {
  if (/^0x[0-9a-fA-F]{64}$/.test(suri)) return hexToU8a(suri);
  const full = suri.startsWith('//') ? `${DEV_PHRASE}${suri}` : suri;
  const { phrase, path, password } = keyExtractSuri(full);
  const seed = /^0x[0-9a-fA-F]{64}$/.test(phrase) ? hexToU8a(phrase) : mnemonicToMiniSecret(phrase, password);
  return keyFromPath(secp256k1PairFromSeed(seed), path, 'ecdsa').secretKey;
}

/** The Ethereum address (checksummed hex) of an anchor secret key. */
export function anchorAddressOf(secretKey: Uint8Array): string {
  return ethereumEncode(secp256k1PairFromSeed(secretKey).publicKey);
}

/** The anchor address of a dev validator (`Alice` → the address of `//Alice`'s ecdsa key). */
export function devAnchorAddress(name: string): string {
  return anchorAddressOf(anchorSecretFromSuri(`//${name}`));
}

export function anchorSecretHex(secretKey: Uint8Array): `0x${string}` {
  return u8aToHex(secretKey);
}
