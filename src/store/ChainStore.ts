import { BodyRepository } from './BodyRepository.ts';
import { bytesEqual, toHex } from './bytes.ts';
import { CanonicalIndex } from './CanonicalIndex.ts';
import { HeaderRepository } from './HeaderRepository.ts';
import { JustificationRepository } from './JustificationRepository.ts';
import type { KeyValueStore, WriteOp } from './KeyValueStore.ts';
import { MetaRepository } from './MetaRepository.ts';
import { SCHEMA_VERSION } from './schemaVersion.ts';
import { StateNodeRepository } from './StateNodeRepository.ts';
import { StoreError } from './StoreError.ts';
import { TxIndexRepository } from './TxIndexRepository.ts';
import type { TxLocation } from './TxIndexRepository.ts';

export interface BlockToCommit {
  hash: Uint8Array;
  number: bigint;
  /** SCALE-encoded header. */
  header: Uint8Array;
  /** SCALE-encoded extrinsics list. */
  body: Uint8Array;
  /** New trie nodes of this block's state: [node hash, encoded node]. */
  stateNodes: ReadonlyArray<readonly [Uint8Array, Uint8Array]>;
  justifications?: Uint8Array;
  /** Hashes of the body's extrinsics, in body order (indexed as block hash + position). */
  extrinsicHashes?: readonly Uint8Array[];
  /** Make this block the best block; also writes its canonical index entry (number → hash). */
  setBest: boolean;
  /** Make this block the finalized block; also writes its canonical index entry. */
  setFinalized: boolean;
}

export type GenesisToCommit = Omit<BlockToCommit, 'number' | 'setBest' | 'setFinalized'>;

/**
 * The node's view of the chain database: blocks, canonical index, tx index, state nodes and the
 * best/finalized/genesis pointers over one KeyValueStore.
 *
 * Canonical index: every block committed with setBest or setFinalized gets number → hash. With BFT
 * finality committed blocks are never reverted, so no reorg handling is done here; a caller that
 * does reorganise rewrites entries with `new CanonicalIndex(kv).putOp/deleteOp` in its own atomic write.
 */
export class ChainStore {
  /** The trie's NodeSource for this chain's state. */
  readonly stateNodes: StateNodeRepository;
  private readonly headers: HeaderRepository;
  private readonly bodies: BodyRepository;
  private readonly justificationsRepo: JustificationRepository;
  private readonly canonical: CanonicalIndex;
  private readonly meta: MetaRepository;
  private readonly txIndex: TxIndexRepository;

  /** Throws StoreError SCHEMA_MISMATCH unless the store carries this build's schema version. */
  constructor(private readonly kv: KeyValueStore) {
    this.headers = new HeaderRepository(kv);
    this.bodies = new BodyRepository(kv);
    this.justificationsRepo = new JustificationRepository(kv);
    this.canonical = new CanonicalIndex(kv);
    this.stateNodes = new StateNodeRepository(kv);
    this.meta = new MetaRepository(kv);
    this.txIndex = new TxIndexRepository(kv);
    const found = this.meta.get('schemaVersion');
    if (found !== SCHEMA_VERSION) {
      throw new StoreError(
        { code: 'SCHEMA_MISMATCH', found: found ?? null, supported: SCHEMA_VERSION },
        `chain store has schema version ${found ?? 'none'}; this build reads only version ${SCHEMA_VERSION}`,
      );
    }
  }

  /**
   * Header, body, state nodes, justifications, tx index, canonical index and best/finalized
   * pointers of one block, in ONE atomic durable write.
   */
  commitBlock(b: BlockToCommit): Promise<void> {
    let ops: WriteOp[];
    try {
      ops = this.blockOps(b);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.kv.write(ops);
  }

  /**
   * Stores block 0 as best and finalized and records its hash as the genesis hash, atomically.
   * Resolves without writing when this genesis is already stored; rejects with GENESIS_MISMATCH
   * when another one is.
   */
  async commitGenesis(g: GenesisToCommit): Promise<void> {
    const stored = this.genesisHash();
    if (stored !== undefined) {
      if (bytesEqual(stored, g.hash)) return;
      throw new StoreError(
        { code: 'GENESIS_MISMATCH', stored: toHex(stored), given: toHex(g.hash) },
        `store holds genesis 0x${toHex(stored)}, not 0x${toHex(g.hash)}`,
      );
    }
    const ops = this.blockOps({ ...g, number: 0n, setBest: true, setFinalized: true });
    ops.push(this.meta.putOp('genesisHash', g.hash));
    await this.kv.write(ops);
  }

  /** Marks a stored block finalized (and stores its justifications, if given). Rejects with UNKNOWN_BLOCK for an unknown hash. */
  async setFinalized(hash: Uint8Array, justifications?: Uint8Array): Promise<void> {
    if (!this.headers.has(hash)) {
      throw new StoreError({ code: 'UNKNOWN_BLOCK', hash: toHex(hash) }, `cannot finalize unknown block 0x${toHex(hash)}`);
    }
    const ops: WriteOp[] = [this.meta.putOp('finalizedHash', hash)];
    if (justifications !== undefined) ops.push(this.justificationsRepo.putOp(hash, justifications));
    await this.kv.write(ops);
  }

  header(hash: Uint8Array): Uint8Array | undefined {
    return this.headers.get(hash);
  }

  body(hash: Uint8Array): Uint8Array | undefined {
    return this.bodies.get(hash);
  }

  justifications(hash: Uint8Array): Uint8Array | undefined {
    return this.justificationsRepo.get(hash);
  }

  /** Hash of the canonical block at this height. */
  hashAt(number: bigint): Uint8Array | undefined {
    return this.canonical.get(number);
  }

  bestHash(): Uint8Array | undefined {
    return this.meta.get('bestHash');
  }

  finalizedHash(): Uint8Array | undefined {
    return this.meta.get('finalizedHash');
  }

  genesisHash(): Uint8Array | undefined {
    return this.meta.get('genesisHash');
  }

  /** Block and position an extrinsic was included at. */
  txLocation(extrinsicHash: Uint8Array): TxLocation | undefined {
    return this.txIndex.get(extrinsicHash);
  }

  close(): Promise<void> {
    return this.kv.close();
  }

  private blockOps(b: BlockToCommit): WriteOp[] {
    const ops: WriteOp[] = [this.headers.putOp(b.hash, b.header), this.bodies.putOp(b.hash, b.body)];
    if (b.justifications !== undefined) ops.push(this.justificationsRepo.putOp(b.hash, b.justifications));
    for (const [nodeHash, node] of b.stateNodes) ops.push(this.stateNodes.putOp(nodeHash, node));
    b.extrinsicHashes?.forEach((xt, index) => ops.push(this.txIndex.putOp(xt, { blockHash: b.hash, index })));
    if (b.setBest || b.setFinalized) ops.push(this.canonical.putOp(b.number, b.hash));
    if (b.setBest) ops.push(this.meta.putOp('bestHash', b.hash));
    if (b.setFinalized) ops.push(this.meta.putOp('finalizedHash', b.hash));
    return ops;
  }
}
