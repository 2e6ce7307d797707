import { blake2b } from '@polkadot/wasm-crypto';
import type { RuntimeConfig } from './RuntimeConfig.ts';

/** Runtime APIs Spindle answers through `state_call`, with the versions of their signatures. */
export const IMPLEMENTED_APIS: readonly (readonly [string, number])[] = [
  ['Core', 5],
  ['Metadata', 2],
  ['AccountNonceApi', 1],
  ['TaggedTransactionQueue', 3],
  ['TransactionPaymentApi', 4],
];

export interface RuntimeVersionValue {
  spec_name: string;
  impl_name: string;
  authoring_version: number;
  spec_version: number;
  impl_version: number;
  apis: [Uint8Array, number][];
  transaction_version: number;
  system_version: number;
}

/** An API's id in the runtime version: blake2b-64 of its trait name. */
export function apiId(name: string): Uint8Array {
  return blake2b(new TextEncoder().encode(name), new Uint8Array(0), 8);
}

export function runtimeVersion(config: RuntimeConfig): RuntimeVersionValue {
  return {
    spec_name: config.specName,
    impl_name: config.implName,
    authoring_version: 1,
    spec_version: config.specVersion,
    impl_version: config.implVersion,
    apis: IMPLEMENTED_APIS.map(([name, version]) => [apiId(name), version]),
    transaction_version: config.transactionVersion,
    system_version: 1,
  };
}

/** The JSON `state_getRuntimeVersion` returns (Substrate's serde names). */
export function runtimeVersionJson(v: RuntimeVersionValue): Record<string, unknown> {
  return {
    specName: v.spec_name,
    implName: v.impl_name,
    authoringVersion: v.authoring_version,
    specVersion: v.spec_version,
    implVersion: v.impl_version,
    apis: v.apis.map(([id, version]) => [`0x${Buffer.from(id).toString('hex')}`, version]),
    transactionVersion: v.transaction_version,
    systemVersion: v.system_version,
    stateVersion: v.system_version,
  };
}
