/**
 * AnchorSubmitter against the faults L1 has, each on its own real anvil: an outage (anvil stopped
 * and restarted from its state file on the same port), a reorg that drops our mined transaction,
 * a restart of the submitter between sending and confirmation, a transaction stuck in the pool,
 * and a pending transaction left by an earlier run.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createWalletClient, http, type Address, type Hash, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { AnchorSubmitter } from './AnchorSubmitter.ts';
import type { AnchorSubmitterOptions } from './AnchorSubmitterOptions.ts';
import {
  anchorAbi,
  anchoredLogs,
  anvilRpc,
  assertRanges,
  deployTestAnchor,
  fundedKey,
  keys,
  MemoryCommitmentSource,
  RecordingLogger,
  RecordingMetrics,
  startMiner,
  testClients,
  type TestClients,
} from './anchorTestKit.fixture.ts';
import { startAnvil, type RunningAnvil } from './startAnvil.ts';

interface Harness {
  readonly submitter: AnchorSubmitter;
  readonly logger: RecordingLogger;
  readonly metrics: RecordingMetrics;
}

function harness(rpcUrl: string, privateKey: Hex, anchor: Address, source: MemoryCommitmentSource, extra: Partial<AnchorSubmitterOptions> = {}): Harness {
  const logger = new RecordingLogger();
  const metrics = new RecordingMetrics();
  const submitter = new AnchorSubmitter({
    // No chain given: the submitter asks the endpoint for its chain id.
    l1: { rpcUrl, privateKey },
    anchor,
    source,
    pollIntervalMs: 20,
    backoff: { initialDelayMs: 20, maxDelayMs: 160 },
    logger,
    metrics,
    ...extra,
  });
  return { submitter, logger, metrics };
}

/**
 * An anvil that mines only when told (`anvil_mine`), with an anchor deployed while it still mined
 * every 50 ms (interval mining, not automine: viem's waitForTransactionReceipt can miss a block
 * automined right after eth_sendRawTransaction returns and then waits for a block that never comes).
 */
async function manualChain(label: string): Promise<{ anvil: RunningAnvil; clients: TestClients; anchor: Address; source: MemoryCommitmentSource; privateKey: Hex; sender: Address }> {
  const anvil = await startAnvil({ blockTime: 0.05 });
  try {
    const clients = testClients(anvil.rpcUrl);
    const validators = keys(label, 4);
    const anchor = await deployTestAnchor(clients, validators);
    const { privateKey, account } = await fundedKey(anvil.rpcUrl, label);
    await anvilRpc(anvil.rpcUrl, 'evm_setIntervalMining', [0]);
    await anvilRpc(anvil.rpcUrl, 'evm_setAutomine', [false]);
    return { anvil, clients, anchor, source: new MemoryCommitmentSource(anchor, validators.slice(0, 3)), privateKey, sender: account.address };
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}

/** Hashes the submitter logged as sent. */
function sentHashes(logger: RecordingLogger): Hash[] {
  return logger.entries.items.filter((e) => e.message.startsWith('sent ')).map((e) => e.fields.tx as Hash);
}

test('behavior: L1 down — backs off exponentially, then catches up after a restart with nothing missing or twice', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spindle-anchor-outage-'));
  const statePath = join(dir, 'anvil-state.json');
  let anvil = await startAnvil({ statePath, blockTime: 0.05 });
  const port = anvil.port;
  let h: Harness | undefined;
  try {
    const clients = testClients(anvil.rpcUrl);
    const validators = keys('outage', 4);
    const anchor = await deployTestAnchor(clients, validators);
    const { privateKey } = await fundedKey(anvil.rpcUrl, 'outage');
    const source = new MemoryCommitmentSource(anchor, validators);
    await source.addPeriods(2, 4n);
    h = harness(anvil.rpcUrl, privateKey, anchor, source, { maxBatch: 4 });
    await h.submitter.start();
    await h.metrics.waitForHeight(8n);

    await anvil.stop();
    await source.addPeriods(5, 4n);
    await h.metrics.waitForFailure('l1_unreachable', 5);
    const delays = h.logger.entries.items.filter((e) => e.message === 'L1 unreachable, backing off').map((e) => e.fields.delayMs);
    assert.deepEqual(delays.slice(0, 5), [20, 40, 80, 160, 160]);
    assert.equal(h.submitter.status().consecutiveFailures >= 5, true);

    anvil = await startAnvil({ statePath, blockTime: 0.05, port });
    await h.metrics.waitForHeight(28n);
    await h.logger.waitFor(/L1 answers again/);
    await h.submitter.stop();

    assertRanges(await anchoredLogs(clients.publicClient, anchor), source.commitments);
    // No transaction of ours reverted (a double submission would revert with NotContiguous).
    for (const hash of sentHashes(h.logger)) {
      const receipt = await clients.publicClient.getTransactionReceipt({ hash }).catch(() => undefined);
      if (receipt !== undefined) assert.equal(receipt.status, 'success', hash);
    }
    assert.ok(h.metrics.submissions().includes('submitBatch'), 'caught up in batches');
  } finally {
    await h?.submitter.stop();
    await anvil.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('behavior: a reorg drops our mined transaction before it is confirmed — resubmitted once', async () => {
  const { anvil, clients, anchor, source, privateKey } = await manualChain('reorg');
  const h = harness(anvil.rpcUrl, privateKey, anchor, source, { confirmations: 3 });
  try {
    await source.addPeriod(4n);
    await h.submitter.start();
    await h.metrics.waitForSubmissions(1);
    await anvilRpc(anvil.rpcUrl, 'anvil_mine', ['0x1']);
    await h.logger.waitFor(/mined; waiting for confirmations/);
    assert.equal((await anchoredLogs(clients.publicClient, anchor)).length, 1);

    // Replace the block holding it with an empty one: the transaction is gone from chain and pool.
    await anvilRpc(anvil.rpcUrl, 'anvil_reorg', [1, []]);
    assert.equal((await anchoredLogs(clients.publicClient, anchor)).length, 0);
    await h.logger.waitFor(/a reorg removed our transaction/, 'warn');
    await h.metrics.waitForSubmissions(2);
    await anvilRpc(anvil.rpcUrl, 'anvil_mine', ['0x3']);
    await h.metrics.waitForHeight(4n);
    await h.submitter.stop();

    assertRanges(await anchoredLogs(clients.publicClient, anchor), source.commitments);
    assert.deepEqual(h.metrics.submissions(), ['submit', 'submit']);
    assert.deepEqual(h.metrics.failures(), ['tx_dropped']);
  } finally {
    await h.submitter.stop();
    await anvil.stop();
  }
});

test('behavior: a restart between sending and confirmation waits for the pending transaction — no duplicate, no gap', async () => {
  const { anvil, clients, anchor, source, privateKey, sender } = await manualChain('restart');
  const first = harness(anvil.rpcUrl, privateKey, anchor, source, { maxBatch: 1 });
  const second = harness(anvil.rpcUrl, privateKey, anchor, source, { maxBatch: 1 });
  let stopMiner: (() => Promise<void>) | undefined;
  try {
    await source.addPeriods(3, 4n);
    await first.submitter.start();
    await first.metrics.waitForSubmissions(1);
    await first.submitter.stop();
    assert.equal(first.submitter.status().inFlight?.nonce, 0);

    await second.submitter.start();
    await second.logger.waitFor(/pending; waiting for it/, 'warn');
    await second.metrics.events.waitFor((e) => e.name === 'skipped' && e.reason === 'own_tx_pending', 'own_tx_pending');
    assert.deepEqual(second.metrics.submissions(), []);

    stopMiner = startMiner(anvil.rpcUrl);
    await second.metrics.waitForHeight(12n);
    await second.submitter.stop();
    await stopMiner();

    assertRanges(await anchoredLogs(clients.publicClient, anchor), source.commitments);
    assert.deepEqual(second.metrics.submissions(), ['submit', 'submit']);
    assert.equal(await clients.publicClient.getTransactionCount({ address: sender, blockTag: 'latest' }), 3, 'exactly 3 transactions');
  } finally {
    await stopMiner?.();
    await first.submitter.stop();
    await second.submitter.stop();
    await anvil.stop();
  }
});

test('behavior: a transaction stuck in the pool is replaced at the same nonce with bumped fees; one is mined', async () => {
  const { anvil, clients, anchor, source, privateKey, sender } = await manualChain('stuck');
  const h = harness(anvil.rpcUrl, privateKey, anchor, source, { confirmations: 1, replaceAfterMs: 150 });
  try {
    await source.addPeriod(4n);
    await h.submitter.start();
    await h.metrics.waitForSubmissions(1);
    await h.logger.waitFor(/pending too long; replacing/);
    await h.metrics.waitForSubmissions(2);
    await anvilRpc(anvil.rpcUrl, 'anvil_mine', ['0x1']);
    await h.metrics.waitForHeight(4n);
    await h.submitter.stop();

    const logs = await anchoredLogs(clients.publicClient, anchor);
    assertRanges(logs, source.commitments);
    assert.equal(await clients.publicClient.getTransactionCount({ address: sender, blockTag: 'latest' }), 1);
    // The mined one is a replacement (there may have been several), at the same nonce, with bumped fees.
    const [original, ...replacements] = sentHashes(h.logger);
    assert.ok(replacements.includes(logs[0]!.txHash), 'a replacement was mined');
    const mined = await clients.publicClient.getTransaction({ hash: logs[0]!.txHash });
    assert.equal(mined.nonce, 0);
    const first = h.logger.entries.items.find((e) => e.fields.tx === original)!;
    assert.ok(mined.maxFeePerGas! >= ((first.fields.maxFeePerGas as bigint) * 120n) / 100n, 'fees bumped by at least 20 %');
  } finally {
    await h.submitter.stop();
    await anvil.stop();
  }
});

test('behavior: a pending transaction left by an earlier run is waited for, then replaced at its nonce', async () => {
  const { anvil, clients, anchor, source, privateKey, sender } = await manualChain('leftover');
  const h = harness(anvil.rpcUrl, privateKey, anchor, source, { confirmations: 1, replaceAfterMs: 150 });
  try {
    const c = await source.addPeriod(4n);
    // The "earlier run": the same account sent submit(c) and died before it was mined.
    const earlier = createWalletClient({ chain: foundry, transport: http(anvil.rpcUrl), account: privateKeyToAccount(privateKey) });
    const leftover = await earlier.writeContract({ address: anchor, abi: anchorAbi, functionName: 'submit', args: [c, source.signed[0]!.signatures], gas: 300_000n });
    await h.submitter.start();
    await h.logger.waitFor(/pending; waiting for it/, 'warn');
    const sent = await h.logger.waitFor(/replacing a pending transaction/);
    assert.equal(sent.fields.nonce, 0);
    await anvilRpc(anvil.rpcUrl, 'anvil_mine', ['0x1']);
    await h.metrics.waitForHeight(4n);
    await h.submitter.stop();

    const logs = await anchoredLogs(clients.publicClient, anchor);
    assertRanges(logs, source.commitments);
    assert.ok(sentHashes(h.logger).includes(logs[0]!.txHash), 'our replacement was mined');
    assert.notEqual(logs[0]!.txHash, leftover);
    assert.equal(await clients.publicClient.getTransactionCount({ address: sender, blockTag: 'latest' }), 1);
  } finally {
    await h.submitter.stop();
    await anvil.stop();
  }
});
