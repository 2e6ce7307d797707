import { createPublicClient, createWalletClient, http, type Abi, type Account, type Address, type Chain, type Hex, type LocalAccount, type PublicClient, type Transport, type WalletClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { loadAnchorArtifact } from './anchorArtifact.ts';
import { silentAnchorLogger, type AnchorLogger } from './AnchorLogger.ts';
import { AnchorSubmitterError } from './AnchorSubmitterError.ts';
import { noopAnchorSubmitterMetrics, type AnchorSubmitterMetrics } from './AnchorSubmitterMetrics.ts';
import { DEFAULT_ANCHOR_BACKOFF, type BackoffPolicy } from './backoffDelay.ts';
import type { SignedCommitmentSource } from './SignedCommitmentSource.ts';

/** Ready-made viem clients; the wallet's account must be a local (private key) account. */
export interface AnchorL1Clients {
  readonly publicClient: PublicClient;
  readonly walletClient: WalletClient<Transport, Chain | undefined, Account>;
}

/** An L1 JSON-RPC endpoint (http) and the sender's private key; the submitter builds its clients. */
export interface AnchorL1Endpoint {
  readonly rpcUrl: string;
  readonly privateKey: Hex;
  readonly chain?: Chain;
  /** Per-request timeout; default 10 s. */
  readonly requestTimeoutMs?: number;
}

export interface AnchorSubmitterOptions {
  readonly l1: AnchorL1Clients | AnchorL1Endpoint;
  /** The SpindleAnchor contract. */
  readonly anchor: Address;
  readonly source: SignedCommitmentSource;
  /** Blocks a transaction must be deep (1 = mined) before the next one is sent; default 2. */
  readonly confirmations?: number;
  /** While `eth_gasPrice` is above this, nothing is sent (logged); fee caps never exceed it. Default: no limit. */
  readonly maxGasPriceWei?: bigint;
  /** Commitments per transaction when behind (`submitBatch`); default 8. */
  readonly maxBatch?: number;
  /** Pause between rounds with nothing to do; default 2 s. */
  readonly pollIntervalMs?: number;
  /** Retry delays while L1 fails; default 1 s doubling to 60 s. */
  readonly backoff?: BackoffPolicy;
  /** A transaction of ours pending this long is replaced (same nonce, bumped fees); default 3 min. */
  readonly replaceAfterMs?: number;
  /** Fee bump of a replacement, in percent; default 20 (nodes want at least 10). */
  readonly feeBumpPercent?: number;
  /** Gas limit above `eth_estimateGas`, in percent; default 20. */
  readonly gasMarginPercent?: number;
  readonly logger?: AnchorLogger;
  readonly metrics?: AnchorSubmitterMetrics;
  /** The contract ABI; default: the committed artifact. */
  readonly abi?: Abi;
  /** Clock (ms) for `replaceAfterMs`; default `Date.now`. */
  readonly now?: () => number;
}

/** Options with defaults applied and the L1 clients built. */
export interface ResolvedAnchorSubmitterOptions {
  readonly publicClient: PublicClient;
  readonly walletClient: WalletClient<Transport, Chain | undefined, Account>;
  readonly account: LocalAccount;
  readonly anchor: Address;
  readonly source: SignedCommitmentSource;
  readonly confirmations: number;
  readonly maxGasPriceWei: bigint | undefined;
  readonly maxBatch: number;
  readonly pollIntervalMs: number;
  readonly backoff: BackoffPolicy;
  readonly replaceAfterMs: number;
  readonly feeBumpPercent: number;
  readonly gasMarginPercent: number;
  readonly logger: AnchorLogger;
  readonly metrics: AnchorSubmitterMetrics;
  readonly abi: Abi;
  readonly now: () => number;
}

export const ANCHOR_SUBMITTER_DEFAULTS = {
  confirmations: 2,
  maxBatch: 8,
  pollIntervalMs: 2_000,
  replaceAfterMs: 180_000,
  feeBumpPercent: 20,
  gasMarginPercent: 20,
  requestTimeoutMs: 10_000,
} as const;

/** Validates `options`, applies the defaults and builds the clients of an {@link AnchorL1Endpoint}. */
export function resolveAnchorSubmitterOptions(options: AnchorSubmitterOptions): ResolvedAnchorSubmitterOptions {
  const atLeast = (option: string, value: number | undefined, min: number): void => {
    if (value !== undefined && !(Number.isFinite(value) && value >= min)) {
      throw new AnchorSubmitterError({ code: 'INVALID_OPTIONS', option, reason: `must be a number >= ${min}` }, `${option}: ${value} must be >= ${min}`);
    }
  };
  atLeast('confirmations', options.confirmations, 1);
  atLeast('maxBatch', options.maxBatch, 1);
  atLeast('pollIntervalMs', options.pollIntervalMs, 0);
  atLeast('replaceAfterMs', options.replaceAfterMs, 0);
  atLeast('feeBumpPercent', options.feeBumpPercent, 10);
  atLeast('gasMarginPercent', options.gasMarginPercent, 0);
  atLeast('backoff.initialDelayMs', options.backoff?.initialDelayMs, 0);
  atLeast('backoff.maxDelayMs', options.backoff?.maxDelayMs, options.backoff?.initialDelayMs ?? 0);

  let publicClient: PublicClient;
  let walletClient: WalletClient<Transport, Chain | undefined, Account>;
  if ('rpcUrl' in options.l1) {
    const { rpcUrl, privateKey, chain } = options.l1;
    const transport = http(rpcUrl, { retryCount: 0, timeout: options.l1.requestTimeoutMs ?? ANCHOR_SUBMITTER_DEFAULTS.requestTimeoutMs });
    publicClient = createPublicClient({ transport, ...(chain === undefined ? {} : { chain }) });
    walletClient = createWalletClient({ transport, account: privateKeyToAccount(privateKey), ...(chain === undefined ? {} : { chain }) });
  } else {
    publicClient = options.l1.publicClient;
    walletClient = options.l1.walletClient;
  }
  const account = walletClient.account;
  if (account.type !== 'local' || account.signTransaction === undefined) {
    throw new AnchorSubmitterError(
      { code: 'INVALID_OPTIONS', option: 'l1.walletClient', reason: 'the account must sign locally' },
      'AnchorSubmitter needs a local (private key) account: it signs before sending so a lost answer never hides a sent transaction',
    );
  }
  const d = ANCHOR_SUBMITTER_DEFAULTS;
  return {
    publicClient,
    walletClient,
    account,
    anchor: options.anchor,
    source: options.source,
    confirmations: options.confirmations ?? d.confirmations,
    maxGasPriceWei: options.maxGasPriceWei,
    maxBatch: Math.floor(options.maxBatch ?? d.maxBatch),
    pollIntervalMs: options.pollIntervalMs ?? d.pollIntervalMs,
    backoff: options.backoff ?? DEFAULT_ANCHOR_BACKOFF,
    replaceAfterMs: options.replaceAfterMs ?? d.replaceAfterMs,
    feeBumpPercent: options.feeBumpPercent ?? d.feeBumpPercent,
    gasMarginPercent: options.gasMarginPercent ?? d.gasMarginPercent,
    logger: options.logger ?? silentAnchorLogger(),
    metrics: options.metrics ?? noopAnchorSubmitterMetrics(),
    abi: options.abi ?? loadAnchorArtifact().abi,
    now: options.now ?? Date.now,
  };
}
