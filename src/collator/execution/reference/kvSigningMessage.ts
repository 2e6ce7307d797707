/** Domain tag every reference-chain signature starts with, so it can never be replayed as another message. */
export const KV_SIGNING_DOMAIN = new TextEncoder().encode('spindle/kv-tx/v1');

/**
 * What the signer signs: `"spindle/kv-tx/v1" ‖ body`, where the body (see `encodeKvTransaction`)
 * begins with the version and the para id, so a transaction for para 100 is invalid on para 200.
 */
export function kvSigningMessage(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(KV_SIGNING_DOMAIN.length + body.length);
  out.set(KV_SIGNING_DOMAIN, 0);
  out.set(body, KV_SIGNING_DOMAIN.length);
  return out;
}
