import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from './StoreError.ts';

export const LOCK_FILE_NAME = 'spindle.lock';

export interface DirLock {
  /** Removes the lock file. Safe to call twice. */
  release(): void;
}

interface LockOwner {
  pid: number;
  /** Distinguishes this process from an earlier one that had the same pid (e.g. pid 1 in a restarted container). */
  token: string;
}

/**
 * Takes an exclusive, advisory lock on a store directory: a lock file holding the owner's pid,
 * created atomically (hard link of a fully written temp file). LMDB itself lets several processes
 * share an environment; two nodes writing one chain database must not, so this refuses a directory
 * held by a live process (or already opened by this one). A lock left by a dead process is taken over.
 * Limits: pids are only meaningful within one pid namespace / host.
 */
export function acquireDirLock(dir: string): DirLock {
  const lockPath = join(dir, LOCK_FILE_NAME);
  const me: LockOwner = { pid: process.pid, token: `${process.pid}@${performance.timeOrigin}` };
  const tmpPath = `${lockPath}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  const openFailed = (message: string, cause?: unknown): StoreError =>
    new StoreError({ code: 'OPEN_FAILED', path: dir }, message, cause === undefined ? undefined : { cause });

  try {
    writeFileSync(tmpPath, JSON.stringify(me), { flag: 'wx' });
  } catch (cause) {
    throw openFailed(`cannot write a lock file in ${dir}`, cause);
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(tmpPath, lockPath);
        let released = false;
        return {
          release() {
            if (released) return;
            released = true;
            try {
              unlinkSync(lockPath);
            } catch {
              // already gone: nothing to release
            }
          },
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw openFailed(`cannot create ${lockPath}`, e);
      }
      const owner = readOwner(lockPath);
      if (owner !== undefined && owner.token === me.token) {
        throw openFailed(`${dir} is already open in this process`);
      }
      if (owner !== undefined && owner.pid !== process.pid && isAlive(owner.pid)) {
        throw openFailed(`${dir} is locked by running process ${owner.pid} (lock file ${lockPath})`);
      }
      // Stale (dead owner, earlier incarnation of our pid, or unreadable): take it over.
      try {
        unlinkSync(lockPath);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw openFailed(`cannot remove stale ${lockPath}`, e);
      }
    }
    throw openFailed(`could not take ${lockPath}: another process keeps recreating it`);
  } finally {
    try {
      unlinkSync(tmpPath);
    } catch {
      // best effort
    }
  }
}

function readOwner(lockPath: string): LockOwner | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(lockPath, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null) {
      const { pid, token } = parsed as Record<string, unknown>;
      if (typeof pid === 'number' && Number.isInteger(pid) && pid > 0 && typeof token === 'string') return { pid, token };
    }
  } catch {
    // unreadable or half-written by a crashed process: treated as stale
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
