import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32 } from './crc32.ts';
import type { WalEntry } from './WalEntry.ts';
import { decodeWalEntry, encodeWalEntry } from './walEntryCodec.ts';
import { WalError } from './WalError.ts';

const U64_MAX = (1n << 64n) - 1n;
const bytes = (n: number, fill = 0xab): Uint8Array => new Uint8Array(n).fill(fill);

const ROUND_TRIPS: ReadonlyArray<[string, WalEntry]> = [
  ['input, empty data, height 0', { kind: 'input', height: 0n, data: new Uint8Array(0) }],
  ['input, 63 bytes (1-byte compact)', { kind: 'input', height: 1n, data: bytes(63) }],
  ['input, 64 bytes (2-byte compact)', { kind: 'input', height: 2n, data: bytes(64) }],
  ['input, 16384 bytes (4-byte compact)', { kind: 'input', height: 3n, data: bytes(1 << 14) }],
  ['ownVote prevote nil', { kind: 'ownVote', height: 9n, round: 0, step: 'prevote', blockHash: null, signed: bytes(64, 1) }],
  ['ownVote precommit, max height and round', { kind: 'ownVote', height: U64_MAX, round: 0xffff_ffff, step: 'precommit', blockHash: bytes(32, 2), signed: bytes(64, 3) }],
  ['ownVote with empty block hash (not nil)', { kind: 'ownVote', height: 4n, round: 1, step: 'prevote', blockHash: new Uint8Array(0), signed: bytes(1) }],
  ['ownProposal', { kind: 'ownProposal', height: 5n, round: 7, blockHash: bytes(32, 4), signed: bytes(100, 5) }],
  ['endHeight', { kind: 'endHeight', height: 123_456_789n }],
];

/** A record with a correct checksum around an arbitrary body, to reach the checks behind the CRC. */
function withCrc(body: readonly number[]): Uint8Array {
  const head = Uint8Array.from(body);
  const out = new Uint8Array(head.length + 4);
  out.set(head);
  new DataView(out.buffer).setUint32(head.length, crc32(head), true);
  return out;
}

const HEIGHT_7 = [7, 0, 0, 0, 0, 0, 0, 0];
const ROUND_0 = [0, 0, 0, 0];

function isCorrupt(key: string, reason?: RegExp) {
  return (e: unknown): boolean =>
    e instanceof WalError && e.data.code === 'CORRUPT' && e.data.key === key && (reason === undefined || reason.test(e.data.reason));
}

test('behavior: every entry kind round-trips through encode/decode', () => {
  for (const [desc, entry] of ROUND_TRIPS) assert.deepEqual(decodeWalEntry(encodeWalEntry(entry), 'k'), entry, desc);
});

test('behavior: decoded byte arrays are copies, not views on the record', () => {
  const record = encodeWalEntry({ kind: 'input', height: 1n, data: Uint8Array.of(1, 2, 3) });
  const decoded = decodeWalEntry(record, 'k');
  assert.ok(decoded.kind === 'input');
  record.fill(0);
  assert.deepEqual(decoded.data, Uint8Array.of(1, 2, 3));
});

test('error: every single changed byte and every truncation of a record is CORRUPT', () => {
  for (const [desc, entry] of ROUND_TRIPS.filter(([, e]) => e.kind !== 'input' || e.data.length < 100)) {
    const record = encodeWalEntry(entry);
    for (let i = 0; i < record.length; i++) {
      const flipped = record.slice();
      flipped[i] = (flipped[i] as number) ^ 0x5a;
      assert.throws(() => decodeWalEntry(flipped, 'aa'), isCorrupt('aa'), `${desc}: byte ${i} changed`);
      assert.throws(() => decodeWalEntry(record.subarray(0, i), 'aa'), isCorrupt('aa'), `${desc}: cut at ${i}`);
    }
    assert.throws(() => decodeWalEntry(Uint8Array.of(...record, 0), 'aa'), isCorrupt('aa'), `${desc}: extra byte`);
  }
});

test('error: well-checksummed records with an invalid shape are CORRUPT, naming the reason', () => {
  const table: ReadonlyArray<[string, number[], RegExp]> = [
    ['unknown version', [2, 3, ...HEIGHT_7], /version 2/],
    ['unknown tag', [1, 9, ...HEIGHT_7], /tag 9/],
    ['unknown vote step', [1, 1, ...HEIGHT_7, ...ROUND_0, 2, 0, 0], /step 2/],
    ['invalid option tag', [1, 1, ...HEIGHT_7, ...ROUND_0, 0, 2, 0], /option tag 2/],
    ['non-canonical 2-byte compact', [1, 0, ...HEIGHT_7, 0b101, 0, ...new Array<number>(1).fill(0)], /non-canonical/],
    ['non-canonical 4-byte compact', [1, 0, ...HEIGHT_7, 0b110, 1, 0, 0, ...new Array<number>(64).fill(0)], /non-canonical/],
    ['compact wider than u32', [1, 0, ...HEIGHT_7, 0b111, 0, 0, 0, 0, 0], /wider than u32/],
    ['length past the end', [1, 0, ...HEIGHT_7, 10 << 2, 1, 2], /truncated/],
    ['trailing bytes', [1, 3, ...HEIGHT_7, 0xee], /1 trailing/],
    ['endHeight without height', [1, 3, 7, 0, 0, 0, 0, 0, 0], /too short|truncated/],
  ];
  for (const [desc, body, reason] of table) assert.throws(() => decodeWalEntry(withCrc(body), 'bb'), isCorrupt('bb', reason), desc);
});

test('args: out-of-range fields are refused with INVALID_ARGUMENT naming the field', () => {
  const table: ReadonlyArray<[string, WalEntry, string]> = [
    ['negative height', { kind: 'endHeight', height: -1n }, 'height'],
    ['height above u64', { kind: 'endHeight', height: U64_MAX + 1n }, 'height'],
    ['fractional round', { kind: 'ownProposal', height: 1n, round: 0.5, blockHash: bytes(32), signed: bytes(64) }, 'round'],
    ['negative round', { kind: 'ownVote', height: 1n, round: -1, step: 'prevote', blockHash: null, signed: bytes(64) }, 'round'],
    ['unknown step', { kind: 'ownVote', height: 1n, round: 0, step: 'propose' as 'prevote', blockHash: null, signed: bytes(64) }, 'step'],
    ['data not bytes', { kind: 'input', height: 1n, data: 'hi' as unknown as Uint8Array }, 'data'],
  ];
  for (const [desc, entry, field] of table) {
    assert.throws(
      () => encodeWalEntry(entry),
      (e: unknown) => e instanceof WalError && e.data.code === 'INVALID_ARGUMENT' && e.data.field === field,
      desc,
    );
  }
});
