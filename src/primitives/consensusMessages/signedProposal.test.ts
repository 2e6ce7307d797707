import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { encodeBody } from '../block.ts';
import { initHashing } from '../hashing.ts';
import { encodeHeader, hashHeader, type Header } from '../header.ts';
import { assertConsensusError } from './assertConsensusError.ts';
import { encodePreDigest } from './preDigest.ts';
import { sealHeader } from './seal.ts';
import { decodeSignedProposal, encodeSignedProposal, signProposal, verifyProposal } from './signedProposal.ts';
import { proposalSigningBytes } from './signingBytes.ts';
import { testValidators, type TestValidator } from './testValidators.ts';
import type { SignedProposal } from './types.ts';

const GENESIS = new Uint8Array(32).fill(0x11);
const OTHER_GENESIS = new Uint8Array(32).fill(0x22);

let validators: TestValidator[];
before(async () => {
  await cryptoWaitReady();
  await initHashing();
  validators = testValidators();
});

/** A sealed block at `height` proposed in `round` by validator `index`. */
function block(height: bigint, round: number, index: number): { header: Uint8Array; body: Uint8Array; hash: Uint8Array } {
  const unsealed: Header = {
    parentHash: new Uint8Array(32).fill(1),
    number: height,
    stateRoot: new Uint8Array(32).fill(2),
    extrinsicsRoot: new Uint8Array(32).fill(3),
    digest: [encodePreDigest({ round, proposerIndex: index })],
  };
  const sealed = sealHeader(unsealed, validators[index]!);
  return { header: encodeHeader(sealed), body: encodeBody([Uint8Array.of(8, 1, 2)]), hash: hashHeader(sealed) };
}

function propose(height: bigint, round: number, validRound: number, index = 0, genesis = GENESIS): SignedProposal {
  const b = block(height, round, index);
  return signProposal(validators[index]!, genesis, { height, round, validRound, blockHash: b.hash, block: { header: b.header, body: b.body } });
}

describe('proposalSigningBytes', () => {
  it('behavior: lays out "SPINDLE/v1/" ‖ 3 ‖ genesis ‖ u64 height ‖ u32 round ‖ hash ‖ Option<u32> validRound', () => {
    const hash = new Uint8Array(32).fill(0xcd);
    const none = proposalSigningBytes(GENESIS, { height: 9n, round: 2, validRound: -1, blockHash: hash });
    const some = proposalSigningBytes(GENESIS, { height: 9n, round: 2, validRound: 1, blockHash: hash });
    const head = Buffer.from('SPINDLE/v1/').toString('hex') + '03' + '11'.repeat(32) + '0900000000000000' + '02000000' + 'cd'.repeat(32);
    assert.equal(Buffer.from(none).toString('hex'), `${head}00`);
    assert.equal(Buffer.from(some).toString('hex'), `${head}0101000000`);
  });

  const BAD_VALID_ROUNDS: { round: number; validRound: number }[] = [
    { round: 0, validRound: 0 },
    { round: 2, validRound: 2 },
    { round: 2, validRound: 5 },
    { round: 2, validRound: -2 },
    { round: 2, validRound: 0.5 },
  ];
  for (const c of BAD_VALID_ROUNDS) {
    it(`args: validRound ${c.validRound} in round ${c.round} is MALFORMED`, () => {
      assertConsensusError(() => proposalSigningBytes(GENESIS, { height: 1n, round: c.round, validRound: c.validRound, blockHash: new Uint8Array(32) }), 'MALFORMED');
    });
  }
});

describe('signed proposal', () => {
  const CASES: { desc: string; height: bigint; round: number; validRound: number; index: number }[] = [
    { desc: 'first round, no valid round', height: 1n, round: 0, validRound: -1, index: 0 },
    { desc: 'later round re-proposing a locked value', height: 10n, round: 4, validRound: 2, index: 1 },
    { desc: 'valid round 0', height: 3n, round: 1, validRound: 0, index: 3 },
  ];
  for (const c of CASES) {
    it(`behavior: ${c.desc} round-trips with its block and verifies`, () => {
      const proposal = propose(c.height, c.round, c.validRound, c.index);
      const decoded = decodeSignedProposal(encodeSignedProposal(proposal));
      assert.deepEqual(decoded, proposal);
      assert.equal(verifyProposal(decoded, GENESIS, validators), validators[c.index]);
    });
  }

  it('error: a proposal signed for another chain is rejected as BAD_SIGNATURE', () => {
    assertConsensusError(() => verifyProposal(propose(1n, 0, -1, 0, OTHER_GENESIS), GENESIS, validators), 'BAD_SIGNATURE');
  });

  const TAMPER: { desc: string; change: (p: SignedProposal) => SignedProposal; code: 'BAD_SIGNATURE' | 'UNKNOWN_VALIDATOR' | 'MISMATCH' | 'MALFORMED' }[] = [
    { desc: 'another round', change: (p) => ({ ...p, round: p.round + 1 }), code: 'BAD_SIGNATURE' },
    { desc: 'a valid round added', change: (p) => ({ ...p, round: 1, validRound: 0 }), code: 'BAD_SIGNATURE' },
    { desc: 'another proposer', change: (p) => ({ ...p, proposer: validators[2]!.publicKey }), code: 'BAD_SIGNATURE' },
    { desc: 'proposer outside the set', change: (p) => ({ ...p, proposer: new Uint8Array(32).fill(3) }), code: 'UNKNOWN_VALIDATOR' },
    { desc: 'another header under the signed hash', change: (p) => ({ ...p, block: { ...p.block, header: block(2n, 0, 0).header } }), code: 'MISMATCH' },
    {
      desc: 'another block with its own hash',
      change: (p) => {
        const b = block(2n, 0, 0);
        return { ...p, blockHash: b.hash, block: { header: b.header, body: b.body } };
      },
      code: 'BAD_SIGNATURE',
    },
    { desc: 'validRound equal to round', change: (p) => ({ ...p, validRound: p.round }), code: 'MALFORMED' },
  ];
  for (const c of TAMPER) {
    it(`error: ${c.desc} → ${c.code}`, () => {
      assertConsensusError(() => verifyProposal(c.change(propose(1n, 0, -1)), GENESIS, validators), c.code);
    });
  }

  it('error: signing a proposal whose hash is not its header’s is MISMATCH', () => {
    const b = block(1n, 0, 0);
    assertConsensusError(
      () => signProposal(validators[0]!, GENESIS, { height: 1n, round: 0, validRound: -1, blockHash: new Uint8Array(32), block: { header: b.header, body: b.body } }),
      'MISMATCH',
    );
  });
});
