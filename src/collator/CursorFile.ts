import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { RelayFollowerError } from './RelayFollowerError.ts';

/** The last relay block whose slice a consumer has processed. */
export interface RelayCursor {
  readonly relayBlockNumber: bigint;
  readonly relayBlockHash: Uint8Array;
}

const HASH = /^0x[0-9a-f]{64}$/;

/**
 * A para's relay cursor in one small file under a directory (`relay-cursor-<paraId>.json`),
 * replaced atomically and durably: written to a temporary file, fsync'd, renamed over the
 * old one, and the directory fsync'd — so after a crash the file holds the last cursor whose
 * `write` resolved, or the one before, never a torn mix.
 *
 * @example
 * const file = new CursorFile('/var/lib/collator', 100);
 * await file.write({ relayBlockNumber: 42n, relayBlockHash });
 * (await file.read())?.relayBlockNumber; // 42n
 */
export class CursorFile {
  readonly path: string;
  readonly #dir: string;
  readonly #paraId: number;

  constructor(dir: string, paraId: number) {
    this.#dir = dir;
    this.#paraId = paraId;
    this.path = join(dir, `relay-cursor-${paraId}.json`);
  }

  /** The stored cursor, or undefined when there is none yet; throws CURSOR_CORRUPT. */
  async read(): Promise<RelayCursor | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    const corrupt = (detail: string): RelayFollowerError =>
      new RelayFollowerError('CURSOR_CORRUPT', `cursor file ${this.path} ${detail}`, { paraId: this.#paraId });
    let value: { paraId?: unknown; relayBlockNumber?: unknown; relayBlockHash?: unknown };
    try {
      value = JSON.parse(text) as typeof value;
    } catch {
      throw corrupt('is not JSON');
    }
    if (value.paraId !== this.#paraId) throw corrupt(`belongs to para ${String(value.paraId)}`);
    if (typeof value.relayBlockNumber !== 'string' || !/^\d+$/.test(value.relayBlockNumber)) throw corrupt('has no block number');
    if (typeof value.relayBlockHash !== 'string' || !HASH.test(value.relayBlockHash)) throw corrupt('has no block hash');
    return { relayBlockNumber: BigInt(value.relayBlockNumber), relayBlockHash: Uint8Array.from(Buffer.from(value.relayBlockHash.slice(2), 'hex')) };
  }

  /** Replaces the stored cursor; durable when it resolves. Not safe to call concurrently (the caller serializes). */
  async write(cursor: RelayCursor): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    const text = JSON.stringify({
      paraId: this.#paraId,
      relayBlockNumber: cursor.relayBlockNumber.toString(),
      relayBlockHash: `0x${Buffer.from(cursor.relayBlockHash).toString('hex')}`,
    });
    const tmp = `${this.path}.tmp`;
    const file = await open(tmp, 'w');
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, this.path);
    const dir = await open(this.#dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
