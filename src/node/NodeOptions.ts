import type { AnchoringOptions } from './anchoring/AnchoringOptions.ts';
import type { ChainSpec } from './chainSpec.ts';
import type { Logger } from './Logger.ts';

export interface RpcOptions {
  readonly host: string;
  readonly port: number;
  readonly methods: 'safe' | 'unsafe' | 'auto';
  readonly cors: 'all' | readonly string[] | null;
  readonly maxConnections: number;
  readonly maxRequestBytes: number;
  readonly maxResponseBytes: number;
  readonly maxSubscriptionsPerConnection: number;
}

/** Everything `spindle node` decides from its flags. */
export interface NodeOptions {
  readonly chainSpec: ChainSpec;
  /** Directory holding `chains/<id>/db`; the caller creates and (for --tmp) removes it. */
  readonly basePath: string;
  readonly name: string;
  readonly version: string;
  /** The account that authors blocks and receives their fees, when this node is a validator. */
  readonly validator:
    | {
        readonly accountId: Uint8Array;
        readonly consensusKey: Uint8Array;
        /** Signs with the ed25519 consensus key (the secret never leaves the CLI's keyring pair). */
        readonly consensusSigner: (message: Uint8Array) => Uint8Array;
      }
    | undefined;
  readonly blockTimeMs: number;
  readonly rpc: RpcOptions | undefined;
  /** Peer-to-peer networking; undefined = none (a single-validator dev chain needs none). */
  readonly network: { readonly nodeKey: Uint8Array | undefined; readonly listenAddrs: readonly string[]; readonly bootnodes: readonly string[] } | undefined;
  /** Prometheus exporter; undefined = metrics off (a no-op registry). */
  readonly prometheus: { readonly port: number; readonly external: boolean } | undefined;
  /** Anchoring on Ethereum; undefined = periods are cut and proofs served, nothing is signed or sent. */
  readonly anchoring?: AnchoringOptions;
  readonly logger: Logger;
}
