import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrameReader, encodeFrame, type FrameResult } from './FrameReader.ts';
import { isNetworkError } from './NetworkError.ts';

async function* chunks(parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield p;
}

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** Splits `bytes` into pieces of `size` (the last may be shorter). */
function split(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

async function readAll(parts: Uint8Array[], maxBytes: number, skipUpTo?: number): Promise<(FrameResult | undefined)[]> {
  const reader = new FrameReader(chunks(parts));
  const out: (FrameResult | undefined)[] = [];
  for (;;) {
    const r = await reader.next(skipUpTo === undefined ? { maxBytes } : { maxBytes, skipUpTo });
    out.push(r);
    if (r === undefined) return out;
  }
}

test('behavior: encodeFrame writes an unsigned varint length prefix', () => {
  const table: [number, number[]][] = [
    [0, [0x00]],
    [1, [0x01]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [300, [0xac, 0x02]],
    [16_384, [0x80, 0x80, 0x01]],
  ];
  for (const [len, prefix] of table) {
    const f = encodeFrame(new Uint8Array(len));
    assert.deepEqual([...f.subarray(0, prefix.length)], prefix, `length ${len}`);
    assert.equal(f.length, prefix.length + len);
  }
});

test('behavior: frames are read back whatever the chunking', async () => {
  const payloads = [new Uint8Array(0), new Uint8Array([1, 2, 3]), new Uint8Array(300).fill(9)];
  const wire = concat(payloads.map(encodeFrame));
  for (const size of [1, 2, 3, 7, 128, wire.length]) {
    const got = await readAll(split(wire, size), 1000);
    assert.deepEqual(
      got,
      [...payloads.map((payload) => ({ kind: 'frame', payload })), undefined],
      `chunk size ${size}`,
    );
  }
});

test('behavior: an oversized frame is reported without buffering it, and skipped when allowed', async () => {
  const wire = concat([encodeFrame(new Uint8Array(500)), encodeFrame(new Uint8Array([7]))]);
  // Not skipped: reported at once, the reader stops there (the caller resets the stream).
  const reader = new FrameReader(chunks(split(wire, 64)));
  assert.deepEqual(await reader.next({ maxBytes: 100 }), { kind: 'oversized', length: 500 });
  // Skipped: the next frame is still readable.
  assert.deepEqual(await readAll(split(wire, 64), 100, 1000), [
    { kind: 'oversized', length: 500 },
    { kind: 'frame', payload: new Uint8Array([7]) },
    undefined,
  ]);
  // Over the skip limit: reported, not skipped.
  const r = await new FrameReader(chunks([wire])).next({ maxBytes: 100, skipUpTo: 200 });
  assert.deepEqual(r, { kind: 'oversized', length: 500 });
});

test('error: truncated or malformed frames fail with PROTOCOL', async () => {
  const cases: { name: string; wire: Uint8Array }[] = [
    { name: 'ends inside the payload', wire: encodeFrame(new Uint8Array(10)).subarray(0, 5) },
    { name: 'ends inside the length prefix', wire: new Uint8Array([0x80]) },
    { name: 'non-minimal length prefix', wire: new Uint8Array([0x81, 0x00, 0x01]) },
    { name: 'length prefix too long', wire: new Uint8Array(9).fill(0xff) },
  ];
  for (const c of cases) {
    await assert.rejects(readAll([c.wire], 1 << 30), (e) => isNetworkError(e, 'PROTOCOL'), c.name);
  }
});
