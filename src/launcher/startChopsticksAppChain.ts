import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { LaunchError } from './LaunchError.ts';

/** The ed25519 app-chain account the executing collator writes relay-position markers with (`--marker-key`); endowed at genesis. */
export const CHOPSTICKS_MARKER_SURI = '//SpindleMarker';
const MARKER_FUNDS = 10n ** 15n;

/** A chopsticks app chain of a launched network as the outside sees it. */
export interface LaunchedAppChain {
  readonly paraId: number;
  readonly kind: 'chopsticks';
  readonly wsUrl: string;
  readonly httpUrl: string;
  readonly pid: number;
  readonly logPath: string;
}

export interface RunningAppChain extends LaunchedAppChain {
  /** Stops chopsticks by pid (SIGTERM, SIGKILL after the grace); idempotent. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * `app_chain = "chopsticks"`: a dev app chain for `paraId` (the runtime of chopsticks' own test
 * snapshot, `//Alice`..`//Dave` and the marker account endowed) served by a chopsticks child
 * process in manual block mode. Resolves once chopsticks built block #1; aborting `signal` stops
 * it. Chopsticks is a dev dependency, loaded only when a network asks for it.
 * Throws LaunchError APP_CHAIN_FAILED (ABORTED when aborted).
 * @example const app = await startChopsticksAppChain({ paraId: 200, logPath: 'run/para-200-chopsticks.log' });
 */
export async function startChopsticksAppChain(opts: { readonly paraId: number; readonly logPath: string; readonly signal?: AbortSignal }): Promise<RunningAppChain> {
  try {
    const [{ devAppChainGenesis }, { startChopsticks }] = await Promise.all([
      import('../collator/execution/chopsticks/devAppChainGenesis.ts'),
      import('../collator/execution/chopsticks/startChopsticks.ts'),
    ]);
    await cryptoWaitReady();
    const marker = new Keyring({ type: 'ed25519' }).addFromUri(CHOPSTICKS_MARKER_SURI);
    const { genesis } = await devAppChainGenesis({ paraId: opts.paraId, accounts: [{ publicKey: marker.publicKey, free: MARKER_FUNDS }] });
    const chopsticks = await startChopsticks({ genesis, logFile: opts.logPath, ...(opts.signal === undefined ? {} : { signal: opts.signal }) });
    return { paraId: opts.paraId, kind: 'chopsticks', wsUrl: chopsticks.endpoint, httpUrl: chopsticks.httpUrl, pid: chopsticks.pid, logPath: opts.logPath, stop: (graceMs) => chopsticks.stop(graceMs) };
  } catch (e) {
    if (opts.signal?.aborted === true) throw new LaunchError('ABORTED', `launch aborted while starting the app chain of para ${opts.paraId}`, {}, { cause: e });
    throw new LaunchError('APP_CHAIN_FAILED', `the chopsticks app chain of para ${opts.paraId} did not start: ${(e as Error).message}`, { node: `para-${opts.paraId}` }, { cause: e });
  }
}
