import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  http,
  keccak256,
  parseEventLogs,
  stringToHex,
  toHex,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { merkleProof, merkleRoot, merkleRootFromProof } from '../primitives/binaryMerkle.ts';
import { initHashing } from '../primitives/hashing.ts';
import { paraRoot, proveParaSlice, type ParaSlice } from '../primitives/paraCommitment.ts';
import { loadAnchorArtifact } from './anchorArtifact.ts';
import { awaitReceipt } from './awaitReceipt.ts';
import { blockLeafData } from './blockLeafData.ts';
import { commitmentDigest, type AnchorCommitment } from './commitmentDigest.ts';
import { deployAnchor } from './deployAnchor.ts';
import { signCommitment, type AnchorSignature } from './signCommitment.ts';
import { startAnvil, type RunningAnvil } from './startAnvil.ts';
import { sortValidators, validatorSetHash, type AnchorValidatorSet } from './validatorSetHash.ts';

const ANVIL_KEY_0: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const ZERO32: Hex = `0x${'00'.repeat(32)}`;
const GENESIS: Hex = keccak256(stringToHex('spindle-test-genesis'));
const { abi } = loadAnchorArtifact();

let anvil: RunningAnvil;
let publicClient: PublicClient;
let wallet: WalletClient<Transport, Chain, Account>;

before(async () => {
  await initHashing();
  anvil = await startAnvil();
  const transport = http(anvil.rpcUrl);
  publicClient = createPublicClient({ chain: foundry, transport, pollingInterval: 20 });
  wallet = createWalletClient({ chain: foundry, transport, account: privateKeyToAccount(ANVIL_KEY_0), pollingInterval: 20 });
});

after(async () => {
  await anvil.stop();
});

function keys(label: string, count: number): PrivateKeyAccount[] {
  return Array.from({ length: count }, (_, i) => privateKeyToAccount(keccak256(stringToHex(`${label}-${i}`))));
}

function hash(label: string): Hex {
  return keccak256(stringToHex(label));
}

async function deploy(validators: readonly PrivateKeyAccount[], firstBlock = 1n, weights?: readonly bigint[]): Promise<Address> {
  return deployAnchor(wallet, publicClient, {
    genesisHash: GENESIS,
    firstBlock,
    validators: validators.map((v, i) => ({ address: v.address, weight: weights?.[i] ?? 1n })),
  });
}

function commitment(fromBlock: bigint, toBlock: bigint, overrides: Partial<AnchorCommitment> = {}): AnchorCommitment {
  return { fromBlock, toBlock, blocksRoot: hash(`root-${fromBlock}-${toBlock}`), setId: 0n, nextSetHash: ZERO32, ...overrides };
}

async function sign(anchor: Address, c: AnchorCommitment, signers: readonly PrivateKeyAccount[]): Promise<AnchorSignature[]> {
  const digest = commitmentDigest({ chainId: BigInt(foundry.id), anchor, genesisHash: GENESIS, commitment: c });
  return signCommitment(digest, signers);
}

async function write(anchor: Address, functionName: string, args: readonly unknown[]): Promise<TransactionReceipt> {
  const txHash = await wallet.writeContract({ address: anchor, abi, functionName, args });
  const receipt = await awaitReceipt(publicClient, txHash);
  assert.equal(receipt.status, 'success');
  return receipt;
}

async function submit(anchor: Address, c: AnchorCommitment, sigs: readonly AnchorSignature[]): Promise<TransactionReceipt> {
  return write(anchor, 'submit', [c, sigs]);
}

async function read(anchor: Address, functionName: string, args: readonly unknown[] = []): Promise<unknown> {
  return publicClient.readContract({ address: anchor, abi, functionName, args });
}

/** Asserts the eth_call reverts with the custom error `errorName` (and optional args). */
async function expectRevert(call: Promise<unknown>, errorName: string, args?: readonly unknown[]): Promise<void> {
  await assert.rejects(call, (error: unknown) => {
    assert.ok(error instanceof BaseError, `not a viem error: ${String(error)}`);
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    assert.ok(reverted instanceof ContractFunctionRevertedError, `no revert in: ${error.shortMessage}`);
    assert.equal(reverted.data?.errorName, errorName);
    if (args !== undefined) assert.deepEqual(reverted.data?.args, args);
    return true;
  });
}

async function simulateSubmit(anchor: Address, c: AnchorCommitment, sigs: readonly AnchorSignature[]): Promise<unknown> {
  return publicClient.simulateContract({ address: anchor, abi, functionName: 'submit', args: [c, sigs], account: wallet.account });
}

function anchoredEvents(receipt: TransactionReceipt): { fromBlock: bigint; toBlock: bigint; blocksRoot: Hex; setId: bigint }[] {
  return parseEventLogs({ abi, logs: receipt.logs, eventName: 'Anchored' }).map(
    (log) => (log as unknown as { args: { fromBlock: bigint; toBlock: bigint; blocksRoot: Hex; setId: bigint } }).args,
  );
}

// ---------------------------------------------------------------------------------------- submit

test('behavior: deploy stores the set, genesis and first block', async () => {
  const validators = keys('deploy', 4);
  const anchor = await deploy(validators, 5n);
  assert.equal(await read(anchor, 'genesisHash'), GENESIS);
  assert.equal(await read(anchor, 'firstBlock'), 5n);
  assert.equal(await read(anchor, 'latestAnchored'), 4n);
  assert.equal(await read(anchor, 'setId'), 0n);
  assert.equal(await read(anchor, 'totalWeight'), 4n);
  for (const v of validators) assert.equal(await read(anchor, 'weightOf', [v.address]), 1n);
  assert.equal(await read(anchor, 'weightOf', [keys('stranger', 1)[0]!.address]), 0n);
});

test('behavior: the TypeScript digest equals the contract digest', async () => {
  const anchor = await deploy(keys('digest', 4));
  const c = commitment(1n, 9n, { nextSetHash: hash('next') });
  const expected = commitmentDigest({ chainId: BigInt(foundry.id), anchor, genesisHash: GENESIS, commitment: c });
  assert.equal(await read(anchor, 'digest', [c]), expected);
});

test('behavior: 3 of 4 equal-weight signatures anchor a range and emit Anchored', async (t: TestContext) => {
  const validators = keys('accept', 4);
  const anchor = await deploy(validators);
  const c = commitment(1n, 10n);
  const receipt = await submit(anchor, c, await sign(anchor, c, validators.slice(0, 3)));
  assert.deepEqual(anchoredEvents(receipt), [{ fromBlock: 1n, toBlock: 10n, blocksRoot: c.blocksRoot, setId: 0n }]);
  assert.equal(await read(anchor, 'latestAnchored'), 10n);
  assert.equal(await read(anchor, 'rangeRoot', [1n]), c.blocksRoot);
  t.diagnostic(`submit gas, 3 of 4 signers: ${receipt.gasUsed}`);

  const c2 = commitment(11n, 11n);
  const receipt2 = await submit(anchor, c2, await sign(anchor, c2, validators));
  t.diagnostic(`submit gas, 4 of 4 signers (second range): ${receipt2.gasUsed}`);
  assert.equal(await read(anchor, 'latestAnchored'), 11n);
});

test('error: a non-validator signature is UnknownSigner', async () => {
  const validators = keys('unknown', 4);
  const anchor = await deploy(validators);
  const stranger = keys('stranger', 1)[0]!;
  const c = commitment(1n, 3n);
  await expectRevert(simulateSubmit(anchor, c, await sign(anchor, c, [...validators.slice(0, 3), stranger])), 'UnknownSigner', [stranger.address]);
});

test('error: a duplicated signer is DuplicateSigner', async () => {
  const validators = keys('dup', 4);
  const anchor = await deploy(validators);
  const c = commitment(1n, 3n);
  const sigs = await sign(anchor, c, validators.slice(0, 2));
  await expectRevert(simulateSubmit(anchor, c, [sigs[0]!, sigs[1]!, sigs[1]!]), 'DuplicateSigner', [
    sortValidators(validators.slice(0, 2).map((v) => ({ addr: v.address, weight: 1n })))[1]!.addr,
  ]);
});

test('error: unsorted signers are UnsortedSigners', async () => {
  const validators = keys('unsorted', 4);
  const anchor = await deploy(validators);
  const c = commitment(1n, 3n);
  const sigs = await sign(anchor, c, validators.slice(0, 3));
  await expectRevert(simulateSubmit(anchor, c, [sigs[0]!, sigs[2]!, sigs[1]!]), 'UnsortedSigners', [2n]);
});

test('error: exactly 2/3 of the weight is InsufficientWeight', async () => {
  const three = keys('third', 3);
  const anchor = await deploy(three);
  const c = commitment(1n, 3n);
  await expectRevert(simulateSubmit(anchor, c, await sign(anchor, c, three.slice(0, 2))), 'InsufficientWeight', [2n, 3n]);
  await submit(anchor, c, await sign(anchor, c, three));

  // Weighted: 4 of 6 is exactly 2/3, 5 of 6 passes.
  const weighted = keys('weighted', 3);
  const anchor2 = await deploy(weighted, 1n, [1n, 2n, 3n]);
  const byWeight = (w: bigint): PrivateKeyAccount => weighted[Number(w) - 1]!;
  await expectRevert(simulateSubmit(anchor2, c, await sign(anchor2, c, [byWeight(1n), byWeight(3n)])), 'InsufficientWeight', [4n, 6n]);
  await submit(anchor2, c, await sign(anchor2, c, [byWeight(2n), byWeight(3n)]));
});

test('error: no signatures is InsufficientWeight', async () => {
  const anchor = await deploy(keys('none', 4));
  await expectRevert(simulateSubmit(anchor, commitment(1n, 1n), []), 'InsufficientWeight', [0n, 4n]);
});

test('error: a non-contiguous range is NotContiguous and a reversed one InvalidRange', async () => {
  const validators = keys('gap', 4);
  const anchor = await deploy(validators);
  const gap = commitment(2n, 5n);
  await expectRevert(simulateSubmit(anchor, gap, await sign(anchor, gap, validators)), 'NotContiguous', [1n, 2n]);
  const reversed = commitment(1n, 0n);
  await expectRevert(simulateSubmit(anchor, reversed, await sign(anchor, reversed, validators)), 'InvalidRange', [1n, 0n]);
  const c = commitment(1n, 5n);
  await submit(anchor, c, await sign(anchor, c, validators));
  const overlap = commitment(5n, 8n);
  await expectRevert(simulateSubmit(anchor, overlap, await sign(anchor, overlap, validators)), 'NotContiguous', [6n, 5n]);
});

test('error: replaying an anchored commitment is NotContiguous', async () => {
  const validators = keys('replay', 4);
  const anchor = await deploy(validators);
  const c = commitment(1n, 4n);
  const sigs = await sign(anchor, c, validators);
  await submit(anchor, c, sigs);
  await expectRevert(simulateSubmit(anchor, c, sigs), 'NotContiguous', [5n, 1n]);
});

test('error: signatures for another anchor contract do not count', async () => {
  const validators = keys('domain', 4);
  const anchorA = await deploy(validators);
  const anchorB = await deploy(validators);
  const c = commitment(1n, 4n);
  // Signed for A, recovered on B to some unrelated address.
  await expectRevert(simulateSubmit(anchorB, c, await sign(anchorA, c, validators.slice(0, 1))), 'UnknownSigner');
});

test('error: a high-s signature is MalleableSignature', async () => {
  const validators = keys('malleable', 4);
  const anchor = await deploy(validators);
  const c = commitment(1n, 3n);
  const sigs = await sign(anchor, c, validators.slice(0, 3));
  const low = sigs[1]!;
  const high: AnchorSignature = { r: low.r, s: toHex(SECP256K1_N - BigInt(low.s), { size: 32 }), v: low.v === 27 ? 28 : 27 };
  await expectRevert(simulateSubmit(anchor, c, [sigs[0]!, high, sigs[2]!]), 'MalleableSignature', [1n]);
  await expectRevert(simulateSubmit(anchor, c, [sigs[0]!, { ...low, v: 1 }, sigs[2]!]), 'InvalidSignature', [1n]);
});

test('error: a commitment for another set id is BadSetId', async () => {
  const validators = keys('setid', 4);
  const anchor = await deploy(validators);
  const c = commitment(1n, 3n, { setId: 1n });
  await expectRevert(simulateSubmit(anchor, c, await sign(anchor, c, validators)), 'BadSetId', [0n, 1n]);
});

// ---------------------------------------------------------------------------------------- handover

test('behavior: a validator set handover, then a commitment signed by the new set', async () => {
  const oldSet = keys('old', 4);
  const newSet = keys('new', 5);
  const anchor = await deploy(oldSet);
  const next: AnchorValidatorSet = {
    setId: 1n,
    validators: sortValidators(newSet.map((v, i) => ({ addr: v.address, weight: BigInt(i + 1) }))),
  };
  const announce = commitment(1n, 8n, { nextSetHash: validatorSetHash(next) });
  await submit(anchor, announce, await sign(anchor, announce, oldSet));
  assert.equal(await read(anchor, 'pendingSetHash'), validatorSetHash(next));

  const early = commitment(9n, 9n);
  await expectRevert(simulateSubmit(anchor, early, await sign(anchor, early, oldSet)), 'RotationPending', [validatorSetHash(next)]);
  const forged: AnchorValidatorSet = { setId: 1n, validators: sortValidators(keys('forged', 4).map((v) => ({ addr: v.address, weight: 1n }))) };
  await expectRevert(
    publicClient.simulateContract({ address: anchor, abi, functionName: 'rotate', args: [forged], account: wallet.account }),
    'SetHashMismatch',
    [validatorSetHash(next), validatorSetHash(forged)],
  );

  const rotation = await write(anchor, 'rotate', [next]);
  const rotated = parseEventLogs({ abi, logs: rotation.logs, eventName: 'ValidatorSetRotated' });
  assert.equal(rotated.length, 1);
  assert.equal(await read(anchor, 'setId'), 1n);
  assert.equal(await read(anchor, 'totalWeight'), 15n);
  assert.equal(await read(anchor, 'pendingSetHash'), ZERO32);
  await expectRevert(
    publicClient.simulateContract({ address: anchor, abi, functionName: 'rotate', args: [next], account: wallet.account }),
    'NoRotationPending',
  );

  const stale = commitment(9n, 12n);
  await expectRevert(simulateSubmit(anchor, stale, await sign(anchor, stale, oldSet)), 'BadSetId', [1n, 0n]);
  const c = commitment(9n, 12n, { setId: 1n });
  await expectRevert(simulateSubmit(anchor, c, await sign(anchor, c, oldSet)), 'UnknownSigner');
  // Weights 1..5 (total 15): 2+3+5 = 10 is exactly 2/3, 1+2+3+5 = 11 is more.
  const byWeight = (w: number): PrivateKeyAccount => newSet[w - 1]!;
  await expectRevert(simulateSubmit(anchor, c, await sign(anchor, c, [byWeight(2), byWeight(3), byWeight(5)])), 'InsufficientWeight', [10n, 15n]);
  const receipt = await submit(anchor, c, await sign(anchor, c, [byWeight(1), byWeight(2), byWeight(3), byWeight(5)]));
  assert.deepEqual(anchoredEvents(receipt), [{ fromBlock: 9n, toBlock: 12n, blocksRoot: c.blocksRoot, setId: 1n }]);
  assert.equal(await read(anchor, 'latestAnchored'), 12n);
});

// ---------------------------------------------------------------------------------------- proofs

interface TestBlock {
  readonly number: bigint;
  readonly headerHash: Uint8Array;
  readonly slices: readonly ParaSlice[];
  readonly paraRoot: Uint8Array;
}

function bytes(label: string): Uint8Array {
  return Buffer.from(hash(label).slice(2), 'hex');
}

function hex(b: Uint8Array): Hex {
  return `0x${Buffer.from(b).toString('hex')}`;
}

function makeBlocks(from: bigint, count: number): TestBlock[] {
  return Array.from({ length: count }, (_, i) => {
    const number = from + BigInt(i);
    const slices: ParaSlice[] =
      i % 2 === 0
        ? []
        : [
            { paraId: 2000, payloads: [bytes(`${number}-a`), bytes(`${number}-b`), bytes(`${number}-c`)] },
            { paraId: 7, payloads: [Uint8Array.of(1, 2, 3)] },
            { paraId: 1000 + i, payloads: [bytes(`${number}-d`), new Uint8Array(0)] },
          ];
    return { number, headerHash: bytes(`header-${number}`), slices, paraRoot: paraRoot(slices) };
  });
}

/** Anchors the given ranges of blocks (in order) and returns the anchor. */
async function anchorRanges(label: string, firstBlock: bigint, ranges: readonly TestBlock[][]): Promise<Address> {
  const validators = keys(label, 4);
  const anchor = await deploy(validators, firstBlock);
  for (const blocks of ranges) {
    const root = merkleRoot(blocks.map((b) => blockLeafData(b.headerHash, b.paraRoot)));
    const c = commitment(blocks[0]!.number, blocks.at(-1)!.number, { blocksRoot: hex(root) });
    await submit(anchor, c, await sign(anchor, c, validators.slice(0, 3)));
  }
  return anchor;
}

function blockProof(range: readonly TestBlock[], index: number): { number: bigint; headerHash: Hex; paraRoot: Hex; proof: Hex[] } {
  const block = range[index]!;
  const proof = merkleProof(range.map((b) => blockLeafData(b.headerHash, b.paraRoot)), index);
  return { number: block.number, headerHash: hex(block.headerHash), paraRoot: hex(block.paraRoot), proof: proof.siblings.map(hex) };
}

test('behavior: the contract Merkle verifier matches binaryMerkle.ts for 1..9 leaves', async () => {
  const anchor = await deploy(keys('merkle', 1));
  for (let count = 1; count <= 9; count++) {
    const leaves = Array.from({ length: count }, (_, i) => bytes(`leaf-${count}-${i}`));
    const root = hex(merkleRoot(leaves));
    for (let index = 0; index < count; index++) {
      const proof = merkleProof(leaves, index);
      assert.equal(hex(merkleRootFromProof(leaves[index]!, proof)), root);
      const onChain = await read(anchor, 'merkleRootFromProof', [hex(leaves[index]!), proof.siblings.map(hex), BigInt(index), BigInt(count)]);
      assert.equal(onChain, root, `${index} of ${count}`);
    }
  }
});

test('error: malformed Merkle proofs are InvalidProof', async () => {
  const anchor = await deploy(keys('merkle-bad', 1));
  const leaves = Array.from({ length: 5 }, (_, i) => bytes(`leaf-${i}`));
  const proof = merkleProof(leaves, 1);
  const siblings = proof.siblings.map(hex);
  const call = (s: readonly Hex[], index: bigint, count: bigint): Promise<unknown> =>
    read(anchor, 'merkleRootFromProof', [hex(leaves[1]!), s, index, count]);
  await expectRevert(call(siblings.slice(1), 1n, 5n), 'InvalidProof');
  await expectRevert(call([...siblings, ZERO32], 1n, 5n), 'InvalidProof');
  await expectRevert(call(siblings, 5n, 5n), 'InvalidProof');
  await expectRevert(call([], 0n, 0n), 'InvalidProof');
});

test('behavior: verifyBlock accepts every block of anchored ranges and rangeOf finds them', async () => {
  const first = makeBlocks(1n, 5);
  const second = makeBlocks(6n, 1);
  const third = makeBlocks(7n, 6);
  const anchor = await anchorRanges('blocks', 1n, [first, second, third]);
  assert.equal(await read(anchor, 'rangeCount'), 3n);
  for (const range of [first, second, third]) {
    for (let i = 0; i < range.length; i++) {
      const p = blockProof(range, i);
      await read(anchor, 'verifyBlock', [p.number, p.headerHash, p.paraRoot, p.proof]);
      const [, found] = (await read(anchor, 'rangeOf', [p.number])) as [bigint, { fromBlock: bigint }];
      assert.equal(found.fromBlock, range[0]!.number);
    }
  }
  assert.equal(await read(anchor, 'rangeRoot', [7n]), hex(merkleRoot(third.map((b) => blockLeafData(b.headerHash, b.paraRoot)))));
  await expectRevert(read(anchor, 'rangeRoot', [8n]), 'RangeNotFound', [8n]);
  const [, , last] = [await read(anchor, 'rangeAt', [0n]), await read(anchor, 'rangeAt', [1n]), await read(anchor, 'rangeAt', [2n])] as {
    fromBlock: bigint;
    toBlock: bigint;
    setId: bigint;
  }[];
  assert.deepEqual([last!.fromBlock, last!.toBlock, last!.setId], [7n, 12n, 0n]);
  await expectRevert(read(anchor, 'rangeAt', [3n]), 'RangeIndexOutOfBounds', [3n, 3n]);
});

test('error: verifyBlock rejects a tampered leaf, a wrong height and a block outside the anchored ranges', async () => {
  const range = makeBlocks(3n, 5);
  const anchor = await anchorRanges('blocks-bad', 3n, [range]);
  const p = blockProof(range, 3);
  await expectRevert(read(anchor, 'verifyBlock', [p.number, hash('forged header'), p.paraRoot, p.proof]), 'InvalidProof');
  await expectRevert(read(anchor, 'verifyBlock', [p.number, p.headerHash, hash('forged paras'), p.proof]), 'InvalidProof');
  await expectRevert(read(anchor, 'verifyBlock', [p.number - 1n, p.headerHash, p.paraRoot, p.proof]), 'InvalidProof');
  await expectRevert(read(anchor, 'verifyBlock', [8n, p.headerHash, p.paraRoot, p.proof]), 'BlockNotAnchored', [8n]);
  await expectRevert(read(anchor, 'verifyBlock', [2n, p.headerHash, p.paraRoot, p.proof]), 'BlockNotAnchored', [2n]);
  await expectRevert(read(anchor, 'rangeOf', [100n]), 'BlockNotAnchored', [100n]);
});

test('behavior: verifyParaSlice accepts a real para slice', async () => {
  const range = makeBlocks(1n, 4);
  const anchor = await anchorRanges('paras', 1n, [range]);
  for (const blockIndex of [1, 3]) {
    const block = range[blockIndex]!;
    for (const paraId of block.slices.map((s) => s.paraId)) {
      const slice = proveParaSlice(block.slices, paraId)!;
      const para = {
        paraId,
        sliceRoot: hex(slice.sliceRoot),
        count: slice.count,
        proof: slice.proof.siblings.map(hex),
        leafIndex: BigInt(slice.proof.leafIndex),
        leafCount: BigInt(slice.proof.leafCount),
      };
      await read(anchor, 'verifyParaSlice', [blockProof(range, blockIndex), para]);
    }
  }
});

test('error: verifyParaSlice rejects a tampered payload root, a wrong position, a wrong count and an unanchored block', async () => {
  const range = makeBlocks(1n, 4);
  const anchor = await anchorRanges('paras-bad', 1n, [range]);
  const block = range[1]!;
  const slice = proveParaSlice(block.slices, 2000)!;
  const para = {
    paraId: 2000,
    sliceRoot: hex(slice.sliceRoot),
    count: slice.count,
    proof: slice.proof.siblings.map(hex),
    leafIndex: BigInt(slice.proof.leafIndex),
    leafCount: BigInt(slice.proof.leafCount),
  };
  const blk = blockProof(range, 1);
  await read(anchor, 'verifyParaSlice', [blk, para]);
  await expectRevert(read(anchor, 'verifyParaSlice', [blk, { ...para, sliceRoot: hash('tampered payloads') }]), 'InvalidProof');
  await expectRevert(read(anchor, 'verifyParaSlice', [blk, { ...para, leafIndex: para.leafIndex - 1n }]), 'InvalidProof');
  await expectRevert(read(anchor, 'verifyParaSlice', [blk, { ...para, count: para.count + 1 }]), 'InvalidProof');
  await expectRevert(read(anchor, 'verifyParaSlice', [blk, { ...para, paraId: 2001 }]), 'InvalidProof');
  await expectRevert(read(anchor, 'verifyParaSlice', [{ ...blk, number: 5n }, para]), 'BlockNotAnchored', [5n]);
  // The block's paraRoot swapped for another block's: the block proof fails first.
  await expectRevert(read(anchor, 'verifyParaSlice', [{ ...blk, paraRoot: hex(range[3]!.paraRoot) }, para]), 'InvalidProof');
});

// ---------------------------------------------------------------------------------------- gas

test('behavior: submit gas with 4 and 100 signers', async (t: TestContext) => {
  for (const [size, signing] of [[4, 3], [4, 4], [100, 67], [100, 100]] as const) {
    const validators = keys(`gas-${size}`, size);
    const anchor = await deploy(validators);
    const warm = commitment(1n, 1n);
    await submit(anchor, warm, await sign(anchor, warm, validators));
    const c = commitment(2n, 101n);
    const receipt = await submit(anchor, c, await sign(anchor, c, validators.slice(0, signing)));
    assert.ok(receipt.gasUsed > 0n);
    t.diagnostic(`submit gas, ${signing} of ${size} signers: ${receipt.gasUsed}`);
  }
});
