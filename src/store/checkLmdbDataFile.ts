import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StoreError } from './StoreError.ts';

// Layout of an LMDB meta page as built by lmdb-js 3.x (liblmdb with MDB_DATA_VERSION 2):
// a 24-byte page header, then MDB_meta { u32 magic; u32 version; u64 address; u64 mapsize; MDB_db free { u32 pad (= page size) ... } ... }.
const META_MAGIC = 0xbeefc0de;
const DATA_VERSION = 2;
const MAGIC_OFFSET = 24;
const VERSION_OFFSET = 28;
const PAGE_SIZE_OFFSET = 48;
const META_READ_BYTES = 52;

/**
 * Checks the two meta pages of an existing data.mdb before lmdb-js opens it. lmdb-js 3.5.6 crashes
 * the process (double free in its failed-open path) instead of throwing when mdb_env_open rejects a
 * damaged file, so an invalid header must be caught here and reported as StoreError CORRUPTED.
 * A missing or empty file is fine (LMDB initialises it). Damage deeper in the B-tree is not detected.
 */
export function checkLmdbDataFile(dataPath: string, dir: string): void {
  let fd: number;
  try {
    fd = openSync(dataPath, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new StoreError({ code: 'OPEN_FAILED', path: dir }, `cannot read ${dataPath}`, { cause: e });
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return;
    const corrupted = (why: string): StoreError =>
      new StoreError({ code: 'CORRUPTED', path: dir }, `${dataPath} is not a valid LMDB data file: ${why}`);
    const meta0 = readAt(fd, 0, META_READ_BYTES);
    if (meta0.length < META_READ_BYTES) throw corrupted(`only ${size} bytes`);
    checkMeta(meta0, 0, corrupted);
    const pageSize = meta0.readUInt32LE(PAGE_SIZE_OFFSET);
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw corrupted(`page size ${pageSize}`);
    const meta1 = readAt(fd, pageSize, META_READ_BYTES);
    if (meta1.length < META_READ_BYTES) throw corrupted(`truncated at ${size} bytes`);
    checkMeta(meta1, 1, corrupted);
  } finally {
    closeSync(fd);
  }
}

function checkMeta(page: Buffer, index: number, corrupted: (why: string) => StoreError): void {
  const magic = page.readUInt32LE(MAGIC_OFFSET);
  if (magic !== META_MAGIC) throw corrupted(`meta page ${index} has magic 0x${magic.toString(16)}`);
  const version = page.readUInt32LE(VERSION_OFFSET) & 0xffff;
  if (version !== DATA_VERSION) throw corrupted(`meta page ${index} has data version ${version}, expected ${DATA_VERSION}`);
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}
