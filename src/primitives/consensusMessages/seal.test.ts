import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, ed25519Verify } from '@polkadot/util-crypto';
import { initHashing } from '../hashing.ts';
import { decodeHeader, encodeHeader, hashHeader, type DigestItem, type Header } from '../header.ts';
import { assertConsensusError } from './assertConsensusError.ts';
import { spindlePolkadotTypes } from './polkadotTypes.ts';
import { decodePreDigest, encodePreDigest } from './preDigest.ts';
import { sealHeader, unsealHeader, verifyAuthor, verifySeal } from './seal.ts';
import { testValidators, type TestValidator } from './testValidators.ts';

let validators: TestValidator[];
before(async () => {
  await cryptoWaitReady();
  await initHashing();
  validators = testValidators();
});

function header(digest: DigestItem[], number = 5n): Header {
  return { parentHash: new Uint8Array(32).fill(1), number, stateRoot: new Uint8Array(32).fill(2), extrinsicsRoot: new Uint8Array(32).fill(3), digest };
}

describe('pre-runtime digest', () => {
  const CASES = [
    { round: 0, proposerIndex: 0 },
    { round: 3, proposerIndex: 2 },
    { round: 2 ** 32 - 1, proposerIndex: 2 ** 32 - 1 },
  ];
  for (const pre of CASES) {
    it(`behavior: round ${pre.round}, proposer ${pre.proposerIndex} round-trips as PreRuntime SPDL u32 ‖ u32`, () => {
      const item = encodePreDigest(pre);
      assert.equal(item.type, 'PreRuntime');
      assert.equal(item.type === 'PreRuntime' ? item.engine : '', 'SPDL');
      const h = decodeHeader(encodeHeader(header([item])));
      assert.deepEqual(decodePreDigest(h), pre);
      const registry = new TypeRegistry();
      registry.register(spindlePolkadotTypes);
      const data = item.type === 'PreRuntime' ? item.data : new Uint8Array();
      const decoded = registry.createType('SpindlePreDigest', data) as unknown as { round: { toNumber(): number }; proposerIndex: { toNumber(): number } };
      assert.deepEqual({ round: decoded.round.toNumber(), proposerIndex: decoded.proposerIndex.toNumber() }, pre);
    });
  }

  it('behavior: a header without one (genesis) gives null; other engines are ignored', () => {
    assert.equal(decodePreDigest(header([{ type: 'PreRuntime', engine: 'aura', data: new Uint8Array(8) }])), null);
  });

  const BAD: { desc: string; digest: DigestItem[] }[] = [
    { desc: 'a 7-byte payload', digest: [{ type: 'PreRuntime', engine: 'SPDL', data: new Uint8Array(7) }] },
    { desc: 'a 9-byte payload', digest: [{ type: 'PreRuntime', engine: 'SPDL', data: new Uint8Array(9) }] },
    { desc: 'two SPDL pre-digests', digest: [encodePreDigest({ round: 0, proposerIndex: 0 }), encodePreDigest({ round: 1, proposerIndex: 1 })] },
  ];
  for (const c of BAD) {
    it(`error: ${c.desc} is MALFORMED`, () => assertConsensusError(() => decodePreDigest(header(c.digest)), 'MALFORMED'));
  }

  it('args: a negative round is MALFORMED', () => assertConsensusError(() => encodePreDigest({ round: -1, proposerIndex: 0 }), 'MALFORMED'));
});

describe('seal', () => {
  it('behavior: the seal is the last item and signs the hash of the header without it', () => {
    const unsealed = header([encodePreDigest({ round: 1, proposerIndex: 2 })]);
    const sealed = sealHeader(unsealed, validators[2]!);
    const last = sealed.digest.at(-1)!;
    assert.equal(sealed.digest.length, 2);
    assert.ok(last.type === 'Seal' && last.engine === 'SPDL' && last.data.length === 64);
    const preSealHash = hashHeader(unsealed);
    assert.ok(ed25519Verify(preSealHash, last.data, validators[2]!.publicKey), 'checked by @polkadot/util-crypto too');
    assert.equal(u8aToHex(verifySeal(sealed, validators[2]!.publicKey)), u8aToHex(preSealHash));
    assert.notEqual(u8aToHex(hashHeader(sealed)), u8aToHex(preSealHash));
    assert.deepEqual(unsealHeader(sealed).header, unsealed);
    // The seal survives the header's own encoding (what travels in a proposal and in blocks).
    const roundTripped = decodeHeader(encodeHeader(sealed));
    assert.deepEqual(verifyAuthor(roundTripped, validators), { round: 1, proposerIndex: 2, proposer: validators[2]!.publicKey, preSealHash });
  });

  const TAMPER: { desc: string; change: (h: Header) => Header }[] = [
    { desc: 'another number', change: (h) => ({ ...h, number: h.number + 1n }) },
    { desc: 'another state root', change: (h) => ({ ...h, stateRoot: new Uint8Array(32).fill(9) }) },
    { desc: 'another pre-digest', change: (h) => ({ ...h, digest: [encodePreDigest({ round: 9, proposerIndex: 0 }), ...h.digest.slice(1)] }) },
    { desc: 'an item added before the seal', change: (h) => ({ ...h, digest: [...h.digest.slice(0, -1), { type: 'Other', data: Uint8Array.of(1) }, h.digest.at(-1)!] }) },
    {
      desc: 'a flipped signature bit',
      change: (h) => {
        const seal = h.digest.at(-1)!;
        const data = seal.type === 'Seal' ? seal.data.map((b, i) => (i === 5 ? b ^ 0x10 : b)) : new Uint8Array(64);
        return { ...h, digest: [...h.digest.slice(0, -1), { type: 'Seal', engine: 'SPDL', data }] };
      },
    },
  ];
  for (const c of TAMPER) {
    it(`error: a sealed header with ${c.desc} is BAD_SIGNATURE`, () => {
      const sealed = sealHeader(header([encodePreDigest({ round: 0, proposerIndex: 0 })]), validators[0]!);
      assertConsensusError(() => verifySeal(c.change(sealed), validators[0]!.publicKey), 'BAD_SIGNATURE');
    });
  }

  it('error: a seal checked against another key is BAD_SIGNATURE; verifyAuthor with the index of another validator too', () => {
    const sealed = sealHeader(header([encodePreDigest({ round: 0, proposerIndex: 1 })]), validators[0]!);
    assertConsensusError(() => verifySeal(sealed, validators[1]!.publicKey), 'BAD_SIGNATURE');
    assertConsensusError(() => verifyAuthor(sealed, validators), 'BAD_SIGNATURE');
  });

  it('error: a proposer index outside the set is UNKNOWN_VALIDATOR', () => {
    const sealed = sealHeader(header([encodePreDigest({ round: 0, proposerIndex: 4 })]), validators[0]!);
    assertConsensusError(() => verifyAuthor(sealed, validators), 'UNKNOWN_VALIDATOR');
  });

  const UNSEALED: { desc: string; digest: DigestItem[] }[] = [
    { desc: 'no digest at all', digest: [] },
    { desc: 'no seal', digest: [encodePreDigest({ round: 0, proposerIndex: 0 })] },
    { desc: 'a seal of another engine', digest: [{ type: 'Seal', engine: 'aura', data: new Uint8Array(64) }] },
    { desc: 'a short SPDL seal', digest: [{ type: 'Seal', engine: 'SPDL', data: new Uint8Array(63) }] },
    { desc: 'the seal not last', digest: [{ type: 'Seal', engine: 'SPDL', data: new Uint8Array(64) }, { type: 'Other', data: new Uint8Array(1) }] },
  ];
  for (const c of UNSEALED) {
    it(`error: ${c.desc} is MALFORMED`, () => assertConsensusError(() => verifySeal(header(c.digest), validators[0]!.publicKey), 'MALFORMED'));
  }

  it('error: verifyAuthor without a pre-digest is MALFORMED', () => {
    assertConsensusError(() => verifyAuthor(sealHeader(header([]), validators[0]!), validators), 'MALFORMED');
  });

  it('error: sealing an already sealed header is MALFORMED', () => {
    const sealed = sealHeader(header([]), validators[0]!);
    assertConsensusError(() => sealHeader(sealed, validators[0]!), 'MALFORMED');
  });
});
