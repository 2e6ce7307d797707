import { decodeBody, encodeBody } from '../../primitives/block.ts';
import { decodeHeader, encodeHeader, hashHeader } from '../../primitives/header.ts';
import { decodeBytes, decodeCompact, decodeU64, encodeBytes, encodeCompact, encodeU32, encodeU64 } from '../../primitives/scale.ts';
import type { BlockExecutor, BuiltBlock } from '../../runtime/BlockExecutor.ts';
import { validatorSet } from '../../runtime/pallets/session.ts';
import type { Chain } from '../Chain.ts';
import type { Logger } from '../Logger.ts';
import type { ConsensusNetwork, ConsensusWire } from './ConsensusPorts.ts';

export const BLOCKS_PROTOCOL = 'blocks';
const MAX_BLOCKS_PER_RESPONSE = 64;
const RETRY_MS = 2000;

/** `blocks` request: u64 LE first number ‖ u32 LE max count. */
export function encodeBlocksRequest(from: bigint, max: number): Uint8Array {
  return Buffer.concat([encodeU64(from), encodeU32(max)]);
}

/** `blocks` response: Vec<(header, body, justifications)>, each a length-prefixed byte string. */
export function encodeBlocksResponse(blocks: readonly { header: Uint8Array; body: Uint8Array; justifications: Uint8Array }[]): Uint8Array {
  return Buffer.concat([encodeCompact(blocks.length), ...blocks.flatMap((b) => [encodeBytes(b.header), encodeBytes(b.body), encodeBytes(b.justifications)])]);
}

export function decodeBlocksResponse(bytes: Uint8Array): { header: Uint8Array; body: Uint8Array; justifications: Uint8Array }[] {
  const count = decodeCompact(bytes, 0);
  let at = count.length;
  const out = [];
  for (let i = 0n; i < count.value && i < BigInt(MAX_BLOCKS_PER_RESPONSE); i++) {
    const header = decodeBytes(bytes, at);
    at += header.length;
    const body = decodeBytes(bytes, at);
    at += body.length;
    const j = decodeBytes(bytes, at);
    at += j.length;
    out.push({ header: header.value, body: body.value, justifications: j.value });
  }
  return out;
}

/**
 * Catch-up for a node that is behind: asks a peer for finalized blocks after its best one and
 * imports each only after verifying its commit certificate against the validator set and
 * re-executing it — a peer is never trusted. Also serves the `blocks` protocol to others.
 */
export class BlockSync {
  #timer: NodeJS.Timeout | undefined;
  #syncing = false;
  #wanted: string | undefined;

  constructor(
    private readonly chain: Chain,
    private readonly executor: BlockExecutor,
    private readonly wire: ConsensusWire,
    private readonly network: ConsensusNetwork,
    private readonly logger: Logger,
    private readonly importFinal: (block: BuiltBlock, justifications: Uint8Array) => Promise<void>,
  ) {}

  start(): void {
    this.network.handle(BLOCKS_PROTOCOL, async (request) => this.#serve(request));
    this.#timer = setInterval(() => {
      const peer = this.#wanted ?? this.network.peers()[0]?.peerId;
      if (peer !== undefined) void this.#syncFrom(peer);
    }, RETRY_MS);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
  }

  /** A peer showed messages of a later height: fetch the blocks in between from it. */
  behind(peer: string): void {
    this.#wanted = peer;
    void this.#syncFrom(peer);
  }

  async #serve(request: Uint8Array): Promise<Uint8Array> {
    if (request.length !== 12) throw new Error('malformed blocks request');
    const from = decodeU64(request, 0);
    const max = Math.min(Buffer.from(request).readUInt32LE(8), MAX_BLOCKS_PER_RESPONSE);
    const blocks = [];
    for (let n = from; n < from + BigInt(max) && n <= this.chain.finalized.header.number; n++) {
      const hash = this.chain.hashAt(n);
      if (hash === undefined) break;
      const justifications = this.chain.justifications(hash);
      if (justifications === undefined) break;
      blocks.push({ header: this.#encodedHeader(hash), body: encodeBody(this.chain.body(hash)!), justifications });
    }
    return encodeBlocksResponse(blocks);
  }

  #encodedHeader(hash: Uint8Array): Uint8Array {
    return encodeHeader(this.chain.header(hash)!);
  }

  async #syncFrom(peer: string): Promise<void> {
    if (this.#syncing) return;
    this.#syncing = true;
    try {
      for (;;) {
        const from = this.chain.best.header.number + 1n;
        const response = decodeBlocksResponse(await this.network.request(peer, BLOCKS_PROTOCOL, encodeBlocksRequest(from, MAX_BLOCKS_PER_RESPONSE), { timeoutMs: 10_000 }));
        if (response.length === 0) break;
        for (const b of response) {
          const header = decodeHeader(b.header);
          const parent = this.chain.best;
          if (header.number !== parent.header.number + 1n) return;
          const validators = validatorSet(this.executor.stateAt(parent.header.stateRoot));
          const hash = hashHeader(header);
          this.wire.verifyJustifications(b.justifications, header.number, hash, validators.map((v) => ({ publicKey: v.consensus_key, power: v.power })));
          const index = this.wire.verifyAuthor(header, validators.map((v) => ({ publicKey: v.consensus_key, power: v.power })));
          const block = this.executor.execute({ hash: parent.hash, number: parent.header.number, stateRoot: parent.header.stateRoot }, header, decodeBody(b.body), validators[index]?.account);
          await this.importFinal(block, b.justifications);
          if (this.chain.best.header.number !== header.number) return;
        }
        this.logger.info(`⚙️  Synced to #${this.chain.best.header.number} from ${peer.slice(0, 16)}…`);
      }
    } catch (e) {
      this.logger.debug(`block sync from ${peer} failed: ${(e as Error).message}`);
    } finally {
      this.#syncing = false;
    }
  }
}
