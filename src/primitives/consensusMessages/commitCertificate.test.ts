import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { initHashing } from '../hashing.ts';
import { assertConsensusError } from './assertConsensusError.ts';
import type { ConsensusMessageErrorCode } from './ConsensusMessageError.ts';
import { commitFromPrecommits, decodeCommit, encodeCommit, verifyCommit } from './commitCertificate.ts';
import { signVote } from './signedVote.ts';
import { testValidators, type TestValidator } from './testValidators.ts';
import type { CommitCertificate, CommitSignature } from './types.ts';

const GENESIS = new Uint8Array(32).fill(0x11);
const OTHER_GENESIS = new Uint8Array(32).fill(0x22);
const HASH = new Uint8Array(32).fill(0xab);
const OTHER_HASH = new Uint8Array(32).fill(0xcd);
const HEIGHT = 12n;
const ROUND = 1;

before(async () => {
  await cryptoWaitReady();
  await initHashing();
});

function precommit(v: TestValidator, opts: { genesis?: Uint8Array; hash?: Uint8Array; round?: number } = {}): CommitSignature {
  const vote = signVote(v, opts.genesis ?? GENESIS, { type: 'precommit', height: HEIGHT, round: opts.round ?? ROUND, blockHash: opts.hash ?? HASH });
  return { validator: vote.validator, signature: vote.signature };
}

function cert(precommits: CommitSignature[]): CommitCertificate {
  return { height: HEIGHT, round: ROUND, blockHash: HASH, precommits };
}

interface VerifyCase {
  desc: string;
  powers: bigint[];
  /** The certificate under test, built from the case's validators. */
  build: (vs: TestValidator[]) => CommitCertificate;
  expect: { signedPower: bigint; totalPower: bigint } | ConsensusMessageErrorCode;
  options?: { height?: bigint; blockHash?: Uint8Array; genesisHash?: Uint8Array };
}

const sign = (...indices: number[]) => (vs: TestValidator[]): CommitCertificate => cert(indices.map((i) => precommit(vs[i]!)));

const CASES: VerifyCase[] = [
  { desc: 'all four of four equal validators', powers: [1n, 1n, 1n, 1n], build: sign(0, 1, 2, 3), expect: { signedPower: 4n, totalPower: 4n } },
  { desc: '3 of 4 equal validators (2/3 + 1)', powers: [1n, 1n, 1n, 1n], build: sign(3, 0, 2), expect: { signedPower: 3n, totalPower: 4n } },
  { desc: '2 of 3 equal validators: exactly 2/3 is not enough', powers: [1n, 1n, 1n], build: sign(0, 1), expect: 'INSUFFICIENT_POWER' },
  { desc: '3 of 3 equal validators', powers: [1n, 1n, 1n], build: sign(0, 1, 2), expect: { signedPower: 3n, totalPower: 3n } },
  { desc: 'power 4 of 6: exactly 2/3', powers: [2n, 2n, 1n, 1n], build: sign(0, 1), expect: 'INSUFFICIENT_POWER' },
  { desc: 'power 5 of 6: 2/3 + 1', powers: [2n, 2n, 1n, 1n], build: sign(0, 1, 2), expect: { signedPower: 5n, totalPower: 6n } },
  { desc: 'unequal powers: one heavy validator alone', powers: [10n, 1n, 1n, 1n], build: sign(0), expect: { signedPower: 10n, totalPower: 13n } },
  { desc: 'unequal powers: three light validators', powers: [10n, 1n, 1n, 1n], build: sign(1, 2, 3), expect: 'INSUFFICIENT_POWER' },
  { desc: 'no precommits', powers: [1n], build: sign(), expect: 'INSUFFICIENT_POWER' },
  { desc: 'a single validator', powers: [1n], build: sign(0), expect: { signedPower: 1n, totalPower: 1n } },
  { desc: 'duplicate signer (would reach the threshold twice)', powers: [1n, 1n, 1n, 1n], build: sign(0, 1, 1), expect: 'DUPLICATE_SIGNER' },
  {
    desc: 'unknown signer',
    powers: [1n, 1n, 1n],
    build: (vs) => cert([...[0, 1, 2].map((i) => precommit(vs[i]!)), precommit(testValidators(['Eve'])[0]!)]),
    expect: 'UNKNOWN_VALIDATOR',
  },
  {
    desc: 'bad signature among enough good ones',
    powers: [1n, 1n, 1n, 1n],
    build: (vs) => cert([...[0, 1, 2].map((i) => precommit(vs[i]!)), { validator: vs[3]!.publicKey, signature: new Uint8Array(64).fill(1) }]),
    expect: 'BAD_SIGNATURE',
  },
  {
    desc: 'signatures swapped between validators',
    powers: [1n, 1n, 1n],
    build: (vs) => {
      const [a, b, c] = [0, 1, 2].map((i) => precommit(vs[i]!)) as [CommitSignature, CommitSignature, CommitSignature];
      return cert([{ validator: a.validator, signature: b.signature }, { validator: b.validator, signature: a.signature }, c]);
    },
    expect: 'BAD_SIGNATURE',
  },
  {
    desc: 'precommits signed for another block under this block’s certificate',
    powers: [1n, 1n, 1n],
    build: (vs) => cert(vs.map((v) => precommit(v, { hash: OTHER_HASH }))),
    expect: 'BAD_SIGNATURE',
  },
  {
    desc: 'precommits of another round',
    powers: [1n, 1n, 1n],
    build: (vs) => cert(vs.map((v) => precommit(v, { round: ROUND + 1 }))),
    expect: 'BAD_SIGNATURE',
  },
  {
    desc: 'precommits signed for another chain',
    powers: [1n, 1n, 1n],
    build: (vs) => cert(vs.map((v) => precommit(v, { genesis: OTHER_GENESIS }))),
    expect: 'BAD_SIGNATURE',
  },
  { desc: 'verified against another genesis', powers: [1n, 1n, 1n], build: sign(0, 1, 2), expect: 'BAD_SIGNATURE', options: { genesisHash: OTHER_GENESIS } },
  { desc: 'wrong block hash asked', powers: [1n, 1n, 1n], build: sign(0, 1, 2), expect: 'MISMATCH', options: { blockHash: OTHER_HASH } },
  { desc: 'wrong height asked', powers: [1n, 1n, 1n], build: sign(0, 1, 2), expect: 'MISMATCH', options: { height: HEIGHT + 1n } },
];

describe('verifyCommit', () => {
  for (const c of CASES) {
    const outcome = typeof c.expect === 'string' ? c.expect : 'accepted';
    it(`${typeof c.expect === 'string' ? 'error' : 'behavior'}: ${c.desc} → ${outcome}`, () => {
      const vs = testValidators(['Alice', 'Bob', 'Charlie', 'Dave'].slice(0, c.powers.length), c.powers);
      const certificate = c.build(vs);
      const options = {
        genesisHash: c.options?.genesisHash ?? GENESIS,
        validators: vs,
        blockHash: c.options?.blockHash ?? HASH,
        height: c.options?.height ?? HEIGHT,
      };
      if (typeof c.expect === 'string') {
        const code = c.expect;
        assertConsensusError(() => verifyCommit(certificate, options), code);
        // The same verdict after an encoding round trip.
        assertConsensusError(() => verifyCommit(decodeCommit(encodeCommit(certificate)), options), code);
      } else {
        assert.deepEqual(verifyCommit(certificate, options), c.expect);
        assert.deepEqual(verifyCommit(decodeCommit(encodeCommit(certificate)), options), c.expect);
      }
    });
  }

  it('error: a validator set listing one key twice is MALFORMED', () => {
    const vs = testValidators(['Alice', 'Bob']);
    assertConsensusError(() => verifyCommit(cert([precommit(vs[0]!)]), { genesisHash: GENESIS, validators: [...vs, vs[0]!], blockHash: HASH, height: HEIGHT }), 'MALFORMED');
  });
});

describe('commit encoding', () => {
  it('behavior: precommits are sorted by public key, so any input order gives the same bytes', () => {
    const vs = testValidators();
    const signatures = vs.map((v) => precommit(v));
    const forward = encodeCommit(cert(signatures));
    const backward = encodeCommit(cert([...signatures].reverse()));
    assert.deepEqual(forward, backward);
    const decoded = decodeCommit(forward);
    const keys = decoded.precommits.map((p) => Buffer.from(p.validator).toString('hex'));
    assert.deepEqual(keys, [...keys].sort());
    assert.equal(forward.length, 8 + 4 + 32 + 1 + 4 * 96);
  });

  it('behavior: layout is u64 height ‖ u32 round ‖ hash ‖ Compact<n> ‖ (key ‖ signature)*', () => {
    const one = { validator: new Uint8Array(32).fill(5), signature: new Uint8Array(64).fill(6) };
    const bytes = encodeCommit({ height: 0x0102n, round: 7, blockHash: HASH, precommits: [one] });
    const expected = '0201000000000000' + '07000000' + 'ab'.repeat(32) + '04' + '05'.repeat(32) + '06'.repeat(64);
    assert.equal(Buffer.from(bytes).toString('hex'), expected);
  });

  it('behavior: the same validator twice decodes (adjacent) and is then refused as DUPLICATE_SIGNER', () => {
    const vs = testValidators();
    const a = precommit(vs[0]!);
    const decoded = decodeCommit(encodeCommit(cert([a, precommit(vs[1]!), a, precommit(vs[2]!)])));
    assert.equal(decoded.precommits.length, 4);
    assertConsensusError(() => verifyCommit(decoded, { genesisHash: GENESIS, validators: vs, blockHash: HASH, height: HEIGHT }), 'DUPLICATE_SIGNER');
  });

  it('error: truncated, trailing, unsorted and oversized certificates are MALFORMED', () => {
    const vs = testValidators();
    const bytes = encodeCommit(cert(vs.map((v) => precommit(v))));
    for (let n = 0; n < bytes.length; n++) assertConsensusError(() => decodeCommit(bytes.subarray(0, n)), 'MALFORMED', `cut at ${n}`);
    assertConsensusError(() => decodeCommit(Uint8Array.of(...bytes, 0)), 'MALFORMED');
    const unsorted = Uint8Array.from(bytes);
    const first = 8 + 4 + 32 + 1;
    unsorted.set(bytes.subarray(first + 96, first + 192), first);
    unsorted.set(bytes.subarray(first, first + 96), first + 96);
    assertConsensusError(() => decodeCommit(unsorted), 'MALFORMED');
    const oversized = Uint8Array.from(bytes);
    oversized[first - 1] = 5 << 2;
    assertConsensusError(() => decodeCommit(oversized), 'MALFORMED');
  });

  it('error: encoding a short signature is MALFORMED', () => {
    assertConsensusError(() => encodeCommit(cert([{ validator: new Uint8Array(32), signature: new Uint8Array(63) }])), 'MALFORMED');
  });
});

describe('commitFromPrecommits', () => {
  it('behavior: builds a certificate that verifies from signed precommits', () => {
    const vs = testValidators();
    const votes = vs.slice(0, 3).map((v) => signVote(v, GENESIS, { type: 'precommit', height: HEIGHT, round: ROUND, blockHash: HASH }));
    const certificate = commitFromPrecommits(HEIGHT, ROUND, HASH, votes);
    assert.deepEqual(verifyCommit(certificate, { genesisHash: GENESIS, validators: vs, blockHash: HASH, height: HEIGHT }), { signedPower: 3n, totalPower: 4n });
  });

  const WRONG: { desc: string; vote: { type: 'prevote' | 'precommit'; height: bigint; round: number; blockHash: Uint8Array | null } }[] = [
    { desc: 'a prevote', vote: { type: 'prevote', height: HEIGHT, round: ROUND, blockHash: HASH } },
    { desc: 'a nil precommit', vote: { type: 'precommit', height: HEIGHT, round: ROUND, blockHash: null } },
    { desc: 'a precommit for another block', vote: { type: 'precommit', height: HEIGHT, round: ROUND, blockHash: OTHER_HASH } },
    { desc: 'a precommit of another round', vote: { type: 'precommit', height: HEIGHT, round: ROUND + 1, blockHash: HASH } },
    { desc: 'a precommit of another height', vote: { type: 'precommit', height: HEIGHT + 1n, round: ROUND, blockHash: HASH } },
  ];
  for (const c of WRONG) {
    it(`error: ${c.desc} is MISMATCH`, () => {
      const vote = signVote(testValidators(['Alice'])[0]!, GENESIS, c.vote);
      assertConsensusError(() => commitFromPrecommits(HEIGHT, ROUND, HASH, [vote]), 'MISMATCH');
    });
  }
});
