import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createWalletClient, http, parseGwei, type Address } from 'viem';
import { foundry } from 'viem/chains';
import { AnchorSubmitter } from './AnchorSubmitter.ts';
import type { AnchorSubmitterOptions } from './AnchorSubmitterOptions.ts';
import { AnchorSubmitterError } from './AnchorSubmitterError.ts';
import {
  anchorAbi,
  anchoredLogs,
  assertRanges,
  deployTestAnchor,
  fundedKey,
  keys,
  MemoryCommitmentSource,
  RecordingLogger,
  RecordingMetrics,
  testClients,
  type TestClients,
} from './anchorTestKit.fixture.ts';
import type { SignedCommitmentSource } from './SignedCommitmentSource.ts';
import { startAnvil, type RunningAnvil } from './startAnvil.ts';

let anvil: RunningAnvil;
let clients: TestClients;

before(async () => {
  // Interval mining (a block every 50 ms) so confirmations accrue without test help.
  anvil = await startAnvil({ blockTime: 0.05 });
  clients = testClients(anvil.rpcUrl);
});

after(async () => {
  await anvil.stop();
});

interface Harness {
  readonly submitter: AnchorSubmitter;
  readonly logger: RecordingLogger;
  readonly metrics: RecordingMetrics;
  readonly sender: Address;
}

async function harness(label: string, anchor: Address, source: SignedCommitmentSource, extra: Partial<AnchorSubmitterOptions> = {}): Promise<Harness> {
  const { privateKey, account } = await fundedKey(anvil.rpcUrl, label);
  const logger = new RecordingLogger();
  const metrics = new RecordingMetrics();
  const submitter = new AnchorSubmitter({
    l1: { rpcUrl: anvil.rpcUrl, privateKey, chain: foundry },
    anchor,
    source,
    pollIntervalMs: 20,
    backoff: { initialDelayMs: 20, maxDelayMs: 200 },
    logger,
    metrics,
    ...extra,
  });
  return { submitter, logger, metrics, sender: account.address };
}

async function nonceOf(address: Address): Promise<number> {
  return clients.publicClient.getTransactionCount({ address, blockTag: 'pending' });
}

test('behavior: anchors each new period as it becomes ready, one submit each, after 2 confirmations', async () => {
  const validators = keys('continuous', 4);
  const anchor = await deployTestAnchor(clients, validators);
  const source = new MemoryCommitmentSource(anchor, validators.slice(0, 3));
  const { submitter, logger, metrics } = await harness('continuous', anchor, source);
  await submitter.start();
  try {
    for (let i = 0; i < 5; i++) {
      const c = await source.addPeriod(4n);
      await metrics.waitForHeight(c.toBlock);
    }
  } finally {
    await submitter.stop();
  }
  const logs = await anchoredLogs(clients.publicClient, anchor);
  assertRanges(logs, source.commitments);
  assert.equal(new Set(logs.map((l) => l.txHash)).size, 5);
  assert.deepEqual(metrics.submissions(), ['submit', 'submit', 'submit', 'submit', 'submit']);
  const gas = metrics.events.items.flatMap((e) => (e.name === 'gasSpent' ? [e] : []));
  assert.equal(gas.length, 5);
  for (const g of gas) assert.ok(g.gas > 50_000n && g.feeWei > 0n);
  // Each transaction was 2 deep (its block and one more) before the next one was sent.
  for (let i = 1; i < logs.length; i++) assert.ok(logs[i]!.l1Block >= logs[i - 1]!.l1Block + 2n, `tx ${i} sent before 2 confirmations`);
  assert.equal(logger.entries.items.filter((e) => e.message === 'anchored').length, 5);
  assert.deepEqual(metrics.failures(), []);
  assert.equal(submitter.status().anchoredHeight, 20n);
});

test('behavior: when behind, 5 ready periods go out in one submitBatch; lag falls to 0', async () => {
  const validators = keys('behind', 4);
  const anchor = await deployTestAnchor(clients, validators);
  const source = new MemoryCommitmentSource(anchor, validators);
  await source.addPeriods(5, 8n);
  const { submitter, metrics } = await harness('behind', anchor, source);
  await submitter.start();
  try {
    await metrics.waitForHeight(40n);
    await metrics.events.waitFor((e) => e.name === 'lagBlocks' && e.value === 0n, 'lag 0');
  } finally {
    await submitter.stop();
  }
  const logs = await anchoredLogs(clients.publicClient, anchor);
  assertRanges(logs, source.commitments);
  assert.equal(new Set(logs.map((l) => l.txHash)).size, 1, 'one transaction');
  assert.deepEqual(metrics.submissions(), ['submitBatch']);
  const lags = metrics.events.items.flatMap((e) => (e.name === 'lagBlocks' ? [e.value] : []));
  const lagSeconds = metrics.events.items.flatMap((e) => (e.name === 'lagSeconds' ? [e.value] : []));
  assert.equal(lags[0], 40n);
  assert.equal(lagSeconds[0], 40);
  assert.equal(lagSeconds.at(-1), 0);
});

test('behavior: maxBatch 2 splits 5 ready periods into 3 transactions', async () => {
  const validators = keys('split', 4);
  const anchor = await deployTestAnchor(clients, validators);
  const source = new MemoryCommitmentSource(anchor, validators);
  await source.addPeriods(5, 2n);
  source.setUnsignedTail(3n);
  const { submitter, metrics } = await harness('split', anchor, source, { maxBatch: 2 });
  await submitter.start();
  try {
    await metrics.waitForHeight(10n);
  } finally {
    await submitter.stop();
  }
  const logs = await anchoredLogs(clients.publicClient, anchor);
  assertRanges(logs, source.commitments);
  assert.equal(new Set(logs.map((l) => l.txHash)).size, 3);
  assert.deepEqual(metrics.submissions(), ['submitBatch', 'submitBatch', 'submit']);
  // Unsigned finalized blocks beyond the last period remain as lag.
  const lags = metrics.events.items.flatMap((e) => (e.name === 'lagBlocks' ? [e.value] : []));
  assert.equal(lags.at(-1), 3n);
});

test('behavior: a handover, then rotate, then commitments signed by the new set', async () => {
  const oldSet = keys('rotation-old', 4);
  const newSet = keys('rotation-new', 3);
  const anchor = await deployTestAnchor(clients, oldSet);
  const source = new MemoryCommitmentSource(anchor, oldSet);
  await source.addPeriod(4n);
  await source.addPeriod(4n, { handoverTo: newSet });
  await source.addPeriods(2, 4n);
  const { submitter, metrics, logger } = await harness('rotation', anchor, source);
  await submitter.start();
  try {
    await metrics.waitForHeight(16n);
  } finally {
    await submitter.stop();
  }
  assertRanges(await anchoredLogs(clients.publicClient, anchor), source.commitments);
  assert.deepEqual(metrics.submissions(), ['submitBatch', 'rotate', 'submitBatch']);
  assert.ok(logger.entries.items.some((e) => e.message === 'validator set rotated'));
  assert.equal(await clients.publicClient.readContract({ address: anchor, abi: anchorAbi, functionName: 'setId' }), 1n);
  assert.deepEqual(
    (await anchoredLogs(clients.publicClient, anchor)).map((l) => l.setId),
    [0n, 0n, 1n, 1n],
  );
});

test('error: a commitment the contract would refuse is decoded from the estimate, logged and not sent', async () => {
  const validators = keys('estimate', 4);
  const anchor = await deployTestAnchor(clients, validators);
  const source = new MemoryCommitmentSource(anchor, validators);
  await source.addPeriod(4n, { signers: validators.slice(0, 2) });
  const { submitter, logger, metrics, sender } = await harness('estimate', anchor, source);
  await submitter.start();
  try {
    const entry = await logger.waitFor(/would revert with InsufficientWeight/, 'warn');
    assert.deepEqual(entry.fields.args, [2n, 4n]);
    await metrics.waitForFailure('estimate_reverted', 2);
  } finally {
    await submitter.stop();
  }
  assert.equal(await nonceOf(sender), 0);
  assert.deepEqual(metrics.submissions(), []);
  // Logged once as a warning while the condition lasts, then at debug.
  assert.equal(logger.entries.items.filter((e) => e.level === 'warn' && /would revert/.test(e.message)).length, 1);
});

test('error: a source that skips blocks is reported as source_invalid and nothing is sent', async () => {
  const validators = keys('gap', 4);
  const anchor = await deployTestAnchor(clients, validators, { firstBlock: 3n });
  const source = new MemoryCommitmentSource(anchor, validators, { firstBlock: 1n });
  await source.addPeriod(4n);
  // A source that ignores `fromBlock`: it answers readyFrom(3) with the 1..4 commitment.
  const lying: SignedCommitmentSource = { readyFrom: async () => source.signed, validatorSet: (id) => source.validatorSet(id) };
  const { submitter, logger, metrics, sender } = await harness('gap', anchor, lying);
  await submitter.start();
  try {
    const entry = await logger.waitFor(/broke its contract/, 'error');
    assert.equal(entry.fields.code, 'NOT_CONTIGUOUS');
    await metrics.waitForFailure('source_invalid');
  } finally {
    await submitter.stop();
  }
  assert.equal(await nonceOf(sender), 0);
});

test('behavior: nothing is sent while the gas price is above maxGasPriceWei; fee caps stay under it', async () => {
  const validators = keys('gasprice', 4);
  const anchor = await deployTestAnchor(clients, validators);
  const source = new MemoryCommitmentSource(anchor, validators);
  await source.addPeriod(4n);
  const cheap = await harness('gasprice', anchor, source, { maxGasPriceWei: 1n });
  await cheap.submitter.start();
  try {
    const entry = await cheap.logger.waitFor(/gas price above maximum/, 'warn');
    assert.ok((entry.fields.gasPrice as bigint) > 1n);
    await cheap.metrics.events.waitFor((e) => e.name === 'skipped' && e.reason === 'gas_price_above_max', 'skip');
  } finally {
    await cheap.submitter.stop();
  }
  assert.equal(await nonceOf(cheap.sender), 0);

  const max = parseGwei('2.1');
  const capped = await harness('gasprice', anchor, source, { maxGasPriceWei: max });
  await capped.submitter.start();
  try {
    await capped.metrics.waitForHeight(4n);
  } finally {
    await capped.submitter.stop();
  }
  const [log] = await anchoredLogs(clients.publicClient, anchor);
  const tx = await clients.publicClient.getTransaction({ hash: log!.txHash });
  assert.ok(tx.maxFeePerGas! <= max, `maxFeePerGas ${tx.maxFeePerGas} above ${max}`);
});

test('behavior: start and stop are idempotent; an aborted signal stops the service', async () => {
  const validators = keys('lifecycle', 4);
  const anchor = await deployTestAnchor(clients, validators);
  const source = new MemoryCommitmentSource(anchor, validators);
  const { submitter, metrics } = await harness('lifecycle', anchor, source);
  await submitter.stop();
  await submitter.start();
  await submitter.start();
  assert.equal(submitter.status().running, true);
  await metrics.events.waitFor((e) => e.name === 'anchoredHeight', 'a round');
  await submitter.stop();
  await submitter.stop();
  assert.equal(submitter.status().running, false);

  const controller = new AbortController();
  await submitter.start(controller.signal);
  assert.equal(submitter.status().running, true);
  controller.abort();
  await new Promise<void>((resolve) => setImmediate(resolve));
  await submitter.stop();
  assert.equal(submitter.status().running, false);
  const aborted = AbortSignal.abort();
  await submitter.start(aborted);
  assert.equal(submitter.status().running, false);
});

test('args: out-of-range options and an account that cannot sign locally are INVALID_OPTIONS', async () => {
  const validators = keys('args', 1);
  const source = new MemoryCommitmentSource('0x0000000000000000000000000000000000000001', validators);
  const base = { l1: { rpcUrl: anvil.rpcUrl, privateKey: `0x${'11'.repeat(32)}` as const }, anchor: '0x0000000000000000000000000000000000000001' as const, source };
  for (const bad of [{ confirmations: 0 }, { maxBatch: 0 }, { feeBumpPercent: 5 }, { backoff: { initialDelayMs: 100, maxDelayMs: 10 } }]) {
    assert.throws(
      () => new AnchorSubmitter({ ...base, ...bad }),
      (e: unknown) => e instanceof AnchorSubmitterError && e.code === 'INVALID_OPTIONS',
      JSON.stringify(bad),
    );
  }
  const jsonRpcWallet = createWalletClient({ chain: foundry, transport: http(anvil.rpcUrl), account: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' });
  assert.throws(
    () => new AnchorSubmitter({ ...base, l1: { publicClient: clients.publicClient, walletClient: jsonRpcWallet } }),
    (e: unknown) => e instanceof AnchorSubmitterError && e.data.option === 'l1.walletClient',
  );
});
