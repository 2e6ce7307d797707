import assert from 'node:assert/strict';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { createTempDir } from './tempStoreDir.ts';

test('behavior: createTempDir makes a fresh prefixed directory under os.tmpdir(); remove deletes it, twice is fine', async () => {
  const a = await createTempDir('spindle-tmp-test-');
  const b = await createTempDir('spindle-tmp-test-');
  try {
    assert.notEqual(a.path, b.path);
    assert.equal(dirname(a.path), tmpdir());
    assert.ok(basename(a.path).startsWith('spindle-tmp-test-'));
    assert.ok(statSync(a.path).isDirectory());
    writeFileSync(join(a.path, 'file'), 'x');
  } finally {
    await a.remove();
    await b.remove();
  }
  assert.ok(!existsSync(a.path));
  assert.ok(!existsSync(b.path));
  await a.remove();
});
