import type { Address } from 'viem';

/** Where (and whether) this node anchors on Ethereum. */
export type AnchorL1 =
  /** Start anvil from the npm package, deploy the contract for the genesis validators, submit there. */
  | { readonly kind: 'dev' }
  /** Submit to this endpoint; the chain id is read from it. */
  | { readonly kind: 'rpc'; readonly url: string; readonly contract: Address; readonly chainId?: bigint }
  /** Sign and gossip only (another node submits). */
  | { readonly kind: 'sign'; readonly contract: Address; readonly chainId: bigint };

export interface AnchoringOptions {
  readonly l1: AnchorL1 | undefined;
  /** secp256k1 anchor secret: signs commitments (when its address is in the set) and pays for submissions. */
  readonly secret: Uint8Array | undefined;
  readonly confirmations: number;
  readonly maxGasPriceWei: bigint | undefined;
  readonly maxBatch: number;
  /** Pause between submission rounds with nothing to do (ms, default 1000). */
  readonly pollIntervalMs?: number;
}
