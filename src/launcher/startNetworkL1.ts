import { createPublicClient, createWalletClient, http, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { deployAnchor } from '../anchor/deployAnchor.ts';
import { startAnvil, type RunningAnvil } from '../anchor/startAnvil.ts';
import { LaunchError } from './LaunchError.ts';
import type { RelayGenesis } from './relayGenesisOf.ts';

/** anvil's first well-known dev account (from its default mnemonic): it deploys the contract. */
const ANVIL_DEPLOYER: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
/** What each validator's anchor address is funded with, to pay for submissions: 1,000 ETH. */
const VALIDATOR_FUNDS = 10n ** 21n;

/** The L1 of a launched network as the outside sees it. */
export interface LaunchedL1 {
  /** anvil's JSON-RPC (http). */
  readonly rpcUrl: string;
  readonly chainId: number;
  /** The SpindleAnchor contract, when `deploy_contract` is set. */
  readonly contract: Address | undefined;
  readonly pid: number;
  readonly logPath: string;
}

export interface RunningNetworkL1 extends LaunchedL1 {
  /** Stops anvil by pid (SIGTERM, SIGKILL after the grace); idempotent. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartNetworkL1Options {
  /** anvil's stdout and stderr are appended here. */
  readonly logPath: string;
  /** Deploy SpindleAnchor for this relay genesis (first anchored block 1) and fund its validators' anchor addresses. */
  readonly deployFor?: RelayGenesis;
}

/**
 * `[l1]`: starts anvil (from the `@foundry-rs/anvil` npm package) on a free port and, with
 * `deployFor`, deploys the anchor contract and funds every genesis validator's anchor address with
 * `anvil_setBalance`. On any failure anvil is stopped and LaunchError L1_FAILED is thrown.
 * @example const l1 = await startNetworkL1({ logPath: 'run/anvil.log', deployFor: await relayGenesisOf('local', 1000) });
 */
export async function startNetworkL1(opts: StartNetworkL1Options): Promise<RunningNetworkL1> {
  let anvil: RunningAnvil;
  try {
    anvil = await startAnvil({ logFile: opts.logPath });
  } catch (e) {
    throw new LaunchError('L1_FAILED', `anvil did not start: ${(e as Error).message}`, { node: 'anvil' }, { cause: e });
  }
  try {
    let contract: Address | undefined;
    if (opts.deployFor !== undefined) {
      const transport = http(anvil.rpcUrl);
      const publicClient = createPublicClient({ chain: foundry, transport, pollingInterval: 50 });
      const wallet = createWalletClient({ chain: foundry, transport, account: privateKeyToAccount(ANVIL_DEPLOYER), pollingInterval: 50 });
      contract = await deployAnchor(wallet, publicClient, { genesisHash: opts.deployFor.genesisHash, firstBlock: 1n, validators: opts.deployFor.validators });
      for (const v of opts.deployFor.validators) {
        await publicClient.request({ method: 'anvil_setBalance' as never, params: [v.address, `0x${VALIDATOR_FUNDS.toString(16)}`] as never });
      }
    }
    return { rpcUrl: anvil.rpcUrl, chainId: foundry.id, contract, pid: anvil.pid, logPath: opts.logPath, stop: (graceMs) => anvil.stop(graceMs) };
  } catch (e) {
    await anvil.stop();
    throw new LaunchError('L1_FAILED', `could not deploy the anchor contract on anvil: ${(e as Error).message}`, { node: 'anvil' }, { cause: e });
  }
}
