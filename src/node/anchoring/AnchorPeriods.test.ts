import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bytesToHex, keccak256, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { blockLeafData } from '../../anchor/blockLeafData.ts';
import { signCommitment } from '../../anchor/signCommitment.ts';
import { validatorSetHash } from '../../anchor/validatorSetHash.ts';
import { merkleRoot, merkleRootFromProof } from '../../primitives/binaryMerkle.ts';
import { initHashing } from '../../primitives/hashing.ts';
import type { ValidatorValue } from '../../runtime/pallets/session.ts';
import { LmdbKeyValueStore } from '../../store/index.ts';
import type { AnchorBlockFacts, AnchorChainView } from './AnchorChainView.ts';
import { AnchorPeriods, anchorValidatorSet } from './AnchorPeriods.ts';
import { AnchorRepository } from './AnchorRepository.ts';
import { AnchorSignaturePool, type AnchorDomain } from './AnchorSignaturePool.ts';

/** A finalized chain described by plain facts (the real chain is exercised by the network test). */
class ScriptedChain implements AnchorChainView {
  readonly blocks: AnchorBlockFacts[] = [];
  readonly sets = new Map<number, ValidatorValue[]>();
  #listeners = new Set<(n: bigint) => void>();
  constructor(validators: ValidatorValue[], readonly periodBlocks = 4, readonly periodMillis = 0n) {
    this.sets.set(0, validators);
    this.blocks.push(this.#facts(0n, 0, 0n));
  }
  #facts(number: bigint, sessionIndex: number, timestampMs: bigint): AnchorBlockFacts {
    const hash = new Uint8Array(32).fill(Number(number % 251n) + 1);
    const paraRoot = number % 3n === 0n ? new Uint8Array(32) : new Uint8Array(32).fill(0xaa);
    return { number, hash, paraRoot, timestampMs, sessionIndex, periodBlocks: this.periodBlocks, periodMillis: this.periodMillis };
  }
  /** Finalizes one block `stepMs` after the previous; `newSet` installs a set in it. */
  finalize(stepMs = 1000n, newSet?: ValidatorValue[]): void {
    const prev = this.blocks.at(-1)!;
    const index = newSet === undefined ? prev.sessionIndex : prev.sessionIndex + 1;
    if (newSet !== undefined) this.sets.set(index, newSet);
    this.blocks.push(this.#facts(prev.number + 1n, index, prev.timestampMs + stepMs));
    for (const l of this.#listeners) l(prev.number + 1n);
  }
  genesisHash(): Uint8Array {
    return this.blocks[0]!.hash;
  }
  finalizedNumber(): bigint {
    return this.blocks.at(-1)!.number;
  }
  block(number: bigint): AnchorBlockFacts | undefined {
    return this.blocks[Number(number)];
  }
  validatorsAt(number: bigint): readonly ValidatorValue[] {
    return this.sets.get(this.blocks[Number(number)]!.sessionIndex)!;
  }
  onFinalized(listener: (n: bigint) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

const validator = (account: PrivateKeyAccount, power = 1n): ValidatorValue => ({
  account: new Uint8Array(32),
  consensus_key: new Uint8Array(32).fill(Number(BigInt(account.address) % 250n)),
  anchor_address: Buffer.from(account.address.slice(2), 'hex'),
  power,
});

describe('AnchorPeriods and AnchorSignaturePool', () => {
  let dir: string;
  const stores: LmdbKeyValueStore[] = [];
  const accounts = [0, 1, 2, 3].map(() => privateKeyToAccount(generatePrivateKey()));
  const stranger = privateKeyToAccount(generatePrivateKey());
  const domain: AnchorDomain = { chainId: 31337n, contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3', genesisHash: keccak256('0x01') };
  const open = (name: string): AnchorRepository => {
    const kv = LmdbKeyValueStore.open(join(dir, name));
    stores.push(kv);
    return new AnchorRepository(kv);
  };

  before(async () => {
    await initHashing();
    dir = await mkdtemp(join(tmpdir(), 'spindle-anchor-periods-'));
  });
  after(async () => {
    for (const s of stores) await s.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('behavior: cuts contiguous periods of periodBlocks blocks whose root is the Merkle root of headerHash ‖ paraRoot leaves', async () => {
    const chain = new ScriptedChain(accounts.map((a) => validator(a)));
    const periods = new AnchorPeriods(chain, open('count'));
    for (let i = 0; i < 10; i++) chain.finalize();
    await periods.catchUp();
    assert.equal(periods.lastCommittedBlock, 8n);
    const first = periods.commitmentFor(3n)!;
    const second = periods.commitmentFor(5n)!;
    assert.deepEqual([first.fromBlock, first.toBlock, second.fromBlock, second.toBlock], [1n, 4n, 5n, 8n]);
    assert.equal(periods.commitmentFor(9n), undefined, 'blocks 9 and 10 are in the open period');
    const leaves = [5, 6, 7, 8].map((n) => blockLeafData(chain.blocks[n]!.hash, chain.blocks[n]!.paraRoot));
    assert.equal(second.blocksRoot, bytesToHex(merkleRoot(leaves)));
    assert.equal(second.setId, 0n);
    assert.equal(second.nextSetHash, `0x${'00'.repeat(32)}`);
    const proof = periods.proofFor(7n)!;
    assert.equal(bytesToHex(merkleRootFromProof(blockLeafData(proof.headerHash, proof.paraRoot), proof.proof)), second.blocksRoot);
  });

  it('behavior: a period also closes by block time and at a validator set change, which it announces', async () => {
    const chain = new ScriptedChain(accounts.map((a) => validator(a)), 100, 3_000n);
    const periods = new AnchorPeriods(chain, open('time'));
    chain.finalize(1000n);
    chain.finalize(1000n);
    chain.finalize(1000n); // block 3 is 2 s after block 1
    chain.finalize(1000n); // block 4 is 3 s after block 1: closes [1, 4]
    const next = [validator(accounts[0]!, 5n), validator(accounts[1]!), validator(accounts[2]!)];
    chain.finalize(1000n, next); // block 5 changes the set: closes [5, 5]
    chain.finalize(1000n);
    await periods.catchUp();
    const a = periods.commitmentFor(1n)!;
    const b = periods.commitmentFor(5n)!;
    assert.deepEqual([a.fromBlock, a.toBlock, b.fromBlock, b.toBlock], [1n, 4n, 5n, 5n]);
    assert.equal(b.setId, 0n, 'block 5 was finalized by the old set');
    assert.equal(b.nextSetHash, validatorSetHash(anchorValidatorSet(1n, next)));
    assert.deepEqual(periods.validatorSet(1n), anchorValidatorSet(1n, next));
  });

  it('behavior: after a restart it continues after the last stored commitment, identically', async () => {
    const chain = new ScriptedChain(accounts.map((a) => validator(a)));
    const repo = open('restart');
    const before = new AnchorPeriods(chain, repo);
    for (let i = 0; i < 6; i++) chain.finalize();
    await before.catchUp();
    for (let i = 0; i < 6; i++) chain.finalize();
    const afterRestart = new AnchorPeriods(chain, repo);
    await afterRestart.catchUp();
    const fresh = new AnchorPeriods(chain, open('restart-fresh'));
    await fresh.catchUp();
    assert.deepEqual(afterRestart.commitmentsFrom(1n, 10), fresh.commitmentsFrom(1n, 10));
    assert.equal(afterRestart.commitmentsFrom(1n, 10).length, 3);
  });

  it('behavior: a quorum of members makes a commitment ready; strangers, duplicates and malleable signatures do not count', async () => {
    const chain = new ScriptedChain(accounts.map((a) => validator(a)));
    const periods = new AnchorPeriods(chain, open('pool'));
    const pool = new AnchorSignaturePool(periods, new AnchorRepository(stores.at(-1)!), domain);
    for (let i = 0; i < 8; i++) chain.finalize();
    await periods.catchUp();
    const c = periods.commitmentFor(1n)!;
    const digest = pool.digest(c);
    const [s0] = await signCommitment(digest, [accounts[0]!]);
    const [s1] = await signCommitment(digest, [accounts[1]!]);
    const [s2] = await signCommitment(digest, [accounts[2]!]);
    const [bad] = await signCommitment(digest, [stranger]);
    assert.equal(await pool.add(c, s0!), 'added');
    assert.equal(await pool.add(c, s0!), 'duplicate');
    assert.equal(await pool.add(c, bad!), 'rejected');
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const flipped = { r: s1!.r, s: `0x${(n - BigInt(s1!.s)).toString(16).padStart(64, '0')}` as Hex, v: s1!.v === 27 ? 28 : 27 };
    assert.equal(await pool.add(c, flipped), 'rejected', 'high-s twin');
    assert.equal(await pool.add({ ...c, blocksRoot: keccak256('0x02') }, s1!), 'rejected', 'another root for the same range');
    assert.equal(await pool.add(c, s1!), 'added');
    assert.equal(pool.readyFrom(1n, 4).length, 0, '2 of 4 is not > 2/3');
    assert.equal(await pool.add(c, s2!), 'added');
    const ready = pool.readyFrom(1n, 4);
    assert.equal(ready.length, 1, 'the second period has no signatures yet');
    assert.equal(ready[0]!.signatures.length, 3);
  });

  it('behavior: a signature on a period not cut yet waits and counts once the period closes', async () => {
    const chain = new ScriptedChain(accounts.map((a) => validator(a)));
    const ahead = new AnchorPeriods(chain, open('ahead'));
    const kv = open('behind');
    const behind = new AnchorPeriods(chain, kv);
    const pool = new AnchorSignaturePool(behind, kv, domain);
    for (let i = 0; i < 4; i++) chain.finalize();
    await ahead.catchUp();
    const c = ahead.commitmentFor(1n)!;
    const sigs = await signCommitment(pool.digest(c), accounts.slice(0, 3));
    for (const s of sigs) assert.equal(await pool.add(c, s), 'pending');
    await behind.catchUp();
    // Released signatures are checked asynchronously (signer recovery); wait for them, bounded.
    for (let i = 0; i < 200 && pool.readyFrom(1n, 1).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    assert.equal(pool.readyFrom(1n, 1).length, 1);
  });
});
