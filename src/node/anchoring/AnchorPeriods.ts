import { bytesToHex, getAddress, type Hex } from 'viem';
import { blockLeafData } from '../../anchor/blockLeafData.ts';
import type { AnchorCommitment } from '../../anchor/commitmentDigest.ts';
import { sortValidators, validatorSetHash, type AnchorValidatorSet } from '../../anchor/validatorSetHash.ts';
import { merkleProof, merkleRoot, type MerkleProof } from '../../primitives/binaryMerkle.ts';
import type { ValidatorValue } from '../../runtime/pallets/session.ts';
import type { AnchorChainView } from './AnchorChainView.ts';
import type { AnchorRepository } from './AnchorRepository.ts';

const ZERO_HASH: Hex = `0x${'00'.repeat(32)}`;

/** A relay block's place in its anchor commitment, as `SpindleAnchor.verifyBlock` takes it. */
export interface AnchorBlockProof {
  readonly commitment: AnchorCommitment;
  readonly number: bigint;
  readonly headerHash: Uint8Array;
  readonly paraRoot: Uint8Array;
  readonly proof: MerkleProof;
}

/** The contract's form of a validator set: anchor addresses sorted, power as weight. */
export function anchorValidatorSet(setId: bigint, validators: readonly ValidatorValue[]): AnchorValidatorSet {
  return { setId, validators: sortValidators(validators.map((v) => ({ addr: getAddress(bytesToHex(v.anchor_address)), weight: v.power }))) };
}

interface OpenPeriod {
  readonly from: bigint;
  readonly setId: bigint;
  readonly fromTimestampMs: bigint;
  /** `headerHash ‖ paraRoot` of each block processed so far, in order. */
  readonly leaves: Uint8Array[];
}

/**
 * Cuts the finalized relay chain into anchor periods and computes each period's commitment,
 * deterministically from chain data, so every validator signs the same ones.
 *
 * A period starts at `firstBlock` or right after the previous one and ends at block `n` when
 * it holds `periodBlocks` blocks, or (if `periodMillis > 0`) `n`'s timestamp is at least
 * `periodMillis` after the first block's, or `n` changed the validator set. Its set id is the
 * session index in the state before its first block (the set that finalized it); when `n`
 * changed the set, the commitment announces the new set's hash, and the contract hands over.
 * Commitments and sets are persisted as they are made; after a restart it continues after
 * the last stored one.
 */
export class AnchorPeriods {
  readonly #commitments: AnchorCommitment[];
  #open: OpenPeriod | undefined;
  #processed: bigint;
  readonly #listeners = new Set<(c: AnchorCommitment) => void>();

  constructor(
    private readonly view: AnchorChainView,
    private readonly repo: AnchorRepository,
    private readonly firstBlock = 1n,
  ) {
    if (firstBlock < 1n) throw new RangeError('the first anchored block is at least 1');
    this.#commitments = repo.commitments();
    this.#processed = this.#commitments.at(-1)?.toBlock ?? firstBlock - 1n;
  }

  /** Called with every new commitment, in order. Returns an unsubscribe. */
  onCommitment(listener: (c: AnchorCommitment) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The last block a closed period ends at (firstBlock - 1 when none). */
  get lastCommittedBlock(): bigint {
    return this.#commitments.at(-1)?.toBlock ?? this.firstBlock - 1n;
  }

  /** Processes every finalized block not seen yet; persists each commitment before announcing it. */
  async catchUp(): Promise<void> {
    const finalized = this.view.finalizedNumber();
    while (this.#processed < finalized) {
      const n = this.#processed + 1n;
      const facts = this.view.block(n);
      if (facts === undefined) return;
      if (this.#open === undefined) {
        const before = this.view.block(n - 1n);
        if (before === undefined) return;
        this.#open = { from: n, setId: BigInt(before.sessionIndex), fromTimestampMs: facts.timestampMs, leaves: [] };
      }
      const open = this.#open;
      open.leaves.push(blockLeafData(facts.hash, facts.paraRoot));
      const setChanged = BigInt(facts.sessionIndex) !== open.setId;
      const full = n - open.from + 1n >= BigInt(facts.periodBlocks);
      const late = facts.periodMillis > 0n && facts.timestampMs - open.fromTimestampMs >= facts.periodMillis;
      if (setChanged || full || late) await this.#close(open, n, setChanged ? BigInt(facts.sessionIndex) : undefined);
      this.#processed = n;
    }
  }

  async #close(open: OpenPeriod, to: bigint, nextSetId: bigint | undefined): Promise<void> {
    const sets = [anchorValidatorSet(open.setId, this.view.validatorsAt(open.from - 1n))];
    if (nextSetId !== undefined) sets.push(anchorValidatorSet(nextSetId, this.view.validatorsAt(to)));
    const commitment: AnchorCommitment = {
      fromBlock: open.from,
      toBlock: to,
      blocksRoot: bytesToHex(merkleRoot(open.leaves)),
      setId: open.setId,
      nextSetHash: nextSetId === undefined ? ZERO_HASH : validatorSetHash(sets[1]!),
    };
    await this.repo.putCommitment(commitment, sets);
    this.#commitments.push(commitment);
    this.#open = undefined;
    for (const l of this.#listeners) l(commitment);
  }

  #leaves(from: bigint, to: bigint): Uint8Array[] {
    const leaves: Uint8Array[] = [];
    for (let n = from; n <= to; n++) {
      const facts = this.view.block(n);
      if (facts === undefined) throw new RangeError(`block #${n} of an anchor period is not finalized`);
      leaves.push(blockLeafData(facts.hash, facts.paraRoot));
    }
    return leaves;
  }

  /** The commitment whose range holds block `number`, if its period has closed. */
  commitmentFor(number: bigint): AnchorCommitment | undefined {
    let lo = 0;
    let hi = this.#commitments.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.#commitments[mid]!;
      if (number < c.fromBlock) hi = mid - 1;
      else if (number > c.toBlock) lo = mid + 1;
      else return c;
    }
    return undefined;
  }

  /** Up to `max` consecutive commitments starting exactly at block `fromBlock`. */
  commitmentsFrom(fromBlock: bigint, max: number): AnchorCommitment[] {
    const first = this.commitmentFor(fromBlock);
    if (first === undefined || first.fromBlock !== fromBlock) return [];
    const start = this.#commitments.indexOf(first);
    return this.#commitments.slice(start, start + max);
  }

  /** Block `number`'s leaf and Merkle proof in its commitment's `blocksRoot`. */
  proofFor(number: bigint): AnchorBlockProof | undefined {
    const commitment = this.commitmentFor(number);
    if (commitment === undefined) return undefined;
    const leaves = this.#leaves(commitment.fromBlock, commitment.toBlock);
    const facts = this.view.block(number)!;
    return { commitment, number, headerHash: facts.hash, paraRoot: facts.paraRoot, proof: merkleProof(leaves, Number(number - commitment.fromBlock)) };
  }

  validatorSet(setId: bigint): AnchorValidatorSet | undefined {
    return this.repo.validatorSet(setId);
  }
}
