import type { Header } from '../../primitives/header.ts';
import { PARA_DIGEST_ENGINE } from '../../primitives/paraCommitment.ts';
import type { Trie } from '../../runtime/trie/index.ts';
import { sessionStorage, type ValidatorValue } from '../../runtime/pallets/session.ts';
import { timestampStorage } from '../../runtime/pallets/timestamp.ts';

/** What anchoring needs to know about one finalized relay block. */
export interface AnchorBlockFacts {
  readonly number: bigint;
  readonly hash: Uint8Array;
  /** The header's `spdl` digest value (32 zero bytes when it carries none). */
  readonly paraRoot: Uint8Array;
  /** `timestamp.now` of the block, in ms. */
  readonly timestampMs: bigint;
  /** The session index in the block's state: the set that finalizes the *next* block. */
  readonly sessionIndex: number;
  readonly periodBlocks: number;
  readonly periodMillis: bigint;
}

/** The relay chain as anchoring sees it: finalized blocks and the validator sets in their state. */
export interface AnchorChainView {
  genesisHash(): Uint8Array;
  finalizedNumber(): bigint;
  /** Facts of a finalized block, or undefined when not finalized (or not stored). */
  block(number: bigint): AnchorBlockFacts | undefined;
  /** The validator set in the state of block `number` (the set finalizing block `number + 1`). */
  validatorsAt(number: bigint): readonly ValidatorValue[];
  /** Called after every newly finalized block (its number), in order. Returns an unsubscribe. */
  onFinalized(listener: (number: bigint) => void): () => void;
}

/** The parts of the node's Chain and BlockExecutor the view reads. */
export interface ChainForAnchoring {
  genesisHash(): Uint8Array;
  readonly finalized: { readonly header: Header };
  hashAt(number: bigint): Uint8Array | undefined;
  header(hash: Uint8Array): Header | undefined;
  onFinalized(listener: (hash: Uint8Array, header: Header) => void): () => void;
}

const ZERO_ROOT = new Uint8Array(32);

export function paraRootOf(header: Header): Uint8Array {
  for (const item of header.digest) {
    if (item.type === 'Consensus' && item.engine === PARA_DIGEST_ENGINE && item.data.length === 32) return item.data;
  }
  return ZERO_ROOT;
}

/** An {@link AnchorChainView} over the node's chain and its state tries. */
export function chainAnchorView(chain: ChainForAnchoring, stateAt: (stateRoot: Uint8Array) => Trie): AnchorChainView {
  const stored = (number: bigint): { hash: Uint8Array; header: Header } | undefined => {
    if (number > chain.finalized.header.number) return undefined;
    const hash = chain.hashAt(number);
    const header = hash === undefined ? undefined : chain.header(hash);
    return hash === undefined || header === undefined ? undefined : { hash, header };
  };
  return {
    genesisHash: () => chain.genesisHash(),
    finalizedNumber: () => chain.finalized.header.number,
    block(number) {
      const found = stored(number);
      if (found === undefined) return undefined;
      const state = stateAt(found.header.stateRoot);
      return {
        number,
        hash: found.hash,
        paraRoot: paraRootOf(found.header),
        timestampMs: timestampStorage.now.read(state),
        sessionIndex: sessionStorage.currentIndex.read(state),
        periodBlocks: sessionStorage.anchorPeriodBlocks.read(state),
        periodMillis: sessionStorage.anchorPeriodMillis.read(state),
      };
    },
    validatorsAt(number) {
      const found = stored(number);
      if (found === undefined) throw new RangeError(`block #${number} is not finalized`);
      return sessionStorage.validators.read(stateAt(found.header.stateRoot));
    },
    onFinalized: (listener) => chain.onFinalized((_hash, header) => listener(header.number)),
  };
}
