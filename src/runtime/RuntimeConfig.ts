/** Parameters of the relay runtime; chain specs may override the defaults. */
export interface RuntimeConfig {
  readonly specName: string;
  readonly implName: string;
  readonly specVersion: number;
  readonly implVersion: number;
  readonly transactionVersion: number;
  readonly ss58Prefix: number;
  readonly blockHashCount: number;
  /** Milliseconds between blocks the chain aims for; MinimumPeriod is half of it. */
  readonly targetBlockTimeMs: bigint;
  readonly existentialDeposit: bigint;
  /** Fee of any signed transaction before its length. */
  readonly baseFee: bigint;
  /** Fee per byte of the encoded transaction. */
  readonly byteFee: bigint;
  readonly paraDeposit: bigint;
  readonly maxPayloadBytes: number;
  readonly maxCandidatePayloads: number;
  readonly maxCandidateBytes: number;
  readonly maxBundleItems: number;
  /** How many recent blocks a candidate's relay parent may be from. */
  readonly maxRelayParentAge: number;
  readonly maxBlockBytes: number;
  readonly maxBlockRefTime: bigint;
}

export const DEFAULT_RUNTIME_CONFIG: RuntimeConfig = {
  specName: 'spindle',
  implName: 'spindle-node',
  specVersion: 1,
  implVersion: 0,
  transactionVersion: 1,
  ss58Prefix: 42,
  blockHashCount: 4096,
  targetBlockTimeMs: 1000n,
  existentialDeposit: 10_000_000_000n,
  baseFee: 1_000_000_000n,
  byteFee: 1_000_000n,
  paraDeposit: 100_000_000_000_000n,
  maxPayloadBytes: 64 * 1024,
  maxCandidatePayloads: 1024,
  maxCandidateBytes: 1024 * 1024,
  maxBundleItems: 64,
  maxRelayParentAge: 64,
  maxBlockBytes: 5 * 1024 * 1024,
  maxBlockRefTime: 2_000_000_000_000n,
};
