import { genesisStorage } from '../runtime/genesis.ts';
import { DEFAULT_RUNTIME_CONFIG, type RuntimeConfig } from '../runtime/RuntimeConfig.ts';
import { genesisConfigOf, type ChainSpec } from './chainSpec.ts';

/** The runtime configuration a chain spec and the node's flags imply. */
export function runtimeConfigFor(blockTimeMs: number): RuntimeConfig {
  return { ...DEFAULT_RUNTIME_CONFIG, targetBlockTimeMs: BigInt(blockTimeMs) };
}

/** The genesis storage of a chain spec (raw, or built from its runtime genesis config). */
export function genesisStorageOf(spec: ChainSpec, config: RuntimeConfig): ReadonlyMap<string, Uint8Array> {
  if ('raw' in spec.genesis) {
    return new Map(Object.entries(spec.genesis.raw.top).map(([k, v]) => [k.slice(2).toLowerCase(), Buffer.from(v.slice(2), 'hex')]));
  }
  return genesisStorage(config, genesisConfigOf(spec.genesis.runtimeGenesis.patch));
}

