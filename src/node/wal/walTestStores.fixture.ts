/** Test support: the WAL's tests run against both store implementations, with a way to reopen. */
import { createTempDir, LmdbKeyValueStore, MemoryKeyValueStore } from '../../store/index.ts';
import type { KeyValueStore } from '../../store/index.ts';

export interface WalStoreKind {
  readonly kind: 'lmdb' | 'memory';
  /**
   * Runs `fn` with `open`, which (re)opens the store: LMDB closes the previous handle and opens the
   * same directory again (a restart); memory hands back the same store. Everything is closed and the
   * temp directory removed afterwards, whatever happens.
   */
  run(fn: (open: () => Promise<KeyValueStore>) => Promise<void>): Promise<void>;
}

export const WAL_STORE_KINDS: readonly WalStoreKind[] = [
  {
    kind: 'lmdb',
    async run(fn) {
      const tmp = await createTempDir('spindle-wal-test-');
      let current: KeyValueStore | undefined;
      try {
        await fn(async () => {
          await current?.close();
          current = LmdbKeyValueStore.open(tmp.path);
          return current;
        });
      } finally {
        await current?.close();
        await tmp.remove();
      }
    },
  },
  {
    kind: 'memory',
    async run(fn) {
      const kv = new MemoryKeyValueStore();
      try {
        await fn(() => Promise.resolve(kv));
      } finally {
        await kv.close();
      }
    },
  },
];
