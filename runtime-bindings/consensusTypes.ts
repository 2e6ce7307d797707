/**
 * @polkadot/types definitions of Spindle's consensus data, for clients that decode
 * justifications (engine id `SPDL`) and gossip messages:
 *
 * @example
 * import { spindlePolkadotTypes } from './runtime-bindings/consensusTypes.ts';
 * api.registry.register(spindlePolkadotTypes);
 * const block = await api.rpc.chain.getBlock(hash);
 * const [[engine, data]] = block.justifications.unwrap();        // engine = 'SPDL'
 * const commit = api.registry.createType('SpindleCommit', data);  // { height, round, blockHash, precommits }
 *
 * Layouts: src/primitives/consensusMessages/README.md.
 */
export { spindlePolkadotTypes } from '../src/primitives/consensusMessages/polkadotTypes.ts';
