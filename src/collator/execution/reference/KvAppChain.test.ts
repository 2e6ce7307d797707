import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { merkleRoot } from '../../../primitives/binaryMerkle.ts';
import { KvAppChain } from './KvAppChain.ts';
import type { KvSkipReason } from './KvAppChain.ts';
import { bytes, deleteOp, hex, setOp, testKey, tx } from './referenceChain.fixture.ts';
import { ReferenceChainError } from './ReferenceChainError.ts';
import type { ReferenceChainErrorCode } from './ReferenceChainError.ts';

const PARA = 100;
const alice = testKey(1);
const bob = testKey(2);

function isCode(code: ReferenceChainErrorCode): (e: unknown) => boolean {
  return (e) => e instanceof ReferenceChainError && e.code === code;
}

describe('KvAppChain', () => {
  it('behavior: applies sets and deletes in order and bumps the signer nonce', async () => {
    const chain = await KvAppChain.open({ paraId: PARA });
    assert.equal(chain.nonceOf(alice.publicKey), 0n);
    const first = chain.applyTransaction(tx(alice, PARA, 0n, setOp('a', '1'), setOp('b', '2'), setOp('a', '3')));
    assert.equal(first.applied, true);
    assert.deepEqual(chain.get(bytes('a')), bytes('3'));
    assert.deepEqual(chain.get(bytes('b')), bytes('2'));
    assert.equal(chain.applyTransaction(tx(alice, PARA, 1n, deleteOp('b'), deleteOp('absent'))).applied, true);
    assert.equal(chain.get(bytes('b')), undefined);
    assert.equal(chain.nonceOf(alice.publicKey), 2n);
    assert.equal(chain.nonceOf(bob.publicKey), 0n);
    assert.equal(chain.pendingCount, 2);
    await chain.close();
  });

  it('behavior: seals numbered, hash-linked blocks committing to state and transactions', async () => {
    const chain = await KvAppChain.open({ paraId: PARA });
    const genesis = chain.lastBlock;
    assert.equal(genesis.number, 0n);
    const payloads = [tx(alice, PARA, 0n, setOp('x', '1')), tx(bob, PARA, 0n, setOp('y', '2'))];
    for (const p of payloads) chain.applyTransaction(p);
    const one = chain.sealBlock();
    assert.equal(one.number, 1n);
    assert.deepEqual(one.parentHash, genesis.hash);
    assert.deepEqual(one.stateRoot, chain.stateRoot());
    assert.deepEqual(one.txRoot, merkleRoot(payloads));
    assert.deepEqual(one.transactions, payloads);
    assert.equal(chain.pendingCount, 0);
    const two = chain.sealBlock();
    assert.equal(two.number, 2n);
    assert.deepEqual(two.parentHash, one.hash);
    assert.deepEqual(two.stateRoot, one.stateRoot);
    assert.equal(two.txCount, 0);
    assert.notDeepEqual(two.hash, one.hash);
    await chain.close();
  });

  it('behavior: invalid transactions are skipped with their reason and change nothing', async () => {
    const chain = await KvAppChain.open({ paraId: PARA });
    chain.applyTransaction(tx(alice, PARA, 0n, setOp('k', 'v')));
    const valid = tx(alice, PARA, 1n, setOp('k', 'w'));
    const flippedSignature = valid.slice();
    flippedSignature[flippedSignature.length - 1]! ^= 1;
    const relabelled = tx(alice, 200, 1n, setOp('k', 'w')).slice();
    relabelled.set([PARA, 0, 0, 0], 1); // the para id field edited: the signature covers it
    const cases: { name: string; payload: Uint8Array; reason: KvSkipReason }[] = [
      { name: 'garbage', payload: Uint8Array.of(1, 2, 3), reason: 'undecodable' },
      { name: 'a transaction signed for para 200', payload: tx(alice, 200, 1n, setOp('k', 'w')), reason: 'wrong para' },
      { name: 'a para-200 transaction relabelled 100', payload: relabelled, reason: 'bad signature' },
      { name: 'a flipped signature bit', payload: flippedSignature, reason: 'bad signature' },
      { name: 'another signer’s key claimed', payload: Uint8Array.of(...valid.subarray(0, 5), ...bob.publicKey, ...valid.subarray(37)), reason: 'bad signature' },
      { name: 'a replay of nonce 0', payload: tx(alice, PARA, 0n, setOp('k', 'w')), reason: 'stale nonce' },
      { name: 'a nonce from the future', payload: tx(alice, PARA, 2n, setOp('k', 'w')), reason: 'future nonce' },
    ];
    const root = chain.stateRoot();
    for (const { name, payload, reason } of cases) {
      const outcome = chain.applyTransaction(payload);
      assert.equal(outcome.applied, false, name);
      if (!outcome.applied) assert.equal(outcome.reason, reason, name);
      assert.deepEqual(chain.stateRoot(), root, name);
    }
    assert.equal(chain.nonceOf(alice.publicKey), 1n);
    assert.equal(chain.pendingCount, 1);
    assert.equal(chain.applyTransaction(valid).applied, true);
    await chain.close();
  });

  it('behavior: the order of two conflicting transactions decides the state root', async () => {
    const toA = tx(alice, PARA, 0n, setOp('shared', 'alice'));
    const toB = tx(bob, PARA, 0n, setOp('shared', 'bob'));
    const run = async (order: Uint8Array[]): Promise<{ root: string; value: string }> => {
      const chain = await KvAppChain.open({ paraId: PARA });
      for (const p of order) assert.equal(chain.applyTransaction(p).applied, true);
      const block = chain.sealBlock();
      const value = Buffer.from(chain.get(bytes('shared'))!).toString();
      await chain.close();
      return { root: hex(block.stateRoot), value };
    };
    const ab = await run([toA, toB]);
    const ba = await run([toB, toA]);
    assert.equal(ab.value, 'bob');
    assert.equal(ba.value, 'alice');
    assert.notEqual(ab.root, ba.root);
    assert.deepEqual(await run([toA, toB]), ab);
  });

  it('error: commit refuses unsealed transactions and relay blocks not above the head', async () => {
    const chain = await KvAppChain.open({ paraId: PARA });
    chain.applyTransaction(tx(alice, PARA, 0n, setOp('k', 'v')));
    await assert.rejects(chain.commit(5n), isCode('PENDING_NOT_SEALED'));
    const block = chain.sealBlock();
    const head = await chain.commit(5n);
    assert.deepEqual(head, { relayBlockNumber: 5n, appBlockNumber: 1n, appBlockHash: block.hash });
    assert.deepEqual(chain.head(), head);
    await assert.rejects(chain.commit(5n), isCode('ALREADY_EXECUTED'));
    await assert.rejects(chain.commit(4n), isCode('ALREADY_EXECUTED'));
    await chain.close();
  });

  it('error: a closed chain refuses to work; close is safe twice', async () => {
    const chain = await KvAppChain.open({ paraId: PARA });
    await chain.close();
    await chain.close();
    assert.throws(() => chain.applyTransaction(tx(alice, PARA, 0n)), isCode('CLOSED'));
    assert.throws(() => chain.sealBlock(), isCode('CLOSED'));
  });

  it('args: open refuses a para id that is not a u32 and an empty key cache', async () => {
    await assert.rejects(KvAppChain.open({ paraId: -1 }), isCode('INVALID_OPTION'));
    await assert.rejects(KvAppChain.open({ paraId: 2 ** 32 }), isCode('INVALID_OPTION'));
    await assert.rejects(KvAppChain.open({ paraId: 1, keyCacheSize: 0 }), isCode('INVALID_OPTION'));
  });

  it('behavior: a key cache of one still verifies signers that alternate', async () => {
    const chain = await KvAppChain.open({ paraId: PARA, keyCacheSize: 1 });
    for (let n = 0n; n < 3n; n++) {
      assert.equal(chain.applyTransaction(tx(alice, PARA, n, setOp('a', String(n)))).applied, true);
      assert.equal(chain.applyTransaction(tx(bob, PARA, n, setOp('b', String(n)))).applied, true);
    }
    await chain.close();
  });
});
