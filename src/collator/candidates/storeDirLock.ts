import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CandidateError } from './CandidateError.ts';

const LOCK_FILE = 'collator.lock';

/**
 * An exclusive lock on a collator's data directory: a file with the owner's pid, created with
 * `wx`. Two collators sending from one queue would sequence its payloads twice, so a directory
 * held by a live process (this one included) is refused; a lock left by a dead process (a
 * crash, SIGKILL) is taken over. Returns the release function (safe to call twice).
 */
export function acquireStoreDirLock(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      };
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new CandidateError({ code: 'STORE_FAILED', path: dir }, `cannot create ${path}: ${(cause as Error).message}`, { cause });
      }
    }
    const owner = Number(readText(path));
    if (Number.isSafeInteger(owner) && owner > 0 && isAlive(owner)) {
      throw new CandidateError({ code: 'STORE_LOCKED', path: dir }, `collator data directory ${dir} is in use by process ${owner}`);
    }
    try {
      unlinkSync(path); // stale: its owner is gone
    } catch {
      // someone else removed it first; try again
    }
  }
  throw new CandidateError({ code: 'STORE_LOCKED', path: dir }, `cannot take the lock on ${dir}`);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
