import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { initHashing } from '../hashing.ts';
import { assertConsensusError } from './assertConsensusError.ts';
import { ConsensusMessageError } from './ConsensusMessageError.ts';
import { decodeConsensusMessage, encodeConsensusMessage } from './consensusMessage.ts';
import { spindlePolkadotTypes } from './polkadotTypes.ts';
import { signProposal } from './signedProposal.ts';
import { signVote } from './signedVote.ts';
import { testValidators, type TestValidator } from './testValidators.ts';
import type { ConsensusMessage } from './types.ts';

const GENESIS = new Uint8Array(32).fill(0x11);
const HASH = new Uint8Array(32).fill(0xab);

let validators: TestValidator[];
let messages: { desc: string; message: ConsensusMessage }[];
before(async () => {
  await cryptoWaitReady();
  await initHashing();
  validators = testValidators();
  const header = Uint8Array.of(1, 2, 3, 4);
  messages = [
    { desc: 'precommit', message: { kind: 'vote', vote: signVote(validators[0]!, GENESIS, { type: 'precommit', height: 5n, round: 1, blockHash: HASH }) } },
    { desc: 'nil prevote', message: { kind: 'vote', vote: signVote(validators[1]!, GENESIS, { type: 'prevote', height: 5n, round: 2, blockHash: null }) } },
    {
      desc: 'proposal',
      message: {
        kind: 'proposal',
        proposal: signProposal(validators[2]!, GENESIS, { height: 5n, round: 3, validRound: 1, blockHash: blake2AsU8a(header), block: { header, body: Uint8Array.of(0) } }),
      },
    },
  ];
});

/** Seeded xorshift32, so the fuzz cases are the same on every run. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

function decodesOrMalformed(bytes: Uint8Array): void {
  try {
    decodeConsensusMessage(bytes);
  } catch (error) {
    assert.ok(error instanceof ConsensusMessageError, `threw ${String(error)}`);
    assert.equal(error.code, 'MALFORMED');
  }
}

describe('consensus message envelope', () => {
  it('behavior: votes and proposals round-trip through the tagged envelope', () => {
    for (const { desc, message } of messages) {
      const bytes = encodeConsensusMessage(message);
      assert.equal(bytes[0], message.kind === 'vote' ? 0 : 1, desc);
      assert.deepEqual(decodeConsensusMessage(bytes), message, desc);
    }
  });

  it('error: every truncation of every message is MALFORMED', () => {
    for (const { desc, message } of messages) {
      const bytes = encodeConsensusMessage(message);
      for (let n = 0; n < bytes.length; n++) assertConsensusError(() => decodeConsensusMessage(bytes.subarray(0, n)), 'MALFORMED', `${desc} cut at ${n}`);
    }
  });

  it('error: a trailing byte is MALFORMED', () => {
    for (const { message } of messages) assertConsensusError(() => decodeConsensusMessage(Uint8Array.of(...encodeConsensusMessage(message), 0)), 'MALFORMED');
  });

  const PATCHES: { desc: string; message: number; offset: number; value: number }[] = [
    { desc: 'unknown envelope tag 2', message: 0, offset: 0, value: 2 },
    { desc: 'unknown envelope tag 0xff', message: 2, offset: 0, value: 0xff },
    { desc: 'vote type 0', message: 0, offset: 1, value: 0 },
    { desc: 'vote type 3 (the proposal kind)', message: 0, offset: 1, value: 3 },
    { desc: 'block hash Option tag 2', message: 0, offset: 1 + 1 + 8 + 4, value: 2 },
    { desc: 'validRound Option tag 2', message: 2, offset: 1 + 8 + 4, value: 2 },
    { desc: 'header length beyond the buffer', message: 2, offset: 1 + 8 + 4 + 5 + 32 + 32 + 64, value: 0xfc },
  ];
  for (const c of PATCHES) {
    it(`error: ${c.desc} is MALFORMED`, () => {
      const bytes = Uint8Array.from(encodeConsensusMessage(messages[c.message]!.message));
      bytes[c.offset] = c.value;
      assertConsensusError(() => decodeConsensusMessage(bytes), 'MALFORMED');
    });
  }

  it('error: a compact length of 2^64 - 1 is MALFORMED', () => {
    const bytes = encodeConsensusMessage(messages[2]!.message);
    const at = 1 + 8 + 4 + 5 + 32 + 32 + 64;
    const huge = Uint8Array.of(0x13, ...new Uint8Array(8).fill(0xff));
    assertConsensusError(() => decodeConsensusMessage(Uint8Array.of(...bytes.subarray(0, at), ...huge, ...bytes.subarray(at + 1))), 'MALFORMED');
  });

  it('error: seeded random bytes and random corruptions either decode or are MALFORMED, nothing else', () => {
    const next = rng(0x5eed);
    for (let i = 0; i < 2000; i++) {
      const random = new Uint8Array(next() % 300).map(() => next() & 0xff);
      decodesOrMalformed(random);
      const base = Uint8Array.from(encodeConsensusMessage(messages[i % messages.length]!.message));
      base[next() % base.length] = next() & 0xff;
      decodesOrMalformed(base);
    }
  });

  it('behavior: @polkadot/types decodes the envelope with spindlePolkadotTypes', () => {
    const registry = new TypeRegistry();
    registry.register(spindlePolkadotTypes);
    type Codec = { toHex(): string; toU8a(bare?: boolean): Uint8Array; toBigInt(): bigint; toNumber(): number };
    type VoteCodec = { voteType: { isPrecommit: boolean; isPrevote: boolean }; height: Codec; round: Codec; blockHash: { isNone: boolean; unwrap(): Codec }; validator: Codec; signature: Codec };
    type ProposalCodec = { height: Codec; round: Codec; validRound: { unwrap(): Codec }; blockHash: Codec; proposer: Codec; signature: Codec; block: { header: Codec; body: Codec } };
    type Envelope = { isVote: boolean; asVote: VoteCodec; isProposal: boolean; asProposal: ProposalCodec; toU8a(): Uint8Array };

    for (const { message } of messages) {
      const bytes = encodeConsensusMessage(message);
      const decoded = registry.createType('SpindleConsensusMessage', bytes) as unknown as Envelope;
      assert.equal(u8aToHex(decoded.toU8a()), u8aToHex(bytes));
      if (message.kind === 'vote') {
        const v = decoded.asVote;
        assert.equal(v.voteType.isPrecommit, message.vote.type === 'precommit');
        assert.equal(v.height.toBigInt(), message.vote.height);
        assert.equal(v.round.toNumber(), message.vote.round);
        assert.equal(v.blockHash.isNone, message.vote.blockHash === null);
        if (message.vote.blockHash !== null) assert.equal(v.blockHash.unwrap().toHex(), u8aToHex(message.vote.blockHash));
        assert.equal(v.validator.toHex(), u8aToHex(message.vote.validator));
        assert.equal(v.signature.toHex(), u8aToHex(message.vote.signature));
      } else {
        const p = decoded.asProposal;
        assert.equal(p.height.toBigInt(), message.proposal.height);
        assert.equal(p.validRound.unwrap().toNumber(), message.proposal.validRound);
        assert.equal(p.blockHash.toHex(), u8aToHex(message.proposal.blockHash));
        assert.equal(p.proposer.toHex(), u8aToHex(message.proposal.proposer));
        assert.equal(u8aToHex(p.block.header.toU8a(true)), u8aToHex(message.proposal.block.header));
      }
    }
  });
});
