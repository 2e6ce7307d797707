import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { createTempDir, type TempDir } from '../store/index.ts';
import { CursorFile } from './CursorFile.ts';
import { RelayFollowerError } from './RelayFollowerError.ts';

describe('CursorFile', () => {
  let dir: TempDir;
  before(async () => {
    dir = await createTempDir('spindle-cursor-');
  });
  after(() => dir.remove());

  test('behavior: no file reads as no cursor; a written cursor reads back; the last write wins', async () => {
    const file = new CursorFile(`${dir.path}/nested`, 100);
    assert.equal(await file.read(), undefined);
    await file.write({ relayBlockNumber: 7n, relayBlockHash: new Uint8Array(32).fill(7) });
    await file.write({ relayBlockNumber: 8n, relayBlockHash: new Uint8Array(32).fill(8) });
    assert.deepEqual(await new CursorFile(`${dir.path}/nested`, 100).read(), { relayBlockNumber: 8n, relayBlockHash: new Uint8Array(32).fill(8) });
    assert.equal(await new CursorFile(`${dir.path}/nested`, 200).read(), undefined, 'one file per para');
  });

  test('behavior: a temporary file left by a crash mid-write is ignored', async () => {
    const file = new CursorFile(dir.path, 300);
    await file.write({ relayBlockNumber: 3n, relayBlockHash: new Uint8Array(32).fill(3) });
    await writeFile(`${file.path}.tmp`, '{"paraId":300,"relayBl');
    assert.equal((await file.read())?.relayBlockNumber, 3n);
  });

  const corrupt = [
    { desc: 'not JSON', text: '{"paraId":' },
    { desc: 'another para', text: JSON.stringify({ paraId: 401, relayBlockNumber: '1', relayBlockHash: `0x${'00'.repeat(32)}` }) },
    { desc: 'no number', text: JSON.stringify({ paraId: 400, relayBlockHash: `0x${'00'.repeat(32)}` }) },
    { desc: 'a short hash', text: JSON.stringify({ paraId: 400, relayBlockNumber: '1', relayBlockHash: '0x00' }) },
  ];
  for (const c of corrupt) {
    test(`error: a cursor file with ${c.desc} is CURSOR_CORRUPT`, async () => {
      const file = new CursorFile(dir.path, 400);
      await writeFile(file.path, c.text);
      await assert.rejects(file.read(), (e: unknown) => e instanceof RelayFollowerError && e.code === 'CURSOR_CORRUPT');
    });
  }
});
