import { test } from 'node:test';
import { KV_BEHAVIOR_CASES } from './keyValueStoreBehavior.fixture.ts';
import { MemoryKeyValueStore } from './MemoryKeyValueStore.ts';

for (const c of KV_BEHAVIOR_CASES) {
  test(`${c.name} [memory]`, async () => {
    const kv = new MemoryKeyValueStore();
    try {
      await c.run(kv);
    } finally {
      await kv.close();
    }
  });
}
