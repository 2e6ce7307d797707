import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { SeededRng } from '../../../testing/seededRng.ts';
import { decodeKvTransaction } from './decodeKvTransaction.ts';
import { encodeKvTransaction, encodeKvTransactionBody } from './encodeKvTransaction.ts';
import { bytes, deleteOp, setOp, testKey } from './referenceChain.fixture.ts';
import type { KvOperation, KvTransaction } from './KvTransaction.ts';
import { KV_TRANSACTION_LIMITS } from './KvTransaction.ts';
import { KvTransactionError } from './KvTransactionError.ts';
import type { KvTransactionErrorCode } from './KvTransactionError.ts';
import { ed25519PublicKeyObject, generateKvKeyPair, rawEd25519PublicKey } from './kvKeyPair.ts';
import { kvSigningMessage } from './kvSigningMessage.ts';
import { signKvTransaction } from './signKvTransaction.ts';

const signer = new Uint8Array(32).fill(7);
const signature = new Uint8Array(64).fill(9);
const base: KvTransaction = { paraId: 100, signer, nonce: 0n, operations: [], signature };
const filled = (length: number, byte = 0x61): Uint8Array => new Uint8Array(length).fill(byte);

function isCode(code: KvTransactionErrorCode): (e: unknown) => boolean {
  return (e) => e instanceof KvTransactionError && e.code === code;
}

/** version 1, para 100, zero signer, nonce 0, then `tail`, then a zero signature. */
function craft(tail: readonly number[]): Uint8Array {
  return Uint8Array.from([1, 100, 0, 0, 0, ...new Array<number>(32 + 8).fill(0), ...tail, ...new Array<number>(64).fill(0)]);
}

describe('KvTransaction encoding', () => {
  const cases: { name: string; tx: KvTransaction }[] = [
    { name: 'no operations', tx: base },
    { name: 'set and delete', tx: { ...base, nonce: 5n, operations: [setOp('k', 'v'), deleteOp('gone'), setOp('empty', '')] } },
    { name: 'largest u32 para id and u64 nonce', tx: { ...base, paraId: 0xffff_ffff, nonce: 0xffff_ffff_ffff_ffffn } },
    {
      name: 'largest key, 2- and 4-byte compact lengths',
      tx: { ...base, operations: [{ type: 'set', key: filled(KV_TRANSACTION_LIMITS.maxKeyBytes), value: filled(100) }, { type: 'set', key: bytes('big'), value: filled(KV_TRANSACTION_LIMITS.maxValueBytes) }] },
    },
    { name: 'most operations', tx: { ...base, operations: Array.from({ length: KV_TRANSACTION_LIMITS.maxOperations }, (_, i): KvOperation => deleteOp(`key${i}`)) } },
  ];
  for (const { name, tx } of cases) {
    it(`behavior: round trip — ${name}`, () => {
      const encoded = encodeKvTransaction(tx);
      const decoded = decodeKvTransaction(encoded);
      assert.deepEqual(normalize(decoded), normalize(tx));
      assert.deepEqual(encodeKvTransaction(decoded), encoded);
    });
  }

  it('behavior: the documented layout of a one-set transaction', () => {
    const encoded = encodeKvTransaction({ ...base, nonce: 2n, operations: [setOp('k', 'v')] });
    assert.equal(encoded.length, 1 + 4 + 32 + 8 + 1 + (1 + 1 + 1 + 1 + 1) + 64);
    assert.deepEqual([...encoded.subarray(0, 5)], [1, 100, 0, 0, 0]);
    assert.deepEqual([...encoded.subarray(37, 51)], [2, 0, 0, 0, 0, 0, 0, 0, 4, 0, 4, 0x6b, 4, 0x76]);
  });

  const malformed: { name: string; bytes: Uint8Array; code: KvTransactionErrorCode }[] = [
    { name: 'empty', bytes: new Uint8Array(0), code: 'TRUNCATED' },
    { name: 'shorter than the fixed fields', bytes: Uint8Array.from([1, 0, 0, 0, 0, 1, 2]), code: 'TRUNCATED' },
    { name: 'unknown version', bytes: Uint8Array.of(2, ...craft([0]).subarray(1)), code: 'UNKNOWN_VERSION' },
    { name: 'one byte cut off', bytes: encodeKvTransaction({ ...base, operations: [setOp('k', 'v')] }).subarray(0, 114), code: 'TRUNCATED' },
    { name: 'one byte appended', bytes: Uint8Array.of(...encodeKvTransaction({ ...base, operations: [setOp('k', 'v')] }), 0), code: 'TRAILING_BYTES' },
    { name: 'unknown operation tag', bytes: craft([4, 7, 4, 0x6b]), code: 'UNKNOWN_OPERATION' },
    { name: 'operation count in two bytes when one suffices', bytes: craft([0x05, 0x00, 1, 4, 0x6b]), code: 'NON_CANONICAL' },
    { name: 'value length in four bytes when one suffices', bytes: craft([4, 0, 4, 0x6b, 0x92, 0x01, 0, 0]), code: 'NON_CANONICAL' },
    { name: 'big-integer compact', bytes: craft([0x03, 0, 0, 0, 0]), code: 'LIMIT_EXCEEDED' },
    { name: '65 operations', bytes: craft([0x05, 0x01]), code: 'LIMIT_EXCEEDED' },
    { name: 'empty key', bytes: craft([4, 1, 0]), code: 'LIMIT_EXCEEDED' },
    { name: '129-byte key', bytes: craft([4, 1, 0x05, 0x02, ...filled(129)]), code: 'LIMIT_EXCEEDED' },
    { name: '16385-byte value', bytes: craft([4, 0, 4, 0x6b, 0x06, 0x00, 0x01, 0x00, ...filled(16_385)]), code: 'LIMIT_EXCEEDED' },
    { name: 'key length past the body', bytes: craft([4, 1, 40, 1, 2]), code: 'TRUNCATED' },
    { name: 'operation missing', bytes: craft([8, 1, 4, 0x6b]), code: 'TRUNCATED' },
    { name: 'over 65,536 bytes', bytes: Uint8Array.of(1, ...new Uint8Array(65_536)), code: 'LIMIT_EXCEEDED' },
  ];
  for (const { name, bytes: input, code } of malformed) {
    it(`error: decode refuses ${name} with ${code}`, () => {
      assert.throws(() => decodeKvTransaction(input), isCode(code));
    });
  }

  it('error: every mutation of a valid transaction decodes or throws KvTransactionError, nothing else', () => {
    const rng = new SeededRng(11);
    const valid = encodeKvTransaction({ ...base, operations: [setOp('alpha', 'one'), deleteOp('beta'), setOp('gamma', 'x'.repeat(70))] });
    let refused = 0;
    for (let round = 0; round < 3000; round++) {
      let mutated = valid.slice();
      const kind = rng.int(3);
      if (kind === 0) mutated[rng.int(mutated.length)] = rng.int(256);
      else if (kind === 1) mutated = mutated.subarray(0, rng.int(mutated.length));
      else mutated = Uint8Array.of(...mutated.subarray(0, 60), ...Array.from({ length: rng.range(1, 5) }, () => rng.int(256)), ...mutated.subarray(60));
      try {
        decodeKvTransaction(mutated);
      } catch (e) {
        assert.ok(e instanceof KvTransactionError, String(e));
        refused++;
      }
    }
    assert.ok(refused > 1000);
  });

  const badFields: { name: string; tx: KvTransaction; code: KvTransactionErrorCode }[] = [
    { name: 'negative para id', tx: { ...base, paraId: -1 }, code: 'INVALID_FIELD' },
    { name: 'para id above u32', tx: { ...base, paraId: 2 ** 32 }, code: 'INVALID_FIELD' },
    { name: 'nonce above u64', tx: { ...base, nonce: 2n ** 64n }, code: 'INVALID_FIELD' },
    { name: '31-byte signer', tx: { ...base, signer: new Uint8Array(31) }, code: 'INVALID_FIELD' },
    { name: '63-byte signature', tx: { ...base, signature: new Uint8Array(63) }, code: 'INVALID_FIELD' },
    { name: '65 operations', tx: { ...base, operations: Array.from({ length: 65 }, (): KvOperation => deleteOp('k')) }, code: 'LIMIT_EXCEEDED' },
    { name: 'empty key', tx: { ...base, operations: [deleteOp('')] }, code: 'LIMIT_EXCEEDED' },
    { name: 'value over the limit', tx: { ...base, operations: [{ type: 'set', key: bytes('k'), value: filled(16_385) }] }, code: 'LIMIT_EXCEEDED' },
    {
      name: 'whole transaction over 65,536 bytes',
      tx: { ...base, operations: Array.from({ length: 5 }, (_, i): KvOperation => ({ type: 'set', key: bytes(`k${i}`), value: filled(16_000) })) },
      code: 'LIMIT_EXCEEDED',
    },
  ];
  for (const { name, tx, code } of badFields) {
    it(`args: encode refuses ${name} with ${code}`, () => {
      assert.throws(() => encodeKvTransaction(tx), isCode(code));
    });
  }
});

describe('signKvTransaction', () => {
  it('behavior: signs the domain-separated body with the signer it names', () => {
    const alice = generateKvKeyPair();
    const payload = signKvTransaction(alice.privateKey, { paraId: 100, nonce: 3n, operations: [setOp('greeting', 'hello')] });
    const tx = decodeKvTransaction(payload);
    assert.deepEqual(tx.signer, alice.publicKey);
    assert.equal(tx.nonce, 3n);
    const body = encodeKvTransactionBody(tx);
    assert.deepEqual(body, payload.subarray(0, payload.length - 64));
    assert.ok(verify(null, kvSigningMessage(body), ed25519PublicKeyObject(alice.publicKey), tx.signature));
    assert.ok(!verify(null, body, ed25519PublicKeyObject(alice.publicKey), tx.signature), 'the bare body is not what is signed');
  });

  it('behavior: seeded keys sign deterministically, and the given signer equals the derived one', () => {
    const params = { paraId: 7, nonce: 0n, operations: [setOp('a', 'b')] };
    assert.deepEqual(signKvTransaction(testKey(1).privateKey, params), signKvTransaction(testKey(1).privateKey, { ...params, signer: testKey(1).publicKey }));
    assert.notDeepEqual(signKvTransaction(testKey(1).privateKey, params), signKvTransaction(testKey(2).privateKey, params));
    assert.deepEqual(rawEd25519PublicKey(testKey(1).privateKey), testKey(1).publicKey);
  });

  it('args: refuses a public key or a non-ed25519 key', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const { privateKey: x25519 } = generateKeyPairSync('x25519');
    for (const key of [publicKey, x25519]) {
      assert.throws(() => signKvTransaction(key, { paraId: 1, nonce: 0n, operations: [] }), isCode('INVALID_FIELD'));
    }
  });
});

/** Views and copies compare equal once turned into plain arrays. */
function normalize(tx: KvTransaction): unknown {
  return {
    ...tx,
    signer: [...tx.signer],
    signature: [...tx.signature],
    operations: tx.operations.map((op) => (op.type === 'set' ? { type: op.type, key: [...op.key], value: [...op.value] } : { type: op.type, key: [...op.key] })),
  };
}
