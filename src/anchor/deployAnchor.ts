import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from 'viem';
import { loadAnchorArtifact, type AnchorArtifact } from './anchorArtifact.ts';
import { awaitReceipt } from './awaitReceipt.ts';
import { sortValidators } from './validatorSetHash.ts';

export interface DeployAnchorParameters {
  /** The relay chain's genesis hash, bound into every signed digest. */
  readonly genesisHash: Hex;
  /** First relay block to anchor (>= 1). */
  readonly firstBlock: bigint;
  readonly validators: readonly { readonly address: Address; readonly weight: bigint }[];
  /** Id of the initial validator set; default 0. */
  readonly setId?: bigint;
  readonly artifact?: AnchorArtifact;
}

export type DeployAnchorErrorCode = 'DEPLOY_FAILED';

export class DeployAnchorError extends Error {
  readonly code: DeployAnchorErrorCode = 'DEPLOY_FAILED';
  constructor(readonly txHash: Hex, readonly status: string) {
    super(`SpindleAnchor deployment ${txHash} ended with status ${status}`);
    this.name = 'DeployAnchorError';
  }
}

/**
 * Deploys SpindleAnchor (eth_sendTransaction / eth_sendRawTransaction via the wallet client),
 * waits for the receipt and returns the contract address. Validators are sorted by address.
 *
 * @example
 * const anchor = await deployAnchor(wallet, client, { genesisHash, firstBlock: 1n, validators });
 */
export async function deployAnchor(
  walletClient: WalletClient<Transport, Chain | undefined, Account>,
  publicClient: PublicClient,
  params: DeployAnchorParameters,
): Promise<Address> {
  const { abi, bytecode } = params.artifact ?? loadAnchorArtifact();
  const validators = sortValidators(params.validators.map((v) => ({ addr: v.address, weight: v.weight })));
  const hash = await walletClient.deployContract({
    abi,
    bytecode,
    args: [params.genesisHash, params.firstBlock, { setId: params.setId ?? 0n, validators }],
    account: walletClient.account,
    chain: walletClient.chain,
  });
  const receipt = await awaitReceipt(publicClient, hash);
  if (receipt.status !== 'success' || receipt.contractAddress == null) {
    throw new DeployAnchorError(hash, receipt.status);
  }
  return receipt.contractAddress;
}
