import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { blake2AsHex } from '@polkadot/util-crypto';
import { hexToU8a } from '@polkadot/util';
import { loadSnapshotRuntime, SnapshotRuntimeError } from './loadSnapshotRuntime.ts';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A package-like directory with `dist/esm/x/__snapshots__/a.test.ts.snap` holding `body`. */
function fakePackage(body: string): string {
  const root = mkdtempSync(join(tmpdir(), 'spindle-snap-'));
  dirs.push(root);
  mkdirSync(join(root, 'dist', 'esm', 'x', '__snapshots__'), { recursive: true });
  writeFileSync(join(root, 'dist', 'esm', 'x', '__snapshots__', 'a.test.ts.snap'), body);
  return root;
}

function snapshot(codeHex: string, note?: { hash: string; bytes: number }): string {
  const parsed = note === undefined ? '' : `"value": "<:code blake2_256 ${note.hash} (${note.bytes} bytes)>",\n`;
  return `// Vitest Snapshot v1\n\nexports[\`suite > case 1\`] = \`\n{\n  ${parsed}  "raw": {\n    "key": "0x3a636f6465",\n    "value": "${codeHex}",\n  },\n}\n\`;\n`;
}

test('behavior: reads the Acala runtime from the pinned chopsticks run-block snapshot, hash checked', () => {
  const runtime = loadSnapshotRuntime();
  assert.equal(runtime.relativeFile, join('dist', 'esm', 'plugins', 'run-block', '__snapshots__', 'index.test.ts.snap'));
  assert.equal(runtime.snapshotEntry, 'run-block > should work for acala 2');
  assert.equal(runtime.compressed, true);
  assert.equal(runtime.code.length, 1_555_245);
  assert.equal(runtime.codeHash, '0xd5a7b7171e3517671ff41d41065edbc56204b94491891e042100684b006e25e2');
  assert.ok(runtime.codeHex.startsWith('0x52bc537646db8e05'));
});

test('behavior: plain wasm and compressed wasm are both accepted, with or without a hash note', () => {
  const wasm = '0x0061736d01000000';
  const table: readonly { readonly body: string; readonly compressed: boolean }[] = [
    { body: snapshot(wasm), compressed: false },
    { body: snapshot(wasm, { hash: blake2AsHex(hexToU8a(wasm), 256), bytes: 8 }), compressed: false },
    { body: snapshot('0x52bc537646db8e0528b52ffd00'), compressed: true },
  ];
  for (const { body, compressed } of table) {
    const runtime = loadSnapshotRuntime({ searchRoots: [fakePackage(body)] });
    assert.equal(runtime.compressed, compressed);
    assert.equal(runtime.snapshotEntry, 'suite > case 1');
  }
});

test('error: no :code, a value that is not wasm, a hash that differs from the note, a missing directory', () => {
  const wasm = '0x0061736d01000000';
  const table: readonly { readonly roots: readonly string[]; readonly code: string }[] = [
    { roots: [fakePackage('exports[`a`] = `{}`;\n')], code: 'RUNTIME_NOT_FOUND' },
    { roots: [fakePackage(snapshot('0x1234'))], code: 'RUNTIME_INVALID' },
    { roots: [fakePackage(snapshot(wasm, { hash: `0x${'00'.repeat(32)}`, bytes: 8 }))], code: 'RUNTIME_INVALID' },
    { roots: [fakePackage(snapshot(wasm, { hash: blake2AsHex(hexToU8a(wasm), 256), bytes: 9 }))], code: 'RUNTIME_INVALID' },
    { roots: [join(tmpdir(), 'spindle-no-such-package-dir')], code: 'PACKAGE_NOT_FOUND' },
  ];
  for (const { roots, code } of table) {
    assert.throws(() => loadSnapshotRuntime({ searchRoots: roots }), (e: unknown) => e instanceof SnapshotRuntimeError && e.code === code, code);
  }
});
