/** Test support: run a body against real stores in throw-away directories. */
import type { KeyValueStore } from './KeyValueStore.ts';
import { LmdbKeyValueStore } from './LmdbKeyValueStore.ts';
import { MemoryKeyValueStore } from './MemoryKeyValueStore.ts';
import { createTempDir } from './tempStoreDir.ts';

/** Creates a temp dir, runs fn, removes the dir whatever happens. */
export async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const tmp = await createTempDir('spindle-store-test-');
  try {
    await fn(tmp.path);
  } finally {
    await tmp.remove();
  }
}

/** Both implementations, for tests that must hold for each: a fresh store, closed afterwards. */
export const STORE_KINDS: ReadonlyArray<{ kind: string; withStore(fn: (kv: KeyValueStore) => Promise<void>): Promise<void> }> = [
  {
    kind: 'lmdb',
    withStore: (fn) =>
      withTempDir(async (dir) => {
        const kv = LmdbKeyValueStore.open(dir);
        try {
          await fn(kv);
        } finally {
          await kv.close();
        }
      }),
  },
  {
    kind: 'memory',
    async withStore(fn) {
      const kv = new MemoryKeyValueStore();
      try {
        await fn(kv);
      } finally {
        await kv.close();
      }
    },
  },
];
