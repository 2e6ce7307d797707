import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { blake2AsHex } from '@polkadot/util-crypto';
import { hexToU8a } from '@polkadot/util';

/** Stable codes of {@link SnapshotRuntimeError}. */
export type SnapshotRuntimeErrorCode =
  /** `@acala-network/chopsticks` (or the given search root) is not installed / not readable. */
  | 'PACKAGE_NOT_FOUND'
  /** No `.snap` file under the search roots holds a `:code` storage value. */
  | 'RUNTIME_NOT_FOUND'
  /** A `:code` value was found but is neither wasm nor zstd-compressed wasm, or its hash differs from the snapshot's own note. */
  | 'RUNTIME_INVALID';

/** The runtime wasm could not be read from the pinned chopsticks package's test snapshots. */
export class SnapshotRuntimeError extends Error {
  override readonly name = 'SnapshotRuntimeError';
  constructor(
    readonly code: SnapshotRuntimeErrorCode,
    message: string,
    readonly searched: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A runtime's `:code` storage value taken from a jest/vitest snapshot shipped inside an npm package. */
export interface SnapshotRuntime {
  /** The `:code` value as stored on chain (zstd-compressed wasm when `compressed`). */
  readonly code: Uint8Array;
  readonly codeHex: `0x${string}`;
  readonly compressed: boolean;
  /** blake2-256 of `code` (what the chain's `:code` hash is). */
  readonly codeHash: `0x${string}`;
  /** Absolute path of the snapshot file it came from. */
  readonly file: string;
  /** `file` relative to the package root that was searched, e.g. `dist/esm/plugins/run-block/__snapshots__/index.test.ts.snap`. */
  readonly relativeFile: string;
  /** Name of the snapshot entry holding it, e.g. `run-block > should work for acala 2`. */
  readonly snapshotEntry: string;
}

export interface LoadSnapshotRuntimeOptions {
  /** Package directories to search (their `dist/esm` subtree, or the directory itself when it has none). Default: the installed chopsticks and chopsticks-core. */
  readonly searchRoots?: readonly string[];
}

/** `sp_maybe_compressed_blob`'s zstd prefix and the wasm magic number. */
const ZSTD_WASM_PREFIX = '0x52bc537646db8e05';
const WASM_MAGIC = '0x0061736d';
const CODE_VALUE = /"key": "0x3a636f6465",\s*"value": "(0x[0-9a-fA-F]*)"/g;
const CODE_NOTE = /<:code blake2_256 (0x[0-9a-f]{64}) \((\d+) bytes\)>/g;
/** How far before a `:code` value its `<:code blake2_256 …>` note may be (same storage item). */
const NOTE_WINDOW = 1_000;
const ENTRY = /^exports\[`([^`]*)`\]/gm;

/** The installed `@acala-network/chopsticks` and `@acala-network/chopsticks-core` package directories. */
export function chopsticksPackageRoots(): string[] {
  const fromHere = createRequire(import.meta.url);
  let chopsticks: string;
  try {
    chopsticks = join(dirname(fromHere.resolve('@acala-network/chopsticks')), '..', '..');
  } catch (cause) {
    throw new SnapshotRuntimeError('PACKAGE_NOT_FOUND', `@acala-network/chopsticks is not installed (${String(cause)})`, [], { cause });
  }
  const roots = [chopsticks];
  try {
    roots.push(join(dirname(createRequire(join(chopsticks, 'package.json')).resolve('@acala-network/chopsticks-core')), '..', '..'));
  } catch {
    // chopsticks-core's snapshots are a second place to look, not a requirement.
  }
  return roots;
}

/**
 * Reads a parachain runtime's `:code` from the test snapshots shipped inside the pinned
 * chopsticks package (never from the repository): with chopsticks 1.1.0 that is Acala's runtime
 * (spec 2220, zstd-compressed, 1,555,245 bytes) in
 * `dist/esm/plugins/run-block/__snapshots__/index.test.ts.snap`, entry `run-block > should work for acala 2`.
 * When the snapshot notes the value's blake2-256 and size next to it, both are checked.
 *
 * @example
 * const runtime = loadSnapshotRuntime();
 * runtime.codeHex.startsWith('0x52bc537646db8e05'); // zstd-compressed wasm
 */
export function loadSnapshotRuntime(options: LoadSnapshotRuntimeOptions = {}): SnapshotRuntime {
  const roots = options.searchRoots ?? chopsticksPackageRoots();
  const searched: string[] = [];
  let invalid: SnapshotRuntimeError | undefined;
  for (const root of roots) {
    let files: string[];
    try {
      files = snapshotFiles(root);
    } catch (cause) {
      throw new SnapshotRuntimeError('PACKAGE_NOT_FOUND', `cannot read ${root} (${String(cause)})`, searched, { cause });
    }
    for (const file of files) {
      searched.push(file);
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(CODE_VALUE)) {
        const codeHex = match[1]!.toLowerCase() as `0x${string}`;
        const compressed = codeHex.startsWith(ZSTD_WASM_PREFIX);
        if (!compressed && !codeHex.startsWith(WASM_MAGIC)) {
          invalid ??= new SnapshotRuntimeError('RUNTIME_INVALID', `:code in ${file} is neither wasm nor zstd-compressed wasm`, searched);
          continue;
        }
        const code = hexToU8a(codeHex);
        const codeHash = blake2AsHex(code, 256);
        const note = lastMatchBefore(text, CODE_NOTE, match.index, NOTE_WINDOW);
        if (note !== undefined && (note[1] !== codeHash || Number(note[2]) !== code.length)) {
          invalid ??= new SnapshotRuntimeError(
            'RUNTIME_INVALID',
            `:code in ${file} hashes to ${codeHash} (${code.length} bytes) but the snapshot notes ${note[1]} (${note[2]} bytes)`,
            searched,
          );
          continue;
        }
        const entry = lastMatchBefore(text, ENTRY, match.index, match.index)?.[1] ?? '';
        return { code, codeHex, compressed, codeHash, file, relativeFile: relative(root, file), snapshotEntry: entry };
      }
    }
  }
  if (invalid !== undefined) throw invalid;
  throw new SnapshotRuntimeError('RUNTIME_NOT_FOUND', `no snapshot file under ${roots.join(', ')} holds a :code value`, searched);
}

/** `.snap` files under `root/dist/esm` (or `root` itself when it has no `dist/esm`), in path order. */
function snapshotFiles(root: string): string[] {
  let base = join(root, 'dist', 'esm');
  try {
    readdirSync(base);
  } catch {
    base = root;
  }
  return readdirSync(base, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.snap'))
    .map((path) => join(base, path))
    .sort();
}

/** The last match of `pattern` among the `window` characters before `end`. */
function lastMatchBefore(text: string, pattern: RegExp, end: number, window: number): RegExpExecArray | undefined {
  let last: RegExpExecArray | undefined;
  for (const match of text.slice(Math.max(0, end - window), end).matchAll(pattern)) last = match as RegExpExecArray;
  return last;
}
