import { Keyring } from '@polkadot/keyring';
import type { ExtDef } from '@polkadot/types/extrinsic/signedExtensions/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { buildChopsticksGenesis } from './buildChopsticksGenesis.ts';
import type { ChopsticksGenesis, GenesisAccount } from './buildChopsticksGenesis.ts';
import { loadSnapshotRuntime } from './loadSnapshotRuntime.ts';
import type { SnapshotRuntime } from './loadSnapshotRuntime.ts';

export interface DevAppChainOptions {
  /** Default 2000. */
  readonly paraId?: number;
  /** sr25519 dev accounts to endow; default `//Alice`, `//Bob`, `//Charlie`, `//Dave`. `//Alice` is the Aura authority. */
  readonly endowed?: readonly string[];
  /** Free balance of each endowed account, in the runtime's smallest unit; default 10^18 (10^6 ACA). */
  readonly free?: bigint;
  /** Further accounts (e.g. an ed25519 marker signer). */
  readonly accounts?: readonly GenesisAccount[];
  readonly timestampMs?: bigint;
}

export interface DevAppChain {
  readonly genesis: ChopsticksGenesis;
  readonly runtime: SnapshotRuntime;
  readonly paraId: number;
}

/**
 * The snapshot runtime (Acala) knows a signed extension @polkadot/types does not: `SetEvmOrigin`,
 * which adds nothing to the extrinsic or to the signed payload.
 */
export const SNAPSHOT_RUNTIME_SIGNED_EXTENSIONS: ExtDef = { SetEvmOrigin: { extrinsic: {}, payload: {} } };

/**
 * A dev app chain on the runtime read from chopsticks' own test snapshot: //Alice authors (Aura),
 * dev accounts are endowed, the timestamp is fixed (so the chain is a function of its inputs).
 *
 * @example
 * const { genesis, paraId } = await devAppChainGenesis();
 * const chain = await startChopsticks({ genesis });
 */
export async function devAppChainGenesis(options: DevAppChainOptions = {}): Promise<DevAppChain> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  const paraId = options.paraId ?? 2000;
  const free = options.free ?? 10n ** 18n;
  const runtime = loadSnapshotRuntime();
  const endowed = (options.endowed ?? ['//Alice', '//Bob', '//Charlie', '//Dave']).map((suri) => ({ publicKey: keyring.addFromUri(suri).publicKey, free }));
  const genesis = buildChopsticksGenesis({
    code: runtime.code,
    paraId,
    auraAuthorities: [keyring.addFromUri('//Alice').publicKey],
    accounts: [...endowed, ...(options.accounts ?? [])],
    ...(options.timestampMs === undefined ? {} : { timestampMs: options.timestampMs }),
    properties: { ss58Format: 42, tokenDecimals: 12, tokenSymbol: 'ACA' },
  });
  return { genesis, runtime, paraId };
}
