import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  readonly path: string;
  /** Deletes the directory and everything in it. Safe to call twice. */
  remove(): Promise<void>;
}

/** A fresh directory under os.tmpdir() (for `--tmp` and tests), named `${prefix}XXXXXX`. */
export async function createTempDir(prefix: string): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => removeDir(path) };
}

/** Recursive delete that does not fail when the directory is already gone. */
export function removeDir(path: string): Promise<void> {
  return rm(path, { recursive: true, force: true });
}
