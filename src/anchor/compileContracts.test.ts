import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ARTIFACTS_DIR, writeArtifacts } from './compileContracts.ts';

test('behavior: artifacts are current', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spindle-artifacts-'));
  try {
    const written = writeArtifacts(dir);
    assert.ok(written.length > 0);
    const fresh = readdirSync(dir).sort();
    const committed = readdirSync(ARTIFACTS_DIR).sort();
    assert.deepEqual(committed, fresh, 'run node --import tsx src/anchor/compileContracts.ts');
    for (const file of fresh) {
      const expected = readFileSync(join(dir, file));
      const actual = readFileSync(join(ARTIFACTS_DIR, file));
      assert.ok(actual.equals(expected), `${file} is stale: run node --import tsx src/anchor/compileContracts.ts`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
