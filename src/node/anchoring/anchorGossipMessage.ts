import type { Hex } from 'viem';
import type { AnchorCommitment } from '../../anchor/commitmentDigest.ts';
import type { AnchorSignature } from '../../anchor/signCommitment.ts';

/** One validator's signature on one commitment, as gossiped on the `anchor` topic. */
export interface AnchorGossipMessage {
  readonly commitment: AnchorCommitment;
  readonly signature: AnchorSignature;
}

export class AnchorGossipError extends Error {
  override readonly name = 'AnchorGossipError';
  readonly code = 'MALFORMED' as const;
  constructor(message: string) {
    super(message);
  }
}

const MAX_BYTES = 1024;
const HASH = /^0x[0-9a-fA-F]{64}$/;
const UINT = /^[0-9]{1,20}$/;

/** JSON with decimal strings for the u64 fields; at most 1 KiB. */
export function encodeAnchorGossip(m: AnchorGossipMessage): Uint8Array {
  const c = m.commitment;
  return new TextEncoder().encode(
    JSON.stringify({
      c: { from: c.fromBlock.toString(), to: c.toBlock.toString(), root: c.blocksRoot, set: c.setId.toString(), next: c.nextSetHash },
      s: { r: m.signature.r, s: m.signature.s, v: m.signature.v },
    }),
  );
}

/** Parses and shape-checks a gossiped message; throws AnchorGossipError. */
export function decodeAnchorGossip(data: Uint8Array): AnchorGossipMessage {
  if (data.length > MAX_BYTES) throw new AnchorGossipError(`anchor gossip of ${data.length} bytes (max ${MAX_BYTES})`);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch {
    throw new AnchorGossipError('anchor gossip is not JSON');
  }
  const o = raw as { c?: Record<string, unknown>; s?: Record<string, unknown> };
  const c = o.c;
  const s = o.s;
  if (typeof c !== 'object' || c === null || typeof s !== 'object' || s === null) throw new AnchorGossipError('anchor gossip needs "c" and "s"');
  const uint = (v: unknown, what: string): bigint => {
    if (typeof v !== 'string' || !UINT.test(v) || BigInt(v) >= 1n << 64n) throw new AnchorGossipError(`${what} is not a u64 string`);
    return BigInt(v);
  };
  const hash = (v: unknown, what: string): Hex => {
    if (typeof v !== 'string' || !HASH.test(v)) throw new AnchorGossipError(`${what} is not 32 bytes of hex`);
    return v as Hex;
  };
  const commitment: AnchorCommitment = {
    fromBlock: uint(c['from'], 'from'),
    toBlock: uint(c['to'], 'to'),
    blocksRoot: hash(c['root'], 'root'),
    setId: uint(c['set'], 'set'),
    nextSetHash: hash(c['next'], 'next'),
  };
  if (commitment.fromBlock < 1n || commitment.toBlock < commitment.fromBlock) throw new AnchorGossipError('invalid block range');
  const v = s['v'];
  if (v !== 27 && v !== 28) throw new AnchorGossipError('v must be 27 or 28');
  return { commitment, signature: { r: hash(s['r'], 'r'), s: hash(s['s'], 's'), v } };
}
