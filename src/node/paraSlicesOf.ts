import type { Header } from '../primitives/header.ts';
import { paraRoot, PARA_DIGEST_ENGINE } from '../primitives/paraCommitment.ts';
import { EMPTY_MERKLE_ROOT } from '../primitives/binaryMerkle.ts';
import type { BlockParaSlices } from '../rpc/RpcBackend.ts';
import { eventsKey } from '../runtime/pallets/system.ts';
import { ParaSlicesError } from './ParaSlicesError.ts';
import type { SequencerBlockDecoder } from './sequencerBlockDecoder.ts';

/** What {@link paraSlicesOf} reads of the stored chain (the node's Chain provides it). */
export interface StoredBlocks {
  header(hash: Uint8Array): Header | undefined;
  body(hash: Uint8Array): Uint8Array[] | undefined;
  storage(at: Uint8Array, key: Uint8Array): Uint8Array | undefined;
}

/**
 * Derives a stored block's para slices from what is stored, the way the runtime built them:
 * the body's sequencer extrinsics that succeeded (an `ExtrinsicSuccess` event in their
 * `ApplyExtrinsic(i)` phase; a failed call was rolled back), in extrinsic order, payloads in
 * call order (`submit`: one, `submit_candidate`: the collator's order, `submit_bundle`: item
 * order). The result is checked against the header: `paraRoot(slices)` must equal the `spdl`
 * digest (32 zero bytes, or no digest item, when no para has anything).
 *
 * Returns undefined for an unknown block; throws {@link ParaSlicesError} on a mismatch.
 *
 * @example
 * const block = paraSlicesOf(chain, sequencerBlockDecoder(runtime.decl), chain.finalizedHash());
 * block?.slices; // [{ paraId: 100, payloads: [...] }, { paraId: 200, payloads: [...] }]
 */
export function paraSlicesOf(blocks: StoredBlocks, decoder: SequencerBlockDecoder, hash: Uint8Array): BlockParaSlices | undefined {
  const header = blocks.header(hash);
  if (header === undefined) return undefined;
  const body = blocks.body(hash);
  if (body === undefined) throw new ParaSlicesError('MISSING_BODY', hash, `block #${header.number} has a header but no stored body`);

  const byPara = new Map<number, Uint8Array[]>();
  const append = (paraId: number, payload: Uint8Array): void => {
    const slice = byPara.get(paraId);
    if (slice === undefined) byPara.set(paraId, [payload]);
    else slice.push(payload);
  };
  let succeeded: Set<number> | undefined;
  try {
    body.forEach((extrinsic, index) => {
      const call = decoder.sequencerCall(extrinsic);
      if (call === undefined) return;
      succeeded ??= decoder.successfulExtrinsics(blocks.storage(hash, eventsKey()));
      if (!succeeded.has(index)) return;
      switch (call.method) {
        case 'submit':
          append(call.paraId, call.payload);
          break;
        case 'submit_candidate':
          for (const p of call.payloads) append(call.paraId, p);
          break;
        case 'submit_bundle':
          for (const [paraId, p] of call.items) append(paraId, p);
          break;
      }
    });
  } catch (cause) {
    throw new ParaSlicesError('MALFORMED_BLOCK', hash, `block #${header.number}: ${(cause as Error).message}`, {}, { cause });
  }

  const slices = [...byPara].map(([paraId, payloads]) => ({ paraId, payloads })).sort((a, b) => a.paraId - b.paraId);
  const committed = header.digest.find((d) => d.type === 'Consensus' && d.engine === PARA_DIGEST_ENGINE);
  const committedRoot = committed !== undefined && committed.type === 'Consensus' ? committed.data : EMPTY_MERKLE_ROOT;
  const derived = paraRoot(slices);
  if (!Buffer.from(derived).equals(Buffer.from(committedRoot))) {
    throw new ParaSlicesError(
      'ROOT_MISMATCH',
      hash,
      `block #${header.number}: para root derived from the stored body (0x${Buffer.from(derived).toString('hex')}) differs from the header's (0x${Buffer.from(committedRoot).toString('hex')})`,
      { committed: committedRoot, derived },
    );
  }
  return { hash, number: header.number, paraRoot: committedRoot, slices };
}
