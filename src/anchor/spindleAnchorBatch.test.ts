import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import { parseEventLogs, toHex, type Address, type TransactionReceipt } from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import {
  anchorAbi as abi,
  commitment,
  deployTestAnchor,
  equalWeightSet,
  expectRevert,
  keys,
  signFor,
  testClients,
  type TestClients,
} from './anchorTestKit.fixture.ts';
import type { AnchorCommitment } from './commitmentDigest.ts';
import type { AnchorSignature } from './signCommitment.ts';
import { startAnvil, type RunningAnvil } from './startAnvil.ts';
import { validatorSetHash } from './validatorSetHash.ts';

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

let anvil: RunningAnvil;
let clients: TestClients;

before(async () => {
  // Interval mining: with automine, viem's waitForTransactionReceipt can miss the block mined
  // right after eth_sendRawTransaction returns and wait for one that never comes.
  anvil = await startAnvil({ blockTime: 0.05 });
  clients = testClients(anvil.rpcUrl);
});

after(async () => {
  await anvil.stop();
});

async function read(anchor: Address, functionName: string, args: readonly unknown[] = []): Promise<unknown> {
  return clients.publicClient.readContract({ address: anchor, abi, functionName, args });
}

async function write(anchor: Address, functionName: string, args: readonly unknown[]): Promise<TransactionReceipt> {
  const hash = await clients.wallet.writeContract({ address: anchor, abi, functionName, args });
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, 'success');
  return receipt;
}

function simulateBatch(anchor: Address, cs: readonly AnchorCommitment[], sigs: readonly (readonly AnchorSignature[])[]): Promise<unknown> {
  return clients.publicClient.simulateContract({ address: anchor, abi, functionName: 'submitBatch', args: [cs, sigs], account: clients.wallet.account });
}

/** `count` contiguous periods of `length` blocks from `from`, each signed by `signers`. */
async function periods(
  anchor: Address,
  from: bigint,
  count: number,
  signers: readonly PrivateKeyAccount[],
  length = 16n,
  overrides: Partial<AnchorCommitment> = {},
): Promise<{ cs: AnchorCommitment[]; sigs: AnchorSignature[][] }> {
  const cs = Array.from({ length: count }, (_, i) => commitment(from + BigInt(i) * length, from + BigInt(i + 1) * length - 1n, overrides));
  const sigs: AnchorSignature[][] = [];
  for (const c of cs) sigs.push(await signFor(anchor, c, signers));
  return { cs, sigs };
}

function anchored(receipt: TransactionReceipt): { fromBlock: bigint; toBlock: bigint; setId: bigint }[] {
  return parseEventLogs({ abi, logs: receipt.logs, eventName: 'Anchored' }).map((log) => {
    const a = (log as unknown as { args: { fromBlock: bigint; toBlock: bigint; setId: bigint } }).args;
    return { fromBlock: a.fromBlock, toBlock: a.toBlock, setId: a.setId };
  });
}

test('behavior: submitBatch anchors 4 contiguous periods in one transaction, in order', async () => {
  const validators = keys('batch-ok', 4);
  const anchor = await deployTestAnchor(clients, validators);
  const { cs, sigs } = await periods(anchor, 1n, 4, validators.slice(0, 3));
  const receipt = await write(anchor, 'submitBatch', [cs, sigs]);
  assert.deepEqual(
    anchored(receipt),
    cs.map((c) => ({ fromBlock: c.fromBlock, toBlock: c.toBlock, setId: 0n })),
  );
  assert.equal(await read(anchor, 'latestAnchored'), 64n);
  assert.equal(await read(anchor, 'rangeCount'), 4n);
  for (const c of cs) assert.equal(await read(anchor, 'rangeRoot', [c.fromBlock]), c.blocksRoot);
  // The next batch continues where this one ended; a batch of one behaves like submit.
  const next = await periods(anchor, 65n, 1, validators);
  assert.deepEqual(anchored(await write(anchor, 'submitBatch', [next.cs, next.sigs])), [{ fromBlock: 65n, toBlock: 80n, setId: 0n }]);
});

test('behavior: a handover as the last commitment of a batch, rotate, then a batch signed by the new set', async () => {
  const oldSet = keys('batch-old', 4);
  const newSet = keys('batch-new', 3);
  const anchor = await deployTestAnchor(clients, oldSet);
  const next = equalWeightSet(1n, newSet);
  const first = await periods(anchor, 1n, 2, oldSet);
  const handover = commitment(33n, 40n, { nextSetHash: validatorSetHash(next) });
  const receipt = await write(anchor, 'submitBatch', [[...first.cs, handover], [...first.sigs, await signFor(anchor, handover, oldSet)]]);
  assert.equal(anchored(receipt).length, 3);
  assert.equal(await read(anchor, 'pendingSetHash'), validatorSetHash(next));
  await write(anchor, 'rotate', [next]);
  const after = await periods(anchor, 41n, 2, newSet, 16n, { setId: 1n });
  assert.deepEqual(
    anchored(await write(anchor, 'submitBatch', [after.cs, after.sigs])).map((a) => a.setId),
    [1n, 1n],
  );
  assert.equal(await read(anchor, 'latestAnchored'), 72n);
});

test('error: an empty batch is EmptyBatch and mismatched lengths are BatchLengthMismatch', async () => {
  const validators = keys('batch-shape', 4);
  const anchor = await deployTestAnchor(clients, validators);
  await expectRevert(simulateBatch(anchor, [], []), 'EmptyBatch');
  const { cs, sigs } = await periods(anchor, 1n, 2, validators);
  await expectRevert(simulateBatch(anchor, cs, sigs.slice(0, 1)), 'BatchLengthMismatch', [2n, 1n]);
  await expectRevert(simulateBatch(anchor, cs.slice(0, 1), sigs), 'BatchLengthMismatch', [1n, 2n]);
});

test('error: a gap inside a batch is NotContiguous and nothing of the batch is applied', async () => {
  const validators = keys('batch-gap', 4);
  const anchor = await deployTestAnchor(clients, validators);
  const { cs, sigs } = await periods(anchor, 1n, 3, validators);
  const gap = commitment(50n, 60n);
  await expectRevert(simulateBatch(anchor, [cs[0]!, cs[1]!, gap], [sigs[0]!, sigs[1]!, await signFor(anchor, gap, validators)]), 'NotContiguous', [33n, 50n]);
  // Sent for real (gas given, no estimate): the transaction reverts and the state is untouched.
  const hash = await clients.wallet.writeContract({
    address: anchor,
    abi,
    functionName: 'submitBatch',
    args: [[cs[0]!, cs[0]!], [sigs[0]!, sigs[0]!]],
    gas: 1_000_000n,
  });
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, 'reverted');
  assert.equal(await read(anchor, 'latestAnchored'), 0n);
  assert.equal(await read(anchor, 'rangeCount'), 0n);
  // The first commitment of a batch must start at nextBlock, like submit.
  await expectRevert(simulateBatch(anchor, cs.slice(1), sigs.slice(1)), 'NotContiguous', [1n, 17n]);
});

test('error: a commitment after a handover in the same batch is RotationPending', async () => {
  const validators = keys('batch-rot', 4);
  const anchor = await deployTestAnchor(clients, validators);
  const nextHash = validatorSetHash(equalWeightSet(1n, keys('batch-rot-next', 4)));
  const handover = commitment(1n, 8n, { nextSetHash: nextHash });
  const later = commitment(9n, 16n);
  await expectRevert(
    simulateBatch(anchor, [handover, later], [await signFor(anchor, handover, validators), await signFor(anchor, later, validators)]),
    'RotationPending',
    [nextHash],
  );
  // And a whole batch while a rotation is pending.
  await write(anchor, 'submit', [handover, await signFor(anchor, handover, validators)]);
  await expectRevert(simulateBatch(anchor, [later], [await signFor(anchor, later, validators)]), 'RotationPending', [nextHash]);
});

test('error: each commitment of a batch is checked like submit (set id, range, replay)', async () => {
  const validators = keys('batch-checks', 4);
  const anchor = await deployTestAnchor(clients, validators);
  const { cs, sigs } = await periods(anchor, 1n, 2, validators);
  const badSet = commitment(17n, 32n, { setId: 1n });
  await expectRevert(simulateBatch(anchor, [cs[0]!, badSet], [sigs[0]!, await signFor(anchor, badSet, validators)]), 'BadSetId', [0n, 1n]);
  const reversed = commitment(17n, 16n);
  await expectRevert(simulateBatch(anchor, [cs[0]!, reversed], [sigs[0]!, await signFor(anchor, reversed, validators)]), 'InvalidRange', [17n, 16n]);
  await write(anchor, 'submitBatch', [cs, sigs]);
  await expectRevert(simulateBatch(anchor, cs, sigs), 'NotContiguous', [33n, 1n]);
});

test('error: signature failures of a later commitment name the signature index within that commitment', async () => {
  const validators = keys('batch-sigs', 4);
  const anchor = await deployTestAnchor(clients, validators);
  const { cs, sigs } = await periods(anchor, 1n, 2, validators.slice(0, 3));
  const second = sigs[1]!;
  const batch = (s: readonly AnchorSignature[]): Promise<unknown> => simulateBatch(anchor, cs, [sigs[0]!, s]);

  await expectRevert(batch(second.slice(0, 2)), 'InsufficientWeight', [2n, 4n]);
  await expectRevert(batch([second[0]!, second[2]!, second[1]!]), 'UnsortedSigners', [2n]);
  await expectRevert(batch([second[0]!, second[1]!, second[1]!]), 'DuplicateSigner');
  const low = second[1]!;
  const high: AnchorSignature = { r: low.r, s: toHex(SECP256K1_N - BigInt(low.s), { size: 32 }), v: low.v === 27 ? 28 : 27 };
  await expectRevert(batch([second[0]!, high, second[2]!]), 'MalleableSignature', [1n]);
  await expectRevert(batch([second[0]!, { ...low, v: 1 }, second[2]!]), 'InvalidSignature', [1n]);
  const stranger = keys('batch-stranger', 1)[0]!;
  await expectRevert(batch(await signFor(anchor, cs[1]!, [...validators.slice(0, 2), stranger])), 'UnknownSigner', [stranger.address]);
  // Signatures of the first commitment do not vouch for the second.
  await expectRevert(simulateBatch(anchor, cs, [sigs[0]!, sigs[0]!]), 'UnknownSigner');
});

test('behavior: gas per anchored relay block, 4 periods of 16 blocks batched vs submitted one by one', async (t: TestContext) => {
  const validators = keys('batch-gas', 4);
  const single = await deployTestAnchor(clients, validators);
  const batched = await deployTestAnchor(clients, validators);
  const signers = validators.slice(0, 3);
  // Warm both (first range writes fresh slots).
  for (const anchor of [single, batched]) {
    const warm = commitment(1n, 1n);
    await write(anchor, 'submit', [warm, await signFor(anchor, warm, signers)]);
  }
  let singleGas = 0n;
  const one = await periods(single, 2n, 4, signers);
  for (let i = 0; i < 4; i++) singleGas += (await write(single, 'submit', [one.cs[i]!, one.sigs[i]!])).gasUsed;
  const four = await periods(batched, 2n, 4, signers);
  const batchGas = (await write(batched, 'submitBatch', [four.cs, four.sigs])).gasUsed;
  assert.ok(batchGas < singleGas, `batched ${batchGas} should cost less than ${singleGas}`);
  t.diagnostic(`4 × submit: ${singleGas} gas (${singleGas / 64n}/relay block); submitBatch of 4: ${batchGas} gas (${batchGas / 64n}/relay block)`);
  assert.equal(await read(batched, 'latestAnchored'), 65n);
});
