import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Largest multiple of 62 below 256: bytes at or above it are skipped, so no letter is favoured. */
const LIMIT = 248;

/**
 * A subscription id like Substrate's `RandomStringIdProvider::new(16)`: 16 random
 * alphanumeric characters. Random (not sequential) so one client cannot guess another's ids.
 * `crypto.randomBytes` is fine here: an id is not consensus data.
 */
export function subscriptionId(length = 16): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < LIMIT) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}
