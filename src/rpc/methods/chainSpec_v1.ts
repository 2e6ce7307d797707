import { toHex } from './paramHelpers.ts';
import type { Handler } from './types.ts';

/**
 * `chainSpec_v1_*` (new JSON-RPC interface): static facts of the chain.
 *
 * @example
 * // {"method":"chainSpec_v1_chainName"} → "Development"
 * // {"method":"chainSpec_v1_genesisHash"} → "0x…"
 * // {"method":"chainSpec_v1_properties"} → {"ss58Format":42,"tokenDecimals":12,"tokenSymbol":"UNIT"}
 */
export const chainSpec_v1_chainName: Handler = ({ backend }) => backend.info.chain;

export const chainSpec_v1_genesisHash: Handler = ({ backend }) => toHex(backend.chain.genesisHash());

export const chainSpec_v1_properties: Handler = ({ backend }) => backend.info.properties;
