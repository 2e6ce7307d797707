import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { concatBytes, initHashing } from '../hashing.ts';
import { encodeBytes, encodeCompact } from '../scale.ts';
import { assertConsensusError } from './assertConsensusError.ts';
import { encodeCommit } from './commitCertificate.ts';
import { decodeJustificationEntries, decodeJustifications, encodeJustifications, verifyJustifications } from './justifications.ts';
import { spindlePolkadotTypes } from './polkadotTypes.ts';
import { signVote } from './signedVote.ts';
import { testValidators, type TestValidator } from './testValidators.ts';
import type { CommitCertificate } from './types.ts';

const GENESIS = new Uint8Array(32).fill(0x11);
const HASH = new Uint8Array(32).fill(0xab);
const HEIGHT = 3n;

let validators: TestValidator[];
let certificate: CommitCertificate;
before(async () => {
  await cryptoWaitReady();
  await initHashing();
  validators = testValidators();
  const precommits = validators.slice(0, 3).map((v) => {
    const vote = signVote(v, GENESIS, { type: 'precommit', height: HEIGHT, round: 2, blockHash: HASH });
    return { validator: vote.validator, signature: vote.signature };
  });
  certificate = { height: HEIGHT, round: 2, blockHash: HASH, precommits };
});

const options = (): { genesisHash: Uint8Array; validators: TestValidator[]; blockHash: Uint8Array; height: bigint } => ({
  genesisHash: GENESIS,
  validators,
  blockHash: HASH,
  height: HEIGHT,
});

/** `certificate` with its precommits in canonical (sorted) order, as decoding returns them. */
const canonical = (cert: CommitCertificate): CommitCertificate => ({
  ...cert,
  precommits: [...cert.precommits].sort((a, b) => Buffer.compare(a.validator, b.validator)),
});

describe('justifications', () => {
  it('behavior: a certificate goes under engine SPDL (0x5350444c) and round-trips', () => {
    const bytes = encodeJustifications([certificate]);
    assert.equal(u8aToHex(bytes.subarray(0, 5)), '0x045350444c');
    const entries = decodeJustificationEntries(bytes);
    assert.equal(entries.length, 1);
    assert.equal(u8aToHex(entries[0]!.data), u8aToHex(encodeCommit(certificate)));
    assert.deepEqual(decodeJustifications(bytes), [canonical(certificate)]);
    assert.deepEqual(verifyJustifications(bytes, options()), canonical(certificate));
  });

  it('behavior: entries of other engines are kept by decodeJustificationEntries and skipped by decodeJustifications', () => {
    const frnk = new TextEncoder().encode('FRNK');
    const bytes = concatBytes(encodeCompact(2), frnk, encodeBytes(Uint8Array.of(1, 2, 3)), Uint8Array.of(0x53, 0x50, 0x44, 0x4c), encodeBytes(encodeCommit(certificate)));
    assert.equal(decodeJustificationEntries(bytes).length, 2);
    assert.deepEqual(decodeJustifications(bytes), [canonical(certificate)]);
    assert.deepEqual(verifyJustifications(bytes, options()), canonical(certificate));
  });

  it('behavior: @polkadot/types decodes Justifications and the SpindleCommit in it to the same fields', () => {
    const registry = new TypeRegistry();
    registry.register(spindlePolkadotTypes);
    const bytes = encodeJustifications([certificate]);
    const justifications = registry.createType('Justifications', bytes) as unknown as [{ toU8a(bare?: boolean): Uint8Array; toHex(): string }, { toU8a(bare: boolean): Uint8Array }][];
    assert.equal(justifications.length, 1);
    const [engine, data] = justifications[0]!;
    assert.equal(engine.toHex(), '0x5350444c');
    type Codec = { toHex(): string; toBigInt(): bigint; toNumber(): number };
    const commit = registry.createType('SpindleCommit', data.toU8a(true)) as unknown as {
      height: Codec;
      round: Codec;
      blockHash: Codec;
      precommits: { validator: Codec; signature: Codec }[];
      toU8a(): Uint8Array;
    };
    const expected = canonical(certificate);
    assert.equal(commit.height.toBigInt(), expected.height);
    assert.equal(commit.round.toNumber(), expected.round);
    assert.equal(commit.blockHash.toHex(), u8aToHex(expected.blockHash));
    assert.deepEqual(
      commit.precommits.map((p) => [p.validator.toHex(), p.signature.toHex()]),
      expected.precommits.map((p) => [u8aToHex(p.validator), u8aToHex(p.signature)]),
    );
    assert.equal(u8aToHex(commit.toU8a()), u8aToHex(encodeCommit(certificate)));
  });

  it('behavior: an empty list encodes as Compact(0) and holds no certificate', () => {
    const bytes = encodeJustifications([]);
    assert.equal(u8aToHex(bytes), '0x00');
    assert.deepEqual(decodeJustifications(bytes), []);
  });

  it('error: verifyJustifications without an SPDL certificate, or with two, is MALFORMED', () => {
    assertConsensusError(() => verifyJustifications(encodeJustifications([]), options()), 'MALFORMED');
    assertConsensusError(() => verifyJustifications(encodeJustifications([certificate, certificate]), options()), 'MALFORMED');
  });

  it('error: verifyJustifications passes on the certificate’s own verdict', () => {
    const weak = { ...certificate, precommits: certificate.precommits.slice(0, 2) };
    assertConsensusError(() => verifyJustifications(encodeJustifications([weak]), options()), 'INSUFFICIENT_POWER');
    assertConsensusError(() => verifyJustifications(encodeJustifications([certificate]), { ...options(), blockHash: new Uint8Array(32) }), 'MISMATCH');
  });

  it('error: truncated, trailing and corrupt justifications are MALFORMED', () => {
    const bytes = encodeJustifications([certificate]);
    for (let n = 0; n < bytes.length; n++) assertConsensusError(() => decodeJustifications(bytes.subarray(0, n)), 'MALFORMED', `cut at ${n}`);
    assertConsensusError(() => decodeJustifications(Uint8Array.of(...bytes, 0)), 'MALFORMED');
    // An SPDL entry whose inner certificate has a trailing byte.
    const inner = concatBytes(encodeCommit(certificate), Uint8Array.of(0));
    assertConsensusError(() => decodeJustifications(concatBytes(encodeCompact(1), Uint8Array.of(0x53, 0x50, 0x44, 0x4c), encodeBytes(inner))), 'MALFORMED');
    // A count larger than what follows.
    assertConsensusError(() => decodeJustifications(Uint8Array.of(0xfc)), 'MALFORMED');
  });
});
