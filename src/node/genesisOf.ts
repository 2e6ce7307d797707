import { SignatureVerifier } from '../primitives/verifySignature.ts';
import { BlockExecutor } from '../runtime/BlockExecutor.ts';
import { genesisStorage } from '../runtime/genesis.ts';
import { Runtime } from '../runtime/Runtime.ts';
import { MemoryNodeSource } from '../runtime/trie/index.ts';
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


/** The genesis block hash a chain spec implies (what a contract deployed for the chain binds to). */
export function genesisHashOf(spec: ChainSpec, config: RuntimeConfig): Uint8Array {
  const executor = new BlockExecutor(new Runtime(config, new SignatureVerifier()), new MemoryNodeSource());
  return executor.genesis(genesisStorageOf(spec, config)).hash;
}
