import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiPromise } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { initHashing } from '../../primitives/hashing.ts';
import { WsTestClient } from '../../rpc/server/testing/WsTestClient.ts';
import { connectApi } from '../../testing/connectApi.ts';
import { spawnNode, type SpawnedNode } from '../../testing/spawnNode.ts';
import { createTempDir, type TempDir } from '../../store/tempStoreDir.ts';
import { CandidateStore } from './CandidateStore.ts';
import { Collator } from './Collator.ts';
import { PolkadotApiConnector } from '../connectors/PolkadotApiConnector.ts';
import { devPairs } from '../../testing/devAccounts.ts';
import { submitAndFinalize } from '../../testing/submitAndFinalize.ts';
import { Keyring } from '@polkadot/keyring';
import type { Logger } from '../../rpc/server/index.ts';
import { payloadHash } from './payloadHash.ts';
import { collatorKey, payloadTag, taggedPayload } from './collatorTestKit.fixture.ts';
import { finalizedNumber, readParaPayloads, waitForFinalized, waitForParaPayloads, withPrefix } from './relayPayloads.fixture.ts';

const PARA = 100;
let relay: SpawnedNode;
let api: ApiPromise;
const dirs: TempDir[] = [];

before(async () => {
  await Promise.all([cryptoWaitReady(), initHashing()]);
  relay = await spawnNode(['--dev', '--block-time', '250']);
  api = await connectApi(relay.wsUrl);
});

after(async () => {
  await api?.disconnect();
  await relay?.stop();
  for (const d of dirs) await d.remove();
});

/** Resolves once the collator has settled everything it queued (checked at each of its sequenced events). */
function queueDrained(collator: Collator): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (collator.status().queued === 0) {
        off();
        resolve();
      }
    };
    const off = collator.onSequenced(check);
    check();
  });
}

async function newDir(): Promise<string> {
  const d = await createTempDir('spindle-collator-');
  dirs.push(d);
  return d.path;
}

test('behavior: payloads submitted over ws JSON-RPC end up in finalized relay blocks in submission order, each once', async () => {
  const collator = new Collator({ paraId: PARA, relayUrl: relay.wsUrl, signer: collatorKey(), dataDir: await newDir(), pollIntervalMs: 200 });
  const { rpcPort } = await collator.start();
  const client = await WsTestClient.connect(`ws://127.0.0.1:${rpcPort}`);
  try {
    const from = (await finalizedNumber(api)) + 1;
    const tag = payloadTag();
    const payloads = Array.from({ length: 30 }, (_, i) => taggedPayload(tag, i));
    for (const [i, p] of payloads.entries()) {
      const answer = await client.call('author_submitExtrinsic', [p]);
      assert.match(String(answer.result), /^0x[0-9a-f]{64}$/, `payload ${i}: ${JSON.stringify(answer.error)}`);
      if (i === 3) {
        const again = await client.call('author_submitExtrinsic', [payloads[1]]);
        assert.equal(again.error?.code, 1013);
        assert.equal(again.error?.message, 'Transaction Already Imported');
      }
    }
    const seen = await waitForParaPayloads(api, PARA, from, (all) => withPrefix(all, tag).length >= payloads.length);
    assert.deepEqual(withPrefix(seen, tag), payloads);
    assert.ok(seen.every((p) => p.method === 'submitCandidate'));

    // A duplicate of something already sequenced is refused too (dedup against recent blocks).
    const late = await client.call('author_submitExtrinsic', [payloads[0]]);
    assert.equal(late.error?.code, 1013);
  } finally {
    await client.close();
    await collator.stop();
  }
});

test('error: the collator RPC refuses bad hex, empty and oversized transactions with clear messages', async () => {
  const collator = new Collator({ paraId: PARA, relayUrl: relay.wsUrl, signer: collatorKey(), dataDir: await newDir() });
  const { rpcPort } = await collator.start();
  const client = await WsTestClient.connect(`ws://127.0.0.1:${rpcPort}`);
  try {
    const limit = Number(api.consts['sequencer']!['maxPayloadBytes']!.toString());
    const badHex = await client.call('author_submitExtrinsic', ['0x123']);
    assert.equal(badHex.error?.code, -32602);
    assert.match(badHex.error?.message ?? '', /param 0 \(extrinsic\) must be 0x-prefixed hex bytes/);
    const notString = await client.call('author_submitExtrinsic', [42]);
    assert.equal(notString.error?.code, -32602);
    const empty = await client.call('author_submitExtrinsic', ['0x']);
    assert.deepEqual(empty.error, { code: 1010, message: 'Invalid Transaction', data: 'empty transaction: the relay sequences no empty payloads' });
    const big = await client.call('author_submitExtrinsic', [`0x${'00'.repeat(limit + 1)}`]);
    assert.deepEqual(big.error, { code: 1010, message: 'Invalid Transaction', data: `transaction of ${limit + 1} bytes exceeds the relay's Sequencer.MaxPayloadBytes (${limit})` });
    assert.deepEqual((await client.call('author_pendingExtrinsics')).result, []);
    const status = (await client.call('collator_status')).result as { paraId: number; queued: number };
    assert.equal(status.paraId, PARA);
    assert.equal(status.queued, 0);
    // Over HTTP on the same port too.
    const res = await fetch(`http://127.0.0.1:${rpcPort}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'author_submitExtrinsic', params: ['0x'] }) });
    assert.equal(((await res.json()) as { error: { code: number } }).error.code, 1010);
  } finally {
    await client.close();
    await collator.stop();
  }
});

test('behavior: a queue larger than one candidate is split to the runtime\'s count and byte limits, order kept', async () => {
  const limits = {
    payloads: Number(api.consts['sequencer']!['maxCandidatePayloads']!.toString()),
    bytes: Number(api.consts['sequencer']!['maxCandidateBytes']!.toString()),
    payloadBytes: Number(api.consts['sequencer']!['maxPayloadBytes']!.toString()),
  };
  const tag = payloadTag();
  const small = Array.from({ length: limits.payloads + 6 }, (_, i) => taggedPayload(tag, i, 12));
  const big = Array.from({ length: 20 }, (_, i) => taggedPayload(tag, small.length + i, limits.payloadBytes - 5000));
  const payloads = [...small, ...big];
  const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
  assert.ok(big.reduce((n, p) => n + bytes(p).length, 0) > limits.bytes);

  // Queue everything before the collator runs, so its first candidate would hold it all.
  const dir = await newDir();
  const store = CandidateStore.open(dir, { paraId: PARA });
  const outcomes = await store.accept(payloads.map((p) => ({ hash: payloadHash(bytes(p)), payload: bytes(p) })), 100_000);
  assert.ok(outcomes.every((o) => o === 'accepted'));
  await store.close();

  const from = (await finalizedNumber(api)) + 1;
  const collator = new Collator({ paraId: PARA, relayUrl: relay.wsUrl, signer: collatorKey(), dataDir: dir });
  await collator.start();
  try {
    const seen = await waitForParaPayloads(api, PARA, from, (all) => withPrefix(all, tag).length >= payloads.length);
    const ours = seen.filter((p) => p.payload.startsWith(tag));
    assert.deepEqual(ours.map((p) => p.payload), payloads);
    const candidates = new Map<string, string[]>();
    for (const p of ours) candidates.set(`${p.block}/${p.extrinsic}`, [...(candidates.get(`${p.block}/${p.extrinsic}`) ?? []), p.payload]);
    assert.ok(candidates.size >= 3, `expected at least 3 candidates, got ${candidates.size}`);
    for (const [at, list] of candidates) {
      assert.ok(list.length <= limits.payloads, `${at}: ${list.length} payloads`);
      assert.ok(list.reduce((n, p) => n + bytes(p).length, 0) <= limits.bytes, `${at}: over MaxCandidateBytes`);
    }
    assert.equal([...candidates.values()][0]!.length, limits.payloads);
    await queueDrained(collator);
  } finally {
    await collator.stop();
  }
});

test('behavior: @polkadot/api pointed at the collator signs against the app chain; its transactions and the app node\'s pending ones are sequenced once', async () => {
  const appNode = await spawnNode(['--dev']);
  const collator = new Collator({
    paraId: PARA,
    relayUrl: relay.wsUrl,
    signer: collatorKey(),
    dataDir: await newDir(),
    connector: new PolkadotApiConnector({ url: appNode.wsUrl }),
    pollIntervalMs: 200,
  });
  let viaCollator: ApiPromise | undefined;
  let direct: ApiPromise | undefined;
  try {
    const { rpcPort } = await collator.start();
    const from = (await finalizedNumber(api)) + 1;
    const { Alice, Bob, Dave } = devPairs();

    // A wallet's view: everything it reads comes from the app chain through the collator.
    viaCollator = await connectApi(`ws://127.0.0.1:${rpcPort}`);
    direct = await connectApi(appNode.wsUrl);
    assert.equal(viaCollator.genesisHash.toHex(), direct.genesisHash.toHex());
    const tx = viaCollator.tx.balances.transferKeepAlive(Bob.address, 1_000_000_000_000n);
    const hash = await tx.signAndSend(Alice);
    assert.equal(hash.toHex(), tx.hash.toHex());
    assert.equal((await direct.rpc.author.pendingExtrinsics()).length, 0); // it went to the collator, not the node

    // A transaction waiting in the app node's own pool (a future nonce) is picked up by polling.
    const nonce = (await direct.rpc.system.accountNextIndex(Dave.address)).toNumber() + 3;
    const pendingTx = await direct.tx.balances.transferKeepAlive(Bob.address, 1_000_000_000_000n).signAsync(Dave, { nonce });
    await direct.rpc.author.submitExtrinsic(pendingTx);

    const wanted = [tx.toHex(), pendingTx.toHex()];
    const seen = await waitForParaPayloads(api, PARA, from, (all) => wanted.every((w) => all.some((p) => p.payload === w)));
    // The pending one stays in the node's pool and is polled again and again: it must not be sequenced twice.
    const settledAt = Math.max(...seen.filter((p) => wanted.includes(p.payload)).map((p) => p.block));
    await waitForFinalized(api, settledAt + 10);
    const all = await readParaPayloads(api, PARA, from, settledAt + 10);
    for (const w of wanted) assert.equal(all.filter((p) => p.payload === w).length, 1, w);
    assert.deepEqual((await direct.rpc.author.pendingExtrinsics()).map((x) => x.toHex()), [pendingTx.toHex()]);
  } finally {
    await viaCollator?.disconnect();
    await direct?.disconnect();
    await collator.stop();
    await appNode.stop();
  }
});

/** A logger that lets a test wait for a message (event-driven). */
function watchingLogger(): Logger & { next(message: string): Promise<Readonly<Record<string, unknown>> | undefined> } {
  const waiters: { message: string; resolve: (f: Readonly<Record<string, unknown>> | undefined) => void }[] = [];
  const at = (message: string, fields?: Readonly<Record<string, unknown>>): void => {
    for (const w of waiters.filter((x) => x.message === message)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(fields);
    }
  };
  return { debug: at, info: at, warn: at, error: at, next: (message) => new Promise((resolve) => waiters.push({ message, resolve })) };
}

test('behavior: a candidate the relay refuses on its first send (signer cannot pay) is signed anew until it goes through; nothing is lost', async () => {
  const poor = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(`//${payloadTag()}`);
  const logger = watchingLogger();
  const collator = new Collator({ paraId: PARA, relayUrl: relay.wsUrl, signer: poor, dataDir: await newDir(), logger, backoff: { initialMs: 100, maxMs: 500 } });
  await collator.start();
  try {
    const from = (await finalizedNumber(api)) + 1;
    const tag = payloadTag();
    const payloads = Array.from({ length: 3 }, (_, i) => taggedPayload(tag, i));
    const refused = logger.next('relay refused a new candidate; signing it anew');
    for (const p of payloads) await collator.gatherer.submit(Uint8Array.from(Buffer.from(p.slice(2), 'hex')));
    const fields = await refused;
    assert.match(String(fields?.['reason']), /^1010: Invalid Transaction/);
    assert.equal(collator.status().queued, 3);
    await logger.next('relay refused a new candidate; signing it anew'); // and again, with backoff

    await submitAndFinalize(api, api.tx.balances.transferKeepAlive(poor.address, 10n ** 15n), devPairs().Alice);
    await assertSequencedOnce(from, tag, payloads);
  } finally {
    await collator.stop();
  }
});

async function assertSequencedOnce(from: number, tag: string, payloads: readonly string[]): Promise<void> {
  const seen = await waitForParaPayloads(api, PARA, from, (all) => withPrefix(all, tag).length >= payloads.length);
  const last = Math.max(...seen.map((p) => p.block));
  await waitForFinalized(api, last + 5);
  assert.deepEqual(withPrefix(await readParaPayloads(api, PARA, from, last + 5), tag), payloads);
}
