import { COLUMNS } from './KeyValueStore.ts';
import type { KeyValueStore } from './KeyValueStore.ts';
import { MetaRepository } from './MetaRepository.ts';
import { StoreError } from './StoreError.ts';

/**
 * Version of the on-disk layout: the column set, the key and value encodings of every repository.
 * Bump it when any of them changes; a store written with another version is refused.
 */
export const SCHEMA_VERSION = 1;

/**
 * Reads the stored schema version of a freshly opened store.
 * Returns 'fresh' when the store is empty (the caller then writes SCHEMA_VERSION) and 'current'
 * when it matches; throws StoreError SCHEMA_MISMATCH for another version or for data without one.
 */
export function inspectSchema(kv: KeyValueStore): 'fresh' | 'current' {
  const found = new MetaRepository(kv).get('schemaVersion');
  if (found === SCHEMA_VERSION) return 'current';
  if (found !== undefined) {
    throw new StoreError(
      { code: 'SCHEMA_MISMATCH', found, supported: SCHEMA_VERSION },
      `store has schema version ${found}; this build reads only version ${SCHEMA_VERSION}`,
    );
  }
  for (const column of COLUMNS) {
    for (const _entry of kv.iterate(column, { limit: 1 })) {
      throw new StoreError(
        { code: 'SCHEMA_MISMATCH', found: null, supported: SCHEMA_VERSION },
        `store holds data (column ${column}) but no schema version; refusing to guess its layout`,
      );
    }
  }
  return 'fresh';
}
