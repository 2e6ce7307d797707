import type { Hex } from 'viem';
import type { AnchorCommitment } from '../../anchor/commitmentDigest.ts';
import type { AnchorSignature } from '../../anchor/signCommitment.ts';
import type { AnchorValidatorSet } from '../../anchor/validatorSetHash.ts';
import { encodeU64BE } from '../../store/bytes.ts';
import type { KeyValueStore, WriteOp } from '../../store/index.ts';

const COLUMN = 'anchor';
const COMMITMENT = 0x63; // 'c' ‖ u64BE(fromBlock)
const SIGNATURE = 0x73; // 's' ‖ u64BE(fromBlock) ‖ address (20 bytes)
const SET = 0x76; // 'v' ‖ u64BE(setId)

export class AnchorRepositoryError extends Error {
  override readonly name = 'AnchorRepositoryError';
  readonly code = 'CORRUPTED' as const;
  constructor(message: string) {
    super(message);
  }
}

function key(tag: number, n: bigint, tail: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(9 + tail.length);
  out[0] = tag;
  out.set(encodeU64BE(n), 1);
  out.set(tail, 9);
  return out;
}

const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));

function parse<T>(bytes: Uint8Array, what: string): T {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch {
    throw new AnchorRepositoryError(`stored ${what} is not JSON`);
  }
}

interface CommitmentJson {
  fromBlock: string;
  toBlock: string;
  blocksRoot: Hex;
  setId: string;
  nextSetHash: Hex;
}

/**
 * Anchoring's durable records in the store's `anchor` column: the commitments (one per
 * period, keyed by first block), the validators' signatures on them, and the validator sets
 * by id. Every write is one atomic, fsync'd batch.
 */
export class AnchorRepository {
  constructor(private readonly kv: KeyValueStore) {}

  /** Every stored commitment, in block order. */
  commitments(): AnchorCommitment[] {
    const out: AnchorCommitment[] = [];
    for (const [, value] of this.kv.iterate(COLUMN, { prefix: Uint8Array.of(COMMITMENT) })) {
      const c = parse<CommitmentJson>(value, 'commitment');
      out.push({ fromBlock: BigInt(c.fromBlock), toBlock: BigInt(c.toBlock), blocksRoot: c.blocksRoot, setId: BigInt(c.setId), nextSetHash: c.nextSetHash });
    }
    return out;
  }

  /** Stores a commitment, and the sets it is signed by and announces, in one write. */
  async putCommitment(c: AnchorCommitment, sets: readonly AnchorValidatorSet[]): Promise<void> {
    const ops: WriteOp[] = [{ column: COLUMN, key: key(COMMITMENT, c.fromBlock), value: json(c) }];
    for (const set of sets) ops.push({ column: COLUMN, key: key(SET, set.setId), value: json(set) });
    await this.kv.write(ops);
  }

  validatorSet(setId: bigint): AnchorValidatorSet | undefined {
    const raw = this.kv.get(COLUMN, key(SET, setId));
    if (raw === undefined) return undefined;
    const set = parse<{ setId: string; validators: { addr: Hex; weight: string }[] }>(raw, 'validator set');
    return { setId: BigInt(set.setId), validators: set.validators.map((v) => ({ addr: v.addr, weight: BigInt(v.weight) })) };
  }

  async putSignature(fromBlock: bigint, signer: Hex, signature: AnchorSignature): Promise<void> {
    await this.kv.write([{ column: COLUMN, key: key(SIGNATURE, fromBlock, Buffer.from(signer.slice(2), 'hex')), value: json(signature) }]);
  }

  /** The signatures stored for the commitment starting at `fromBlock`, by signer address (lower-case hex). */
  signatures(fromBlock: bigint): Map<Hex, AnchorSignature> {
    const out = new Map<Hex, AnchorSignature>();
    for (const [k, value] of this.kv.iterate(COLUMN, { prefix: key(SIGNATURE, fromBlock) })) {
      if (k.length !== 29) throw new AnchorRepositoryError(`signature key of ${k.length} bytes`);
      out.set(`0x${Buffer.from(k.subarray(9)).toString('hex')}`, parse<AnchorSignature>(value, 'signature'));
    }
    return out;
  }
}
