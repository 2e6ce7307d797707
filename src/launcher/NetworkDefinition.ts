/** The well-known dev accounts a node named after one of them uses as its validator key (`--alice` …). */
export const DEV_KEY_NAMES = ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie'] as const;
export type DevKeyName = (typeof DEV_KEY_NAMES)[number];

/** `[settings]`. */
export interface NetworkSettings {
  /** Seconds allowed for the whole network to come up (zombienet's `timeout`). */
  readonly timeoutSec: number;
  readonly provider: 'native';
}

/** One `[[relaychain.nodes]]` entry, validated. */
export interface RelayNodeDefinition {
  readonly name: string;
  readonly validator: boolean;
  /** Set when `name` is a dev account and the node validates: passed as `--<name>`. */
  readonly devKey: DevKeyName | undefined;
  /** The node's own `command`, else the relay chain's `default_command`; undefined means the spindle binary. */
  readonly command: string | undefined;
  /** `default_args` then the node's `args`, each entry split on whitespace. */
  readonly args: readonly string[];
  readonly rpcPort: number | undefined;
  readonly p2pPort: number | undefined;
  readonly prometheusPort: number | undefined;
}

/** `[relaychain]`. */
export interface RelaychainDefinition {
  /** `--chain` value: `dev`, `local`, or the absolute path of `chain_spec_path`. */
  readonly chain: string;
  readonly defaultCommand: string | undefined;
  readonly nodes: readonly RelayNodeDefinition[];
}

/** `[parachains.collator]` / `[[parachains.collators]]`: one `spindle collator` process. */
export interface CollatorDefinition {
  readonly name: string;
  /** Undefined or "spindle": `spindle collator …`; any other executable gets the same flags without the subcommand. */
  readonly command: string | undefined;
  /** Extra flags, after the ones the launcher sets (`--para-id`, `--relay`, `--base-path`, `--rpc-port`, …). */
  readonly args: readonly string[];
  /** The collator's own JSON-RPC port; a free one when absent. */
  readonly rpcPort: number | undefined;
}

/**
 * Who executes an app chain's transactions in the relay's order (Spindle's `app_chain` key):
 * `reference`, the collator's in-process key-value chain; `chopsticks`, a chopsticks node running
 * a real Substrate runtime that the (first) collator drives.
 */
export const APP_CHAIN_KINDS = ['reference', 'chopsticks'] as const;
export type AppChainKind = (typeof APP_CHAIN_KINDS)[number];

/** One `[[parachains]]` entry. */
export interface ParachainDefinition {
  readonly id: number;
  readonly appChain: AppChainKind;
  readonly collators: readonly CollatorDefinition[];
}

/** `[l1]`: a local Ethereum (anvil) and, with `deploy_contract`, the anchor contract the validators anchor to. */
export interface L1Definition {
  readonly anvil: boolean;
  readonly deployContract: boolean;
  /** How many validators (the first ones in the file) submit commitments to L1; the others only sign. Default 1. */
  readonly submitters: number;
}

/** A validated network definition (a subset of zombienet's TOML). */
export interface NetworkDefinition {
  /** The file it was read from (for messages and relative paths). */
  readonly file: string;
  readonly settings: NetworkSettings;
  readonly relaychain: RelaychainDefinition;
  readonly parachains: readonly ParachainDefinition[];
  readonly l1: L1Definition | undefined;
}
