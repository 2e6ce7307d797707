import { join } from 'node:path';
import { bytesToHex, createPublicClient, createWalletClient, getAddress, http, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { deployAnchor } from '../../anchor/deployAnchor.ts';
import { startAnvil, type RunningAnvil } from '../../anchor/startAnvil.ts';
import type { ValidatorValue } from '../../runtime/pallets/session.ts';

/** anvil's first well-known dev account (from its default mnemonic); it deploys the contract. */
const ANVIL_DEPLOYER: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
/** What each validator's anchor address is funded with, to pay for submissions: 1,000 ETH. */
const VALIDATOR_FUNDS = 10n ** 21n;

export interface DevL1 {
  readonly anvil: RunningAnvil;
  readonly rpcUrl: string;
  readonly chainId: bigint;
  readonly contract: Address;
}

/**
 * A local Ethereum for development: starts anvil from the `@foundry-rs/anvil` npm package on a
 * free port (1 s blocks, log in `<dir>/anvil.log`), deploys SpindleAnchor for the genesis validator set
 * (first anchored block 1) and funds every validator's anchor address.
 */
export async function startDevL1(dir: string, genesisHash: Uint8Array, validators: readonly ValidatorValue[]): Promise<DevL1> {
  // Interval mining (one L1 block a second), not automine: with automine no block follows the
  // anchoring transaction until the next one is sent, and confirmations would never come.
  const anvil = await startAnvil({ logFile: join(dir, 'anvil.log'), blockTime: 1 });
  try {
    const transport = http(anvil.rpcUrl);
    const publicClient = createPublicClient({ chain: foundry, transport, pollingInterval: 50 });
    const wallet = createWalletClient({ chain: foundry, transport, account: privateKeyToAccount(ANVIL_DEPLOYER), pollingInterval: 50 });
    const contract = await deployAnchor(wallet, publicClient, {
      genesisHash: bytesToHex(genesisHash),
      firstBlock: 1n,
      validators: validators.map((v) => ({ address: getAddress(bytesToHex(v.anchor_address)), weight: v.power })),
    });
    for (const v of validators) {
      await publicClient.request({ method: 'anvil_setBalance' as never, params: [bytesToHex(v.anchor_address), `0x${VALIDATOR_FUNDS.toString(16)}`] as never });
    }
    return { anvil, rpcUrl: anvil.rpcUrl, chainId: BigInt(foundry.id), contract };
  } catch (e) {
    await anvil.stop();
    throw e;
  }
}
