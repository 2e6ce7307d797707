import type { Abi, Address, Hex, PublicClient } from 'viem';
import type { AnchorContractState } from './planAnchorRound.ts';

/** {@link AnchorContractState} and the L1 block it was read at. */
export interface AnchorStateAt extends AnchorContractState {
  readonly l1Block: bigint;
}

/**
 * Reads `nextBlock`, `setId` and `pendingSetHash` of the anchor at one L1 block (the latest
 * unless given), so the three values are consistent (three eth_call at the same block number).
 *
 * @example
 * const { nextBlock } = await readAnchorState(publicClient, anchor, abi);
 */
export async function readAnchorState(client: PublicClient, anchor: Address, abi: Abi, l1Block?: bigint): Promise<AnchorStateAt> {
  const blockNumber = l1Block ?? (await client.getBlockNumber({ cacheTime: 0 }));
  const read = (functionName: 'nextBlock' | 'setId' | 'pendingSetHash'): Promise<unknown> =>
    client.readContract({ address: anchor, abi, functionName, blockNumber });
  const [nextBlock, setId, pendingSetHash] = await Promise.all([read('nextBlock'), read('setId'), read('pendingSetHash')]);
  return { nextBlock: nextBlock as bigint, setId: setId as bigint, pendingSetHash: pendingSetHash as Hex, l1Block: blockNumber };
}
