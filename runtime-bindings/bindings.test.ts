import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const BINDINGS_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.dirname(BINDINGS_DIR);

interface RunResult {
  readonly code: number;
  readonly output: string;
}

/** Runs a command from the repository root; resolves with its exit code and combined output. */
function run(command: string, args: readonly string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** Paths of every file under `dir`, relative to it, sorted. */
function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(dir, path.join(prefix, e.name)) : [path.join(prefix, e.name)]))
    .sort();
}

test('behavior: committed bindings are current', async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spindle-bindings-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const generated = await run(process.execPath, ['--import', 'tsx', path.join(BINDINGS_DIR, 'generate.ts'), tmp]);
  assert.equal(generated.code, 0, `generate.ts failed:\n${generated.output}`);

  const files = listFiles(tmp);
  for (const expected of ['index.ts', 'metadata.json', 'metadata-v15.json', 'interfaces/augment-api.ts', 'interfaces/augment-api-tx.ts', 'interfaces/types-lookup.ts']) {
    assert.ok(files.includes(expected), `generate.ts did not write ${expected}`);
  }
  for (const file of files) {
    const committed = path.join(BINDINGS_DIR, file);
    assert.ok(fs.existsSync(committed), `runtime-bindings/${file} is missing: run npm run bindings`);
    assert.ok(
      fs.readFileSync(committed).equals(fs.readFileSync(path.join(tmp, file))),
      `runtime-bindings/${file} differs from what the runtime generates: run npm run bindings`,
    );
  }
  const stale = listFiles(path.join(BINDINGS_DIR, 'interfaces')).filter((f) => !files.includes(path.join('interfaces', f)));
  assert.deepEqual(stale, [], `runtime-bindings/interfaces holds files the generator no longer writes: run npm run bindings`);
});

test('behavior: the bindings type api.tx, api.query, api.consts, api.events for @polkadot/api users', async () => {
  // usage.typecheck.ts compiles only if the calls are typed and every @ts-expect-error line fails.
  const checked = await run('npx', ['tsc', '--noEmit', '-p', path.join(BINDINGS_DIR, 'tsconfig.usage.json')]);
  assert.equal(checked.code, 0, `tsc -p runtime-bindings/tsconfig.usage.json failed:\n${checked.output}`);
});
