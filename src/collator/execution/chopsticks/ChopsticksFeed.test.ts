import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { AccountInfo } from '@polkadot/types/interfaces';
import { hexToU8a, stringToU8a, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import type { OrderedSlice } from '../../ParaTransaction.ts';
import { ChopsticksFeed } from './ChopsticksFeed.ts';
import type { ChopsticksExecutionReport } from './ChopsticksFeed.ts';
import { ChopsticksFeedError } from './ChopsticksFeedError.ts';
import { devAppChainGenesis, SNAPSHOT_RUNTIME_SIGNED_EXTENSIONS } from './devAppChainGenesis.ts';
import type { DevAppChain } from './devAppChainGenesis.ts';
import { startChopsticks } from './startChopsticks.ts';
import type { RunningChopsticks } from './startChopsticks.ts';
import { stateFingerprint } from './stateFingerprint.ts';

await cryptoWaitReady();
const UNIT = 10n ** 12n;
const sr = new Keyring({ type: 'sr25519' });
const [alice, bob, charlie, dave, eve, ferdie] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'].map((suri) => sr.addFromUri(suri)) as [
  KeyringPair,
  KeyringPair,
  KeyringPair,
  KeyringPair,
  KeyringPair,
  KeyringPair,
];
/** ed25519: deterministic signatures, so replayed marker remarks are byte-identical. */
const markerSigner = new Keyring({ type: 'ed25519' }).addFromUri('//SpindleFeed');

const logDir = mkdtempSync(join(tmpdir(), 'spindle-chopsticks-feed-'));
let dev: DevAppChain;
let chain: RunningChopsticks | undefined;
let feed: ChopsticksFeed | undefined;
/** A second chain from the same genesis, starting in the background; it replays `history` at the end. */
let replicaStarting: Promise<{ chain: RunningChopsticks; feed: ChopsticksFeed }> | undefined;
/** Every slice the shared chain executed, in order, with its report. */
const history: { readonly slice: OrderedSlice; readonly report: ChopsticksExecutionReport }[] = [];

/** A chopsticks process and a feed over it (Eve is not endowed: she owns nothing until someone pays her). */
async function openChain(logName: string): Promise<{ chain: RunningChopsticks; feed: ChopsticksFeed }> {
  const started = await startChopsticks({ genesis: dev.genesis, logFile: join(logDir, logName) });
  try {
    const opened = await ChopsticksFeed.connect({
      endpoint: started.endpoint,
      paraId: dev.paraId,
      marker: { signer: markerSigner },
      signedExtensions: SNAPSHOT_RUNTIME_SIGNED_EXTENSIONS,
    });
    return { chain: started, feed: opened };
  } catch (e) {
    await started.stop();
    throw e;
  }
}

before(async () => {
  dev = await devAppChainGenesis({
    endowed: ['//Alice', '//Bob', '//Charlie', '//Dave', '//Ferdie'],
    accounts: [{ publicKey: markerSigner.publicKey, free: 1_000n * UNIT }],
  });
  ({ chain, feed } = await openChain('shared.log'));
  replicaStarting = openChain('replica.log');
  replicaStarting.catch(() => undefined); // awaited (and its failure reported) by the replay test
});

after(async () => {
  await feed?.close();
  await chain?.stop();
  const replica = await replicaStarting?.catch(() => undefined);
  await replica?.feed.close();
  await replica?.chain.stop();
  rmSync(logDir, { recursive: true, force: true });
});

/** Executes a slice on the shared chain and records it for the replay. */
async function run(each: OrderedSlice): Promise<ChopsticksExecutionReport> {
  const report = await feed!.execute(each);
  history.push({ slice: each, report });
  return report;
}

function slice(relayBlockNumber: bigint, payloads: readonly Uint8Array[]): OrderedSlice {
  return { paraId: dev.paraId, relayBlockNumber, relayBlockHash: blake2AsU8a(stringToU8a(`relay ${relayBlockNumber}`)), payloads };
}

/** An immortal signed extrinsic, encoded as `author_submitExtrinsic` takes it. */
async function signed(call: SubmittableExtrinsic<'promise'>, signer: KeyringPair, nonce: number): Promise<Uint8Array> {
  return (await call.signAsync(signer, { nonce, era: 0 })).toU8a();
}

async function freeOf(api: ApiPromise, who: KeyringPair): Promise<bigint> {
  const account = (await api.query['system']!['account']!(who.address)) as unknown as AccountInfo;
  return account.data.free.toBigInt();
}

async function headNumber(api: ApiPromise): Promise<bigint> {
  return (await api.rpc.chain.getHeader()).number.toBigInt();
}

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

test('behavior: a signed remarkWithEvent and a transfer execute in relay order in one app block, with their events', async () => {
  const { api } = feed!;
  const remark = await signed(api.tx['system']!['remarkWithEvent']!('hello spindle'), alice, 0);
  const transfer = await signed(api.tx['balances']!['transferKeepAlive']!(bob.address, 7n * UNIT), alice, 1);
  const bobBefore = await freeOf(api, bob);
  const parent = await headNumber(api);

  const report = await run(slice(10n, [remark, transfer]));

  assert.equal(report.blocks.length, 1);
  const [block] = report.blocks;
  assert.equal(block!.number, parent + 1n);
  assert.equal(u8aToHex(block!.hash), (await api.rpc.chain.getHeader()).hash.toHex());
  assert.deepEqual(block!.positions, [
    { relayBlockNumber: 10n, index: 0 },
    { relayBlockNumber: 10n, index: 1 },
  ]);
  assert.deepEqual(report.skipped, []);
  assert.equal(report.markerIncluded, true);
  assert.deepEqual(
    report.outcomes.map(({ status }) => status),
    ['dispatched', 'dispatched'],
  );
  assert.ok(report.outcomes[0]!.events.includes('system.Remarked'), report.outcomes[0]!.events.join());
  assert.ok(report.outcomes[1]!.events.includes('balances.Transfer'), report.outcomes[1]!.events.join());
  assert.ok(report.outcomes[0]!.extrinsicIndex! < report.outcomes[1]!.extrinsicIndex!);
  assert.equal((await freeOf(api, bob)) - bobBefore, 7n * UNIT);
  assert.deepEqual(await feed!.head(), { relayBlockNumber: 10n, appBlockNumber: block!.number, appBlockHash: block!.hash });
});

test('behavior: an empty slice builds no app block; the head moves to its relay block', async () => {
  const { api } = feed!;
  const before = await api.rpc.chain.getHeader();
  const report = await run(slice(11n, []));
  assert.deepEqual(report, { blocks: [], skipped: [], outcomes: [] });
  assert.equal((await api.rpc.chain.getHeader()).hash.toHex(), before.hash.toHex());
  assert.deepEqual(await feed!.head(), { relayBlockNumber: 11n, appBlockNumber: before.number.toBigInt(), appBlockHash: before.hash.toU8a() });
  assert.deepEqual(await feed!.flush(), { blocks: [], skipped: [], outcomes: [] });
});

test('behavior: a new feed reads the relay position back from the marker remark in the chain', async () => {
  const restarted = await ChopsticksFeed.connect({
    endpoint: chain!.endpoint,
    paraId: dev.paraId,
    marker: { signer: markerSigner },
    signedExtensions: SNAPSHOT_RUNTIME_SIGNED_EXTENSIONS,
  });
  try {
    const head = await restarted.head();
    const tip = await restarted.api.rpc.chain.getHeader();
    // The last non-empty slice (relay 10) is in the chain; the empty slice 11 left no trace.
    assert.deepEqual(head, { relayBlockNumber: 10n, appBlockNumber: tip.number.toBigInt(), appBlockHash: tip.hash.toU8a() });
    await assert.rejects(restarted.execute(slice(10n, [])), (e: unknown) => e instanceof ChopsticksFeedError && e.code === 'ALREADY_EXECUTED');
  } finally {
    await restarted.close();
  }
  await assert.rejects(restarted.head(), (e: unknown) => e instanceof ChopsticksFeedError && e.code === 'CLOSED');
});

test('error: connecting to another para, or to nothing, is refused with a code', async () => {
  await assert.rejects(
    ChopsticksFeed.connect({ endpoint: chain!.endpoint, paraId: dev.paraId + 1, signedExtensions: SNAPSHOT_RUNTIME_SIGNED_EXTENSIONS }),
    (e: unknown) => e instanceof ChopsticksFeedError && e.code === 'WRONG_PARA' && e.data.paraId === dev.paraId,
  );
  await assert.rejects(
    ChopsticksFeed.connect({ endpoint: 'ws://127.0.0.1:1', paraId: dev.paraId }),
    (e: unknown) => e instanceof ChopsticksFeedError && e.code === 'CONNECT_FAILED',
  );
});

test('error: a slice of another para, or of a relay block already executed, is refused', async () => {
  await assert.rejects(feed!.execute(slice(11n, [])), (e: unknown) => e instanceof ChopsticksFeedError && e.code === 'ALREADY_EXECUTED');
  await assert.rejects(feed!.execute({ ...slice(12n, []), paraId: dev.paraId + 1 }), (e: unknown) => e instanceof ChopsticksFeedError && e.code === 'WRONG_PARA');
});

test('behavior: garbage, a bad signature, a stale nonce, a truncated payload, a duplicate and an inherent are skipped and reported; the rest executes', async () => {
  const { api } = feed!;
  const bobRemark = await signed(api.tx['system']!['remarkWithEvent']!('from bob'), bob, 0);
  const badSignature = bobRemark.slice();
  const signature = api.createType('Extrinsic', bobRemark).signature.toU8a();
  const at = Buffer.from(badSignature).indexOf(Buffer.from(signature));
  assert.ok(at > 0);
  badSignature[at + 5]! ^= 0xff;
  const stale = await signed(api.tx['system']!['remark']!('again'), alice, 0);
  const charlieRemark = await signed(api.tx['system']!['remark']!('from charlie'), charlie, 0);
  const tooMuch = await signed(api.tx['balances']!['transferKeepAlive']!(charlie.address, 10n ** 30n), dave, 0);
  // An unsigned inherent: the runtime panics on a second `timestamp.set` in a block.
  const inherent = api.tx['timestamp']!['set']!(1).toU8a();
  const payloads = [hexToU8a('0xdeadbeef'), badSignature, bobRemark, stale, charlieRemark.subarray(0, -1), tooMuch, bobRemark, inherent];

  const report = await run(slice(12n, payloads));

  assert.deepEqual(
    report.skipped.map(({ index, reason }) => [index, reason.startsWith('undecodable') ? 'undecodable' : reason]),
    [
      [0, 'undecodable'],
      [1, 'bad signature'],
      [3, 'stale nonce'],
      [4, 'undecodable'],
      [6, 'stale nonce'],
      [7, 'inherent not allowed'],
    ],
  );
  assert.ok(report.skipped.every(({ relayBlockNumber }) => relayBlockNumber === 12n));
  assert.deepEqual(report.blocks[0]!.positions, [
    { relayBlockNumber: 12n, index: 2 },
    { relayBlockNumber: 12n, index: 5 },
  ]);
  assert.equal(report.outcomes[2]!.status, 'dispatched');
  assert.ok(report.outcomes[2]!.events.includes('system.Remarked'));
  // Included and charged, but the call failed: not skipped.
  assert.equal(report.outcomes[5]!.status, 'failed');
  assert.ok(report.outcomes[5]!.events.includes('system.ExtrinsicFailed'));
  assert.ok(report.outcomes[5]!.error !== undefined && report.outcomes[5]!.error.length > 0);
});

test('behavior: conflicting transfers: what a payload does depends on the relay order (Eve pays Charlie what Ferdie pays her)', async () => {
  const { api } = feed!;
  // Eve owns nothing: she can only pay Charlie once Ferdie has paid her.
  const fund = await signed(api.tx['balances']!['transferKeepAlive']!(eve.address, 10n * UNIT), ferdie, 0);
  const spend = await signed(api.tx['balances']!['transferKeepAlive']!(charlie.address, 5n * UNIT), eve, 0);
  const charlieBefore = await freeOf(api, charlie);

  // Relay order "spend, fund": the runtime refuses Eve's transfer, Ferdie's goes through.
  const spendFirst = await run(slice(20n, [spend, fund]));
  assert.deepEqual(spendFirst.skipped, [{ relayBlockNumber: 20n, index: 0, reason: 'cannot pay fees' }]);
  assert.equal(spendFirst.outcomes[1]!.status, 'dispatched');
  assert.equal(await freeOf(api, eve), 10n * UNIT);
  assert.equal(await freeOf(api, charlie), charlieBefore);

  // The very same bytes, ordered after the funding: now Eve pays Charlie.
  const spendAfter = await run(slice(21n, [spend]));
  assert.deepEqual(spendAfter.skipped, []);
  assert.ok(spendAfter.outcomes[0]!.events.includes('balances.Transfer'));
  assert.equal((await freeOf(api, charlie)) - charlieBefore, 5n * UNIT);
  const eveAfter = await freeOf(api, eve);
  assert.ok(eveAfter < 5n * UNIT, `Eve paid 5 and the fee out of 10: ${eveAfter}`);
});

test('behavior: replaying the same ordered slices on a fresh chopsticks gives the same reports, blocks and state', async () => {
  assert.ok(history.length >= 5);
  const replica = await replicaStarting!;
  const replayed: ChopsticksExecutionReport[] = [];
  for (const { slice: each } of history) replayed.push(await replica.feed.execute(each));
  // Same outcomes, skipped reasons, app block numbers and hashes, slice for slice.
  assert.deepEqual(
    replayed,
    history.map(({ report }) => report),
  );
  const tip = (await feed!.api.rpc.chain.getHeader()).hash.toHex();
  assert.equal((await replica.feed.api.rpc.chain.getHeader()).hash.toHex(), tip);
  assert.deepEqual(await replica.feed.head(), await feed!.head());
  const [shared, replay] = await Promise.all([stateFingerprint(chain!.rpc, tip), stateFingerprint(replica.chain.rpc, tip)]);
  assert.equal(shared, replay);
  // The fingerprint does see state: the block before differs.
  const firstBlock = u8aToHex(history[0]!.report.blocks[0]!.hash);
  assert.notEqual(shared, await stateFingerprint(chain!.rpc, firstBlock));
});

test('behavior: stop leaves no chopsticks process, and is safe twice; the feed then fails with a code', async () => {
  const running = chain!;
  const payload = await signed(feed!.api.tx['system']!['remark']!('late'), alice, 9);
  await running.stop();
  assert.ok(isGone(running.pid), `pid ${running.pid} still exists`);
  await running.stop();
  await assert.rejects(feed!.execute(slice(30n, [payload])), (e: unknown) => e instanceof ChopsticksFeedError && e.code === 'RPC_FAILED');
  await feed!.close();
  await assert.rejects(feed!.execute(slice(31n, [])), (e: unknown) => e instanceof ChopsticksFeedError && e.code === 'CLOSED');
  const replica = await replicaStarting!;
  await replica.feed.close();
  await replica.chain.stop();
  assert.ok(isGone(replica.chain.pid));
});
