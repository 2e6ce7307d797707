import { HashKeyedRepository } from './HashKeyedRepository.ts';

/**
 * Node hash → encoded trie node. Implements the trie's NodeSource (`getNode`).
 * Nodes are content-addressed and shared between blocks: deleting one is only safe when no stored
 * state still references it (no reference counting here).
 */
export class StateNodeRepository extends HashKeyedRepository {
  protected readonly column = 'stateNodes';

  getNode(hash: Uint8Array): Uint8Array | undefined {
    return this.get(hash);
  }
}
