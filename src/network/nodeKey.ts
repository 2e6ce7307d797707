import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { privateKeyFromRaw } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import type { PrivateKey } from '@libp2p/interface';
import { NetworkError } from './NetworkError.ts';

/** DER prefix of a PKCS#8 ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * Parses a Substrate `--node-key`: 32 bytes of ed25519 secret (seed) as 64 hex digits, `0x` optional.
 * Throws NetworkError INVALID_ARGUMENT otherwise.
 */
export function parseNodeKey(hex: string): Uint8Array {
  const h = hex.trim().replace(/^0x/i, '');
  if (!/^[0-9a-fA-F]{64}$/.test(h)) {
    throw new NetworkError(
      { code: 'INVALID_ARGUMENT', what: 'node key', value: `${h.length} hex digits` },
      'a node key is 32 bytes of ed25519 secret as 64 hex digits',
    );
  }
  return Uint8Array.from(Buffer.from(h, 'hex'));
}

/** The libp2p private key for a 32-byte ed25519 secret (Substrate's node key). */
export function privateKeyFromNodeKey(secret: Uint8Array): PrivateKey {
  if (secret.length !== 32) {
    throw new NetworkError(
      { code: 'INVALID_ARGUMENT', what: 'node key', value: `${secret.length} bytes` },
      'a node key is 32 bytes of ed25519 secret',
    );
  }
  const der = Buffer.concat([PKCS8_ED25519_PREFIX, secret]);
  const spki = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).export({
    format: 'der',
    type: 'spki',
  });
  const pub = spki.subarray(spki.length - 32);
  // libp2p's raw ed25519 private key is seed ‖ public key (64 bytes).
  return privateKeyFromRaw(Uint8Array.from(Buffer.concat([secret, pub])));
}

/**
 * The `12D3KooW…` peer id of a Substrate node key (hex, as given to `--node-key`).
 * @example peerIdFromNodeKey('00…01') === '12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp'
 */
export function peerIdFromNodeKey(hex: string): string {
  return peerIdFromPrivateKey(privateKeyFromNodeKey(parseNodeKey(hex))).toString();
}

/** A fresh random node key, as bytes and as the hex Substrate writes, with its peer id. */
export function generateNodeKey(): { secret: Uint8Array; hex: string; peerId: string } {
  const secret = Uint8Array.from(randomBytes(32));
  const hex = Buffer.from(secret).toString('hex');
  return { secret, hex, peerId: peerIdFromPrivateKey(privateKeyFromNodeKey(secret)).toString() };
}
