import { concatBytes } from '../../primitives/hashing.ts';
import { decodeBytes, decodeCompact, decodeU32, decodeU64, encodeBytes, encodeCompact, encodeU32, encodeU64 } from '../../primitives/scale.ts';
import { SignatureVerifier } from '../../primitives/verifySignature.ts';
import { SPINDLE_ENGINE_PRE } from './engine.ts';
import type { ConsensusWire, SignedProposal, SignedVote, ValidatorKey, WireMessage } from './ConsensusPorts.ts';

/**
 * Spindle's consensus wire format (all integers little-endian):
 *
 * signed bytes   = "SPINDLE/v1/" ‖ kind u8 (1 prevote, 2 precommit, 3 proposal) ‖ genesisHash[32] ‖ height u64 ‖ round u32 ‖ rest
 *   vote rest     = 0x00 (nil) | 0x01 ‖ blockHash[32]
 *   proposal rest = blockHash[32] ‖ (validRound + 1) u32   (0 = none)
 * vote message     = 0x00 ‖ kind u8 ‖ height u64 ‖ round u32 ‖ (0x00 | 0x01 ‖ hash[32]) ‖ validator[32] ‖ ed25519 signature[64]
 * proposal message = 0x01 ‖ height u64 ‖ round u32 ‖ (validRound + 1) u32 ‖ hash[32] ‖ proposer[32] ‖ signature[64] ‖ Vec<u8> header ‖ Vec<u8> body
 * justification    = Justifications = Vec<(engine "SPDL", Vec<u8> commit)>, commit =
 *                    height u64 ‖ round u32 ‖ blockHash[32] ‖ Compact<count> ‖ (validator[32] ‖ signature[64]) sorted by validator key
 *
 * The genesis hash in the signed bytes binds every signature to one chain. A commit
 * proves finality when its distinct, valid precommit signatures carry more than 2/3 of the
 * validator set's power.
 */
export class ConsensusWireError extends Error {
  override readonly name = 'ConsensusWireError';
  constructor(
    readonly code: 'MALFORMED' | 'NO_KEY' | 'BAD_SIGNATURE' | 'UNKNOWN_VALIDATOR' | 'DUPLICATE_SIGNER' | 'INSUFFICIENT_POWER' | 'MISMATCH',
    message: string,
  ) {
    super(message);
  }
}

const DOMAIN = new TextEncoder().encode('SPINDLE/v1/');
const KIND = { prevote: 1, precommit: 2, proposal: 3 } as const;
const ENGINE = new TextEncoder().encode(SPINDLE_ENGINE_PRE);

function optionHash(hash: Uint8Array | null): Uint8Array {
  return hash === null ? Uint8Array.of(0) : concatBytes(Uint8Array.of(1), hash);
}

export function voteSigningBytes(genesis: Uint8Array, v: Pick<SignedVote, 'type' | 'height' | 'round' | 'blockHash'>): Uint8Array {
  return concatBytes(DOMAIN, Uint8Array.of(KIND[v.type]), genesis, encodeU64(v.height), encodeU32(v.round), optionHash(v.blockHash));
}

export function proposalSigningBytes(genesis: Uint8Array, p: Pick<SignedProposal, 'height' | 'round' | 'blockHash' | 'validRound'>): Uint8Array {
  return concatBytes(DOMAIN, Uint8Array.of(KIND.proposal), genesis, encodeU64(p.height), encodeU32(p.round), p.blockHash, encodeU32(p.validRound + 1));
}

class Reader {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}
  take(n: number): Uint8Array {
    if (this.at + n > this.bytes.length) throw new ConsensusWireError('MALFORMED', 'message truncated');
    const out = this.bytes.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }
  u8(): number {
    return this.take(1)[0]!;
  }
  u32(): number {
    return decodeU32(this.take(4));
  }
  u64(): bigint {
    return decodeU64(this.take(8));
  }
  optionHash(): Uint8Array | null {
    const tag = this.u8();
    if (tag === 0) return null;
    if (tag !== 1) throw new ConsensusWireError('MALFORMED', 'bad option tag');
    return this.take(32);
  }
  bytesVec(): Uint8Array {
    try {
      const d = decodeBytes(this.bytes, this.at);
      this.at += d.length;
      return d.value.slice();
    } catch {
      throw new ConsensusWireError('MALFORMED', 'byte vector truncated');
    }
  }
  end(): void {
    if (this.at !== this.bytes.length) throw new ConsensusWireError('MALFORMED', 'trailing bytes');
  }
}

export function encodeWireMessage(m: WireMessage): Uint8Array {
  if (m.kind === 'vote') {
    const v = m.vote;
    return concatBytes(Uint8Array.of(0, KIND[v.type]), encodeU64(v.height), encodeU32(v.round), optionHash(v.blockHash), v.validator, v.signature);
  }
  const p = m.proposal;
  return concatBytes(
    Uint8Array.of(1),
    encodeU64(p.height),
    encodeU32(p.round),
    encodeU32(p.validRound + 1),
    p.blockHash,
    p.proposer,
    p.signature,
    encodeBytes(p.block.header),
    encodeBytes(p.block.body),
  );
}

export function decodeWireMessage(bytes: Uint8Array): WireMessage {
  const r = new Reader(bytes);
  const tag = r.u8();
  if (tag === 0) {
    const kind = r.u8();
    if (kind !== KIND.prevote && kind !== KIND.precommit) throw new ConsensusWireError('MALFORMED', 'bad vote type');
    const vote: SignedVote = {
      type: kind === KIND.prevote ? 'prevote' : 'precommit',
      height: r.u64(),
      round: r.u32(),
      blockHash: r.optionHash(),
      validator: r.take(32),
      signature: r.take(64),
    };
    r.end();
    return { kind: 'vote', vote };
  }
  if (tag === 1) {
    const height = r.u64();
    const round = r.u32();
    const validRound = r.u32() - 1;
    const proposal: SignedProposal = { height, round, validRound, blockHash: r.take(32), proposer: r.take(32), signature: r.take(64), block: { header: r.bytesVec(), body: r.bytesVec() } };
    r.end();
    return { kind: 'proposal', proposal };
  }
  throw new ConsensusWireError('MALFORMED', `unknown message tag ${tag}`);
}

export function encodeCommit(height: bigint, round: number, blockHash: Uint8Array, precommits: readonly SignedVote[]): Uint8Array {
  const sorted = [...precommits].sort((a, b) => Buffer.compare(Buffer.from(a.validator), Buffer.from(b.validator)));
  return concatBytes(encodeU64(height), encodeU32(round), blockHash, encodeCompact(sorted.length), ...sorted.flatMap((v) => [v.validator, v.signature]));
}

/** Decodes Justifications and returns the SPDL commit in it. */
export function decodeCommit(justifications: Uint8Array): { height: bigint; round: number; blockHash: Uint8Array; precommits: { validator: Uint8Array; signature: Uint8Array }[] } {
  const r = new Reader(justifications);
  let count: { value: bigint; length: number };
  try {
    count = decodeCompact(justifications, 0);
  } catch {
    throw new ConsensusWireError('MALFORMED', 'justifications truncated');
  }
  r.at = count.length;
  for (let i = 0n; i < count.value; i++) {
    const engine = r.take(4);
    const data = r.bytesVec();
    if (!Buffer.from(engine).equals(Buffer.from(ENGINE))) continue;
    const c = new Reader(data);
    const height = c.u64();
    const round = c.u32();
    const blockHash = c.take(32);
    let n: { value: bigint; length: number };
    try {
      n = decodeCompact(data, c.at);
    } catch {
      throw new ConsensusWireError('MALFORMED', 'commit truncated');
    }
    c.at += n.length;
    const precommits = [];
    for (let k = 0n; k < n.value; k++) precommits.push({ validator: c.take(32), signature: c.take(64) });
    c.end();
    return { height, round, blockHash, precommits };
  }
  throw new ConsensusWireError('MALFORMED', 'no SPDL justification');
}

/** The consensus wire for one chain; `signer` is absent on nodes that do not validate. */
export function createConsensusWire(genesisHash: Uint8Array, signer: { publicKey: Uint8Array; sign: (m: Uint8Array) => Uint8Array } | undefined): ConsensusWire {
  const verifier = new SignatureVerifier();
  const ed = (sig: Uint8Array, msg: Uint8Array, key: Uint8Array): boolean => verifier.verify({ type: 'Ed25519', signature: sig }, msg, key);
  const need = (): { publicKey: Uint8Array; sign: (m: Uint8Array) => Uint8Array } => {
    if (signer === undefined) throw new ConsensusWireError('NO_KEY', 'this node has no consensus key');
    return signer;
  };
  return {
    encode: encodeWireMessage,
    decode: decodeWireMessage,
    signVote: (v) => {
      const s = need();
      return { ...v, validator: s.publicKey, signature: s.sign(voteSigningBytes(genesisHash, v)) };
    },
    signProposal: (p) => {
      const s = need();
      return { ...p, proposer: s.publicKey, signature: s.sign(proposalSigningBytes(genesisHash, p)) };
    },
    verifyVote: (v) => ed(v.signature, voteSigningBytes(genesisHash, v), v.validator),
    verifyProposal: (p) => ed(p.signature, proposalSigningBytes(genesisHash, p), p.proposer),
    encodeJustifications: (height, round, blockHash, precommits) => {
      const commit = encodeCommit(height, round, blockHash, precommits);
      return concatBytes(encodeCompact(1), ENGINE, encodeBytes(commit));
    },
    verifyJustifications: (justifications, height, blockHash, validators) => verifyCommit(genesisHash, justifications, height, blockHash, validators, ed),
  };
}

function verifyCommit(
  genesis: Uint8Array,
  justifications: Uint8Array,
  height: bigint,
  blockHash: Uint8Array,
  validators: readonly ValidatorKey[],
  ed: (sig: Uint8Array, msg: Uint8Array, key: Uint8Array) => boolean,
): void {
  const c = decodeCommit(justifications);
  if (c.height !== height || !Buffer.from(c.blockHash).equals(Buffer.from(blockHash))) throw new ConsensusWireError('MISMATCH', 'the commit is for another block');
  const total = validators.reduce((sum, v) => sum + v.power, 0n);
  const seen = new Set<string>();
  let signed = 0n;
  const message = voteSigningBytes(genesis, { type: 'precommit', height, round: c.round, blockHash });
  for (const p of c.precommits) {
    const key = Buffer.from(p.validator).toString('hex');
    if (seen.has(key)) throw new ConsensusWireError('DUPLICATE_SIGNER', `validator 0x${key} signed twice`);
    seen.add(key);
    const v = validators.find((x) => Buffer.from(x.publicKey).equals(Buffer.from(p.validator)));
    if (v === undefined) throw new ConsensusWireError('UNKNOWN_VALIDATOR', `0x${key} is not a validator`);
    if (!ed(p.signature, message, p.validator)) throw new ConsensusWireError('BAD_SIGNATURE', `bad precommit signature by 0x${key}`);
    signed += v.power;
  }
  if (signed * 3n <= total * 2n) throw new ConsensusWireError('INSUFFICIENT_POWER', `precommits carry ${signed} of ${total} power, more than 2/3 needed`);
}
