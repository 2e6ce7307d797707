import { readFile } from 'node:fs/promises';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { bytesToHex, getAddress, type Address, type Hex } from 'viem';
import { builtinChainSpec, parseChainSpec, type ChainSpec } from '../node/chainSpec.ts';
import { genesisHashOf, runtimeConfigFor } from '../node/genesisOf.ts';
import { initHashing } from '../primitives/hashing.ts';
import { LaunchError } from './LaunchError.ts';

/** What an anchor contract is deployed for: the relay's genesis hash and its genesis validator set. */
export interface RelayGenesis {
  readonly genesisHash: Hex;
  /** Each genesis validator's anchor address (`session.validators[i][3]`) and voting power (`[2]`). */
  readonly validators: readonly { readonly address: Address; readonly weight: bigint }[];
}

/**
 * The genesis hash and validator set of the relay chain `chain` (`dev`, `local` or a chain-spec
 * file) run with `--block-time blockTimeMs`. A raw spec (`build-spec --raw`) does not name its
 * validators' anchor addresses in a readable form: it is refused (LaunchError L1_FAILED).
 * @example const { genesisHash, validators } = await relayGenesisOf('local', 1000);
 */
export async function relayGenesisOf(chain: string, blockTimeMs: number): Promise<RelayGenesis> {
  await cryptoWaitReady();
  await initHashing();
  let spec: ChainSpec;
  try {
    spec = chain === 'dev' || chain === 'local' ? builtinChainSpec(chain) : parseChainSpec(JSON.parse(await readFile(chain, 'utf8')) as unknown, chain);
  } catch (e) {
    throw new LaunchError('L1_FAILED', `cannot read the relay chain spec ${chain} to deploy the anchor contract: ${(e as Error).message}`, {}, { cause: e });
  }
  if (!('runtimeGenesis' in spec.genesis)) {
    throw new LaunchError('L1_FAILED', `${chain} is a raw chain spec: deploy_contract needs one with genesis.runtimeGenesis (its session validators name their anchor addresses)`);
  }
  const validators = (spec.genesis.runtimeGenesis.patch.session?.validators ?? []).map(([, , power, address]) => ({ address: getAddress(address), weight: BigInt(power) }));
  if (validators.length === 0) throw new LaunchError('L1_FAILED', `${chain} has no session validators to deploy the anchor contract for`);
  return { genesisHash: bytesToHex(genesisHashOf(spec, runtimeConfigFor(blockTimeMs))), validators };
}
