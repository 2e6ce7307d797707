import { recoverAddress, type Address, type Hex } from 'viem';
import { commitmentDigest, type AnchorCommitment } from '../../anchor/commitmentDigest.ts';
import type { AnchorSignature } from '../../anchor/signCommitment.ts';
import { compareAddresses } from '../../anchor/validatorSetHash.ts';
import type { AnchorPeriods } from './AnchorPeriods.ts';
import type { AnchorRepository } from './AnchorRepository.ts';

/** Where signatures are valid: the L1 chain, the anchor contract and the relay genesis. */
export interface AnchorDomain {
  readonly chainId: bigint;
  readonly contract: Address;
  readonly genesisHash: Hex;
}

export type AddSignatureOutcome =
  /** Stored: a member of the commitment's set signed it. */
  | 'added'
  | 'duplicate'
  /** Kept in memory until this node has finalized and cut the period it signs. */
  | 'pending'
  | 'rejected';

/** A commitment with signatures carrying more than 2/3 of its set's weight, sorted by signer. */
export interface SignedCommitment {
  readonly commitment: AnchorCommitment;
  readonly signatures: readonly AnchorSignature[];
}

const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
const MAX_PENDING = 512;

const key = (c: AnchorCommitment): string => `${c.fromBlock}:${c.toBlock}:${c.blocksRoot}:${c.setId}:${c.nextSetHash}`.toLowerCase();

/**
 * Gathers the validators' anchor signatures: each is checked (canonical form, recovers to a
 * member of the commitment's validator set, over this node's own commitment for the range)
 * and persisted. Signatures on periods this node has not cut yet wait in a bounded buffer.
 */
export class AnchorSignaturePool {
  readonly #pending = new Map<string, { commitment: AnchorCommitment; signatures: AnchorSignature[] }>();
  readonly #listeners = new Set<(c: AnchorCommitment, signer: Address, signature: AnchorSignature) => void>();

  constructor(
    private readonly periods: AnchorPeriods,
    private readonly repo: AnchorRepository,
    readonly domain: AnchorDomain,
  ) {
    periods.onCommitment((c) => void this.#releasePending(c));
  }

  digest(commitment: AnchorCommitment): Hex {
    return commitmentDigest({ ...this.domain, anchor: this.domain.contract, commitment });
  }

  /** Called for every newly stored signature. Returns an unsubscribe. */
  onSignature(listener: (c: AnchorCommitment, signer: Address, signature: AnchorSignature) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async add(commitment: AnchorCommitment, signature: AnchorSignature): Promise<AddSignatureOutcome> {
    if (!isCanonical(signature)) return 'rejected';
    const ours = this.periods.commitmentFor(commitment.fromBlock);
    if (ours === undefined || ours.fromBlock !== commitment.fromBlock) {
      if (commitment.fromBlock <= this.periods.lastCommittedBlock) return 'rejected';
      return this.#keepPending(commitment, signature);
    }
    if (key(ours) !== key(commitment)) return 'rejected';
    const set = this.periods.validatorSet(ours.setId);
    if (set === undefined) return 'rejected';
    let signer: Address;
    try {
      signer = await recoverAddress({ hash: this.digest(ours), signature: { r: signature.r, s: signature.s, v: BigInt(signature.v) } });
    } catch {
      return 'rejected';
    }
    if (!set.validators.some((v) => v.addr.toLowerCase() === signer.toLowerCase())) return 'rejected';
    const lower = signer.toLowerCase() as Hex;
    if (this.repo.signatures(ours.fromBlock).has(lower)) return 'duplicate';
    await this.repo.putSignature(ours.fromBlock, lower, signature);
    for (const l of this.#listeners) l(ours, signer, signature);
    return 'added';
  }

  /** The stored signatures on the commitment starting at `fromBlock`, by signer. */
  signatures(fromBlock: bigint): Map<Hex, AnchorSignature> {
    return this.repo.signatures(fromBlock);
  }

  /** Signed weight and total weight of the commitment starting at `fromBlock`. */
  weight(fromBlock: bigint): { signed: bigint; total: bigint } | undefined {
    return this.#weigh(fromBlock, this.repo.signatures(fromBlock));
  }

  #weigh(fromBlock: bigint, sigs: ReadonlyMap<Hex, AnchorSignature>): { signed: bigint; total: bigint } | undefined {
    const c = this.periods.commitmentFor(fromBlock);
    const set = c === undefined ? undefined : this.periods.validatorSet(c.setId);
    if (set === undefined) return undefined;
    let signed = 0n;
    let total = 0n;
    for (const v of set.validators) {
      total += v.weight;
      if (sigs.has(v.addr.toLowerCase() as Hex)) signed += v.weight;
    }
    return { signed, total };
  }

  /** The commitment starting at `fromBlock` with a quorum (> 2/3 of the weight), or undefined. */
  signed(fromBlock: bigint): SignedCommitment | undefined {
    const commitment = this.periods.commitmentFor(fromBlock);
    if (commitment === undefined || commitment.fromBlock !== fromBlock) return undefined;
    const sigs = this.repo.signatures(fromBlock);
    const w = this.#weigh(fromBlock, sigs);
    if (w === undefined || w.signed * 3n <= w.total * 2n) return undefined;
    const signatures = [...sigs].sort(([a], [b]) => compareAddresses(a, b)).map(([, s]) => s);
    return { commitment, signatures };
  }

  /** Consecutive quorum-signed commitments starting exactly at `fromBlock`, at most `max`. */
  readyFrom(fromBlock: bigint, max: number): SignedCommitment[] {
    const out: SignedCommitment[] = [];
    for (const c of this.periods.commitmentsFrom(fromBlock, max)) {
      const s = this.signed(c.fromBlock);
      if (s === undefined) break;
      out.push(s);
    }
    return out;
  }

  #keepPending(commitment: AnchorCommitment, signature: AnchorSignature): AddSignatureOutcome {
    const k = key(commitment);
    let entry = this.#pending.get(k);
    if (entry === undefined) {
      if (this.#pending.size >= MAX_PENDING) return 'rejected';
      entry = { commitment, signatures: [] };
      this.#pending.set(k, entry);
    }
    if (entry.signatures.length >= 256) return 'rejected';
    entry.signatures.push(signature);
    return 'pending';
  }

  async #releasePending(ours: AnchorCommitment): Promise<void> {
    for (const [k, entry] of [...this.#pending]) {
      if (entry.commitment.fromBlock > ours.toBlock) continue;
      this.#pending.delete(k);
      if (k !== key(ours)) continue;
      for (const s of entry.signatures) await this.add(ours, s);
    }
  }
}

function isCanonical(s: AnchorSignature): boolean {
  if (s.v !== 27 && s.v !== 28) return false;
  if (!/^0x[0-9a-fA-F]{64}$/.test(s.r) || !/^0x[0-9a-fA-F]{64}$/.test(s.s)) return false;
  const sv = BigInt(s.s);
  return sv > 0n && sv <= HALF_N && BigInt(s.r) > 0n;
}
