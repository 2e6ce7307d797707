import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, ed25519PairFromSeed, ed25519Sign } from '@polkadot/util-crypto';
import { initHashing } from '../hashing.ts';
import { SignatureVerifier } from '../verifySignature.ts';
import { assertConsensusError } from './assertConsensusError.ts';
import { decodeSignedVote, encodeSignedVote, signVote, verifyVote } from './signedVote.ts';
import { voteSigningBytes } from './signingBytes.ts';
import { nodeCryptoSigner, testValidators, type TestValidator } from './testValidators.ts';
import type { SignedVote } from './types.ts';

const GENESIS = new Uint8Array(32).fill(0x11);
const OTHER_GENESIS = new Uint8Array(32).fill(0x22);
const HASH = new Uint8Array(32).fill(0xab);

let validators: TestValidator[];
before(async () => {
  await cryptoWaitReady();
  await initHashing();
  validators = testValidators();
});

const VOTES: { desc: string; vote: Pick<SignedVote, 'type' | 'height' | 'round' | 'blockHash'> }[] = [
  { desc: 'prevote for a block', vote: { type: 'prevote', height: 1n, round: 0, blockHash: HASH } },
  { desc: 'precommit for a block', vote: { type: 'precommit', height: 42n, round: 3, blockHash: HASH } },
  { desc: 'nil prevote', vote: { type: 'prevote', height: 7n, round: 1, blockHash: null } },
  { desc: 'nil precommit', vote: { type: 'precommit', height: 7n, round: 2, blockHash: null } },
  { desc: 'largest height and round', vote: { type: 'precommit', height: 2n ** 64n - 1n, round: 2 ** 32 - 1, blockHash: HASH } },
];

describe('voteSigningBytes', () => {
  it('behavior: lays out "SPINDLE/v1/" ‖ kind ‖ genesis ‖ u64 LE height ‖ u32 LE round ‖ Option<hash>', () => {
    const bytes = voteSigningBytes(GENESIS, { type: 'precommit', height: 0x0102n, round: 3, blockHash: HASH });
    const expected =
      Buffer.from('SPINDLE/v1/').toString('hex') + '02' + '11'.repeat(32) + '0201000000000000' + '03000000' + '01' + 'ab'.repeat(32);
    assert.equal(Buffer.from(bytes).toString('hex'), expected);
    const nil = voteSigningBytes(GENESIS, { type: 'prevote', height: 1n, round: 0, blockHash: null });
    assert.equal(nil.length, 57);
    assert.equal(nil[11], 1);
    assert.equal(nil[56], 0);
  });

  it('behavior: prevote and precommit of the same value sign different bytes', () => {
    const v = { height: 5n, round: 0, blockHash: HASH } as const;
    assert.notDeepEqual(voteSigningBytes(GENESIS, { ...v, type: 'prevote' }), voteSigningBytes(GENESIS, { ...v, type: 'precommit' }));
  });

  const BAD: { desc: string; genesis: Uint8Array; vote: Pick<SignedVote, 'type' | 'height' | 'round' | 'blockHash'> }[] = [
    { desc: 'short genesis hash', genesis: new Uint8Array(31), vote: { type: 'prevote', height: 1n, round: 0, blockHash: null } },
    { desc: 'short block hash', genesis: GENESIS, vote: { type: 'prevote', height: 1n, round: 0, blockHash: new Uint8Array(31) } },
    { desc: 'negative height', genesis: GENESIS, vote: { type: 'prevote', height: -1n, round: 0, blockHash: null } },
    { desc: 'height above u64', genesis: GENESIS, vote: { type: 'prevote', height: 2n ** 64n, round: 0, blockHash: null } },
    { desc: 'fractional round', genesis: GENESIS, vote: { type: 'prevote', height: 1n, round: 0.5, blockHash: null } },
    { desc: 'round above u32', genesis: GENESIS, vote: { type: 'prevote', height: 1n, round: 2 ** 32, blockHash: null } },
    { desc: 'unknown type', genesis: GENESIS, vote: { type: 'proposal' as 'prevote', height: 1n, round: 0, blockHash: null } },
  ];
  for (const c of BAD) {
    it(`args: ${c.desc} is MALFORMED`, () => assertConsensusError(() => voteSigningBytes(c.genesis, c.vote), 'MALFORMED'));
  }
});

describe('signed vote', () => {
  for (const c of VOTES) {
    it(`behavior: ${c.desc} round-trips and verifies with a real ed25519 key`, () => {
      const alice = validators[0]!;
      const vote = signVote(alice, GENESIS, c.vote);
      const bytes = encodeSignedVote(vote);
      assert.equal(bytes.length, 1 + 8 + 4 + (c.vote.blockHash === null ? 1 : 33) + 32 + 64);
      const decoded = decodeSignedVote(bytes);
      assert.deepEqual(decoded, { ...vote, validator: Uint8Array.from(vote.validator), signature: Uint8Array.from(vote.signature) });
      assert.equal(verifyVote(decoded, GENESIS, validators), validators[0]);
    });
  }

  it('behavior: a node:crypto signer and @polkadot/util-crypto derive the same key and both verify', () => {
    const seed = new Uint8Array(32).fill(7);
    const signer = nodeCryptoSigner(seed);
    const pair = ed25519PairFromSeed(seed);
    assert.equal(u8aToHex(signer.publicKey), u8aToHex(pair.publicKey));
    const vote = signVote(signer, GENESIS, VOTES[0]!.vote);
    const message = voteSigningBytes(GENESIS, VOTES[0]!.vote);
    assert.equal(u8aToHex(vote.signature), u8aToHex(ed25519Sign(message, pair)));
    assert.deepEqual(verifyVote(vote, GENESIS, [{ publicKey: signer.publicKey, power: 5n }]), { publicKey: signer.publicKey, power: 5n });
  });

  it('behavior: a shared verifier accepts the same vote twice (cache)', () => {
    const verifier = new SignatureVerifier();
    const vote = signVote(validators[1]!, GENESIS, VOTES[1]!.vote);
    assert.equal(verifyVote(vote, GENESIS, validators, verifier), validators[1]);
    assert.equal(verifyVote(vote, GENESIS, validators, verifier), validators[1]);
  });

  it('error: a vote signed for another chain is rejected as BAD_SIGNATURE', () => {
    const vote = signVote(validators[0]!, OTHER_GENESIS, VOTES[0]!.vote);
    assertConsensusError(() => verifyVote(vote, GENESIS, validators), 'BAD_SIGNATURE');
  });

  const TAMPER: { desc: string; change: (v: SignedVote) => SignedVote; code: 'BAD_SIGNATURE' | 'UNKNOWN_VALIDATOR' | 'MALFORMED' }[] = [
    { desc: 'another height', change: (v) => ({ ...v, height: v.height + 1n }), code: 'BAD_SIGNATURE' },
    { desc: 'another round', change: (v) => ({ ...v, round: v.round + 1 }), code: 'BAD_SIGNATURE' },
    { desc: 'prevote turned into precommit', change: (v) => ({ ...v, type: 'precommit' }), code: 'BAD_SIGNATURE' },
    { desc: 'block vote turned nil', change: (v) => ({ ...v, blockHash: null }), code: 'BAD_SIGNATURE' },
    { desc: 'signature of another validator', change: (v) => ({ ...v, validator: validators[1]!.publicKey }), code: 'BAD_SIGNATURE' },
    { desc: 'flipped signature bit', change: (v) => ({ ...v, signature: v.signature.map((b, i) => (i === 0 ? b ^ 1 : b)) }), code: 'BAD_SIGNATURE' },
    { desc: 'signer outside the set', change: (v) => ({ ...v, validator: new Uint8Array(32).fill(9) }), code: 'UNKNOWN_VALIDATOR' },
    { desc: 'short signature', change: (v) => ({ ...v, signature: v.signature.subarray(0, 63) }), code: 'MALFORMED' },
  ];
  for (const c of TAMPER) {
    it(`error: ${c.desc} → ${c.code}`, () => {
      const vote = signVote(validators[0]!, GENESIS, VOTES[0]!.vote);
      assertConsensusError(() => verifyVote(c.change(vote), GENESIS, validators), c.code);
    });
  }

  it('error: a signer that returns a short signature is refused', () => {
    assertConsensusError(() => signVote({ publicKey: validators[0]!.publicKey, sign: () => new Uint8Array(10) }, GENESIS, VOTES[0]!.vote), 'MALFORMED');
  });

  it('behavior: signatures are deterministic (ed25519), so signing twice gives the same bytes', () => {
    const a = encodeSignedVote(signVote(validators[2]!, GENESIS, VOTES[2]!.vote));
    const b = encodeSignedVote(signVote(validators[2]!, GENESIS, VOTES[2]!.vote));
    assert.equal(u8aToHex(a), u8aToHex(b));
  });
});
