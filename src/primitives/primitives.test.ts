import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady, keccakAsU8a } from '@polkadot/util-crypto';
import { merkleProof, merkleRoot, merkleRootFromProof, EMPTY_MERKLE_ROOT } from './binaryMerkle.ts';
import { decodeBody, encodeBody } from './block.ts';
import { initHashing } from './hashing.ts';
import { decodeHeader, encodeHeader, hashHeader, headerToJson, type Header } from './header.ts';
import { paraLeaf, paraRoot, proveParaSlice, sliceRoot } from './paraCommitment.ts';
import { SignatureVerifier } from './verifySignature.ts';

before(async () => {
  await cryptoWaitReady();
  await initHashing();
});

describe('header', () => {
  it('behavior: encodes byte-identically to @polkadot/types and hashes with blake2-256', () => {
    const header: Header = {
      parentHash: new Uint8Array(32).fill(1),
      number: 1234n,
      stateRoot: new Uint8Array(32).fill(2),
      extrinsicsRoot: new Uint8Array(32).fill(3),
      digest: [
        { type: 'PreRuntime', engine: 'aura', data: Uint8Array.of(1, 2) },
        { type: 'Consensus', engine: 'spdl', data: new Uint8Array(32).fill(9) },
        { type: 'Seal', engine: 'spdl', data: new Uint8Array(64).fill(7) },
        { type: 'Other', data: Uint8Array.of(5) },
        { type: 'RuntimeEnvironmentUpdated' },
      ],
    };
    const bytes = encodeHeader(header);
    const pjs = new TypeRegistry().createType('Header', bytes) as unknown as { number: { toNumber(): number }; toU8a(): Uint8Array; hash: { toHex(): string } };
    assert.equal(pjs.number.toNumber(), 1234);
    assert.equal(u8aToHex(pjs.toU8a()), u8aToHex(bytes));
    assert.equal(u8aToHex(hashHeader(header)), pjs.hash.toHex());
    assert.deepEqual(decodeHeader(bytes), header);
    assert.equal(headerToJson(header).number, '0x4d2');
  });

  it('error: truncated and trailing bytes are rejected', () => {
    const bytes = encodeHeader({ parentHash: new Uint8Array(32), number: 1n, stateRoot: new Uint8Array(32), extrinsicsRoot: new Uint8Array(32), digest: [] });
    assert.throws(() => decodeHeader(bytes.subarray(0, 40)), { code: 'UNEXPECTED_END' });
    assert.throws(() => decodeHeader(Buffer.concat([bytes, Uint8Array.of(0)])), { code: 'TRAILING_BYTES' });
    const badDigest = Buffer.concat([bytes.subarray(0, bytes.length - 1), Uint8Array.of(1, 99)]);
    assert.throws(() => decodeHeader(badDigest), { code: 'INVALID_VARIANT' });
  });
});

describe('block body', () => {
  it('behavior: round-trips length-prefixed extrinsics', () => {
    const xts = [Uint8Array.of(8, 4, 1), Uint8Array.of(4, 9)];
    assert.deepEqual(decodeBody(encodeBody(xts)).map((x) => [...x]), xts.map((x) => [...x]));
  });
  it('error: a truncated body is rejected', () => {
    assert.throws(() => decodeBody(Uint8Array.of(4, 12, 1)), { code: 'UNEXPECTED_END' });
  });
});

describe('binary merkle (keccak)', () => {
  const leaves = (n: number) => Array.from({ length: n }, (_, i) => Uint8Array.of(i, i + 1));

  it('behavior: empty root is zero; single leaf is its leaf hash', () => {
    assert.deepEqual(merkleRoot([]), EMPTY_MERKLE_ROOT);
    assert.equal(u8aToHex(merkleRoot([Uint8Array.of(7)])), u8aToHex(keccakAsU8a(Uint8Array.of(0, 7))));
  });

  it('behavior: every proof of trees of 1..17 leaves recomputes the root', () => {
    for (let n = 1; n <= 17; n++) {
      const ls = leaves(n);
      const root = u8aToHex(merkleRoot(ls));
      for (let i = 0; i < n; i++) assert.equal(u8aToHex(merkleRootFromProof(ls[i]!, merkleProof(ls, i))), root, `n=${n} i=${i}`);
    }
  });

  it('error: a proof for a different leaf or position does not match', () => {
    const ls = leaves(6);
    const root = u8aToHex(merkleRoot(ls));
    const proof = merkleProof(ls, 2);
    assert.notEqual(u8aToHex(merkleRootFromProof(ls[3]!, proof)), root);
    assert.notEqual(u8aToHex(merkleRootFromProof(ls[2]!, { ...proof, leafIndex: 3 })), root);
  });
});

describe('para commitment', () => {
  it('behavior: order of payloads matters, order of paras does not', () => {
    const a = { paraId: 100, payloads: [Uint8Array.of(1), Uint8Array.of(2)] };
    const b = { paraId: 200, payloads: [Uint8Array.of(3)] };
    assert.equal(u8aToHex(paraRoot([a, b])), u8aToHex(paraRoot([b, a])));
    assert.notEqual(u8aToHex(paraRoot([{ ...a, payloads: [...a.payloads].reverse() }, b])), u8aToHex(paraRoot([a, b])));
  });

  it('behavior: a slice proof verifies against the block root', () => {
    const slices = [{ paraId: 7, payloads: [Uint8Array.of(1)] }, { paraId: 100, payloads: [Uint8Array.of(2), Uint8Array.of(3)] }, { paraId: 200, payloads: [Uint8Array.of(4)] }];
    const proof = proveParaSlice(slices, 100)!;
    assert.equal(u8aToHex(proof.sliceRoot), u8aToHex(sliceRoot(slices[1]!.payloads)));
    assert.equal(u8aToHex(merkleRootFromProof(paraLeaf(100, proof.sliceRoot, proof.count), proof.proof)), u8aToHex(paraRoot(slices)));
    assert.equal(proveParaSlice(slices, 300), undefined);
  });
});

describe('SignatureVerifier', () => {
  const msg = new TextEncoder().encode('spindle');
  for (const type of ['sr25519', 'ed25519', 'ecdsa'] as const) {
    it(`behavior: verifies ${type} and rejects a tampered message`, () => {
      const pair = new Keyring({ type }).addFromUri('//Alice');
      const accountId = type === 'ecdsa' ? blake2AsU8a(pair.publicKey, 256) : pair.publicKey;
      const signature = pair.sign(msg);
      const kind = type === 'sr25519' ? 'Sr25519' : type === 'ed25519' ? 'Ed25519' : 'Ecdsa';
      const v = new SignatureVerifier();
      assert.equal(v.verify({ type: kind, signature }, msg, accountId), true);
      assert.equal(v.verify({ type: kind, signature }, Uint8Array.of(1, 2, 3), accountId), false);
      assert.equal(v.verify({ type: kind, signature }, msg, new Uint8Array(32)), false);
    });
  }
  it('error: wrong signature lengths are false, not exceptions', () => {
    const v = new SignatureVerifier();
    assert.equal(v.verify({ type: 'Sr25519', signature: new Uint8Array(10) }, msg, new Uint8Array(32)), false);
    assert.equal(v.verify({ type: 'Ecdsa', signature: new Uint8Array(65).fill(0xff) }, msg, new Uint8Array(32)), false);
  });
});
