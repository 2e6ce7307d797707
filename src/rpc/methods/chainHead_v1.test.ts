import { test } from 'node:test';
import assert from 'node:assert/strict';
import { u8aToHex } from '@polkadot/util';
import { blake2_256, concatBytes } from '../../primitives/hashing.ts';
import { encodeHeader } from '../../primitives/header.ts';
import type { WireMessage } from '../server/testing/WsTestClient.ts';
import { SPEC_V2_LIMITS } from './specV2Sessions.ts';
import { startTestRpc, type TestRpc } from './testing/startTestRpc.ts';

type Event = Record<string, unknown> & { event: string };

/** twox128("System") ++ twox128("Number") / ("Account"). */
const SYSTEM_NUMBER = '0x26aa394eea5630e07c48ae0c9558cef702a5c1b19ab7a04f536c519aca4983ac';
const SYSTEM_ACCOUNT = '0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9';

async function withRpc(body: (rpc: TestRpc) => Promise<void>): Promise<void> {
  const rpc = await startTestRpc();
  try {
    await body(rpc);
  } finally {
    await rpc.close();
  }
}

/** Every message in arrival order (to check that operation events follow the call's response). */
function record(rpc: TestRpc): WireMessage[] {
  const log: WireMessage[] = [];
  rpc.client.ws.on('message', (data) => log.push(JSON.parse(String(data)) as WireMessage));
  return log;
}

async function follow(rpc: TestRpc, withRuntime = true): Promise<{ id: string; next: () => Promise<Event> }> {
  const id = await rpc.subscribe('chainHead_v1_follow', [withRuntime]);
  return { id, next: async () => (await rpc.notification(id)) as Event };
}

/** Events of one operation up to its final event. */
async function operationEvents(next: () => Promise<Event>, operationId: string, final: readonly string[]): Promise<Event[]> {
  const out: Event[] = [];
  for (;;) {
    const e = await next();
    if (e['operationId'] !== operationId) continue;
    out.push(e);
    if (final.includes(e.event)) return out;
  }
}

test('behavior: follow reports initialized, then newBlock, bestBlockChanged, finalized in that order', async () => {
  await withRpc(async (rpc) => {
    const genesis = u8aToHex(rpc.t.chain.genesisHash());
    const f = await follow(rpc, true);
    const init = await f.next();
    assert.equal(init.event, 'initialized');
    assert.deepEqual(init['finalizedBlockHashes'], [genesis]);
    const runtime = init['finalizedBlockRuntime'] as { type: string; spec: Record<string, unknown> & { apis: Record<string, number> } };
    assert.equal(runtime.type, 'valid');
    assert.equal(runtime.spec['specName'], 'spindle');
    assert.equal(typeof runtime.spec['specVersion'], 'number');
    assert.equal(typeof runtime.spec['transactionVersion'], 'number');
    assert.equal(runtime.spec.apis['0xdf6acb689907609b'], 5, 'Core api listed as an object entry');

    const b1 = u8aToHex((await rpc.t.produceBlock()).hash);
    assert.deepEqual(await f.next(), { event: 'newBlock', blockHash: b1, parentBlockHash: genesis, newRuntime: null });
    assert.deepEqual(await f.next(), { event: 'bestBlockChanged', bestBlockHash: b1 });
    assert.deepEqual(await f.next(), { event: 'finalized', finalizedBlockHashes: [b1], prunedBlockHashes: [] });

    const b2 = u8aToHex((await rpc.t.produceBlock({ finalize: false })).hash);
    const b3 = u8aToHex((await rpc.t.produceBlock({ finalize: false })).hash);
    assert.deepEqual(await f.next(), { event: 'newBlock', blockHash: b2, parentBlockHash: b1, newRuntime: null });
    assert.deepEqual(await f.next(), { event: 'bestBlockChanged', bestBlockHash: b2 });
    assert.deepEqual(await f.next(), { event: 'newBlock', blockHash: b3, parentBlockHash: b2, newRuntime: null });
    assert.deepEqual(await f.next(), { event: 'bestBlockChanged', bestBlockHash: b3 });
    await rpc.t.chain.finalize(rpc.t.chain.bestHash());
    // The chain announces each newly finalized block in turn.
    assert.deepEqual(await f.next(), { event: 'finalized', finalizedBlockHashes: [b2], prunedBlockHashes: [] });
    assert.deepEqual(await f.next(), { event: 'finalized', finalizedBlockHashes: [b3], prunedBlockHashes: [] });
  });
});

test('behavior: a new follower gets the finalized block, then newBlock for each unfinalized block and the best', async () => {
  await withRpc(async (rpc) => {
    const b1 = u8aToHex((await rpc.t.produceBlock()).hash);
    const b2 = u8aToHex((await rpc.t.produceBlock({ finalize: false })).hash);
    const f = await follow(rpc, false);
    const init = await f.next();
    assert.deepEqual(init, { event: 'initialized', finalizedBlockHashes: [b1] }, 'no finalizedBlockRuntime without withRuntime');
    assert.deepEqual(await f.next(), { event: 'newBlock', blockHash: b2, parentBlockHash: b1, newRuntime: null });
    assert.deepEqual(await f.next(), { event: 'bestBlockChanged', bestBlockHash: b2 });
  });
});

test('behavior: header is the SCALE header of a pinned block; body arrives after the response as operationBodyDone', async () => {
  await withRpc(async (rpc) => {
    const log = record(rpc);
    const f = await follow(rpc);
    await f.next();
    await rpc.t.backend.pool.submit(rpc.t.transfer(rpc.t.pairs.Alice, rpc.t.pairs.Bob.publicKey, 10n ** 12n, 0));
    const block = await rpc.t.produceBlock();
    const hash = u8aToHex(block.hash);
    await f.next();
    const header = (await rpc.result('chainHead_v1_header', [f.id, hash])) as string;
    assert.equal(header, u8aToHex(encodeHeader(rpc.t.chain.header(block.hash)!)));
    assert.equal(u8aToHex(blake2_256(Buffer.from(header.slice(2), 'hex'))), hash);

    const started = (await rpc.result('chainHead_v1_body', [f.id, hash])) as { result: string; operationId: string };
    assert.equal(started.result, 'started');
    const [done] = await operationEvents(f.next, started.operationId, ['operationBodyDone']);
    assert.deepEqual(done, { event: 'operationBodyDone', operationId: started.operationId, value: rpc.t.chain.body(block.hash)!.map((x) => u8aToHex(x)) });
    assert.equal((done!['value'] as string[]).length, block.extrinsics.length);
    const responseAt = log.findIndex((m) => (m.result as { operationId?: string } | undefined)?.operationId === started.operationId);
    const eventAt = log.findIndex((m) => (m.params?.result as Event | undefined)?.event === 'operationBodyDone');
    assert.ok(responseAt >= 0 && responseAt < eventAt, 'the operation event follows the response');
  });
});

test('behavior: chainHead_v1_call answers Metadata_metadata_versions, Metadata_metadata_at_version(15), validate_transaction', async () => {
  await withRpc(async (rpc) => {
    const f = await follow(rpc);
    const init = await f.next();
    const genesis = (init['finalizedBlockHashes'] as string[])[0]!;
    const call = async (fn: string, input: string): Promise<Event> => {
      const started = (await rpc.result('chainHead_v1_call', [f.id, genesis, fn, input])) as { result: string; operationId: string };
      assert.equal(started.result, 'started');
      return (await operationEvents(f.next, started.operationId, ['operationCallDone', 'operationError']))[0]!;
    };
    assert.deepEqual(await call('Metadata_metadata_versions', '0x'), { event: 'operationCallDone', operationId: '1', output: '0x080e0000000f000000' });
    const v15 = await call('Metadata_metadata_at_version', '0x0f000000');
    assert.equal(v15.event, 'operationCallDone');
    const out = v15['output'] as string;
    assert.ok(out.startsWith('0x01'), 'Some(OpaqueMetadata)');
    assert.ok(out.includes('6d6574610f'), 'contains "meta" + version 15');
    const tx = rpc.t.transfer(rpc.t.pairs.Alice, rpc.t.pairs.Bob.publicKey, 10n ** 12n, 0);
    const valid = await call('TaggedTransactionQueue_validate_transaction', u8aToHex(concatBytes(Uint8Array.of(2), tx, rpc.t.chain.genesisHash())));
    assert.equal(valid.event, 'operationCallDone');
    assert.ok((valid['output'] as string).startsWith('0x00'), 'Ok(ValidTransaction)');
    const bad = await call('No_such_api', '0x');
    assert.equal(bad.event, 'operationError');
    assert.equal(typeof bad['error'], 'string');
  });
});

test('behavior: chainHead_v1_storage answers value, hash, closestDescendantMerkleValue and descendants, then operationStorageDone', async () => {
  await withRpc(async (rpc) => {
    await rpc.t.produceBlock();
    const f = await follow(rpc);
    const init = await f.next();
    const at = (init['finalizedBlockHashes'] as string[])[0]!;
    const number = rpc.t.backend.state.storage(Buffer.from(at.slice(2), 'hex'), Buffer.from(SYSTEM_NUMBER.slice(2), 'hex'))!;
    const items = [
      { key: SYSTEM_NUMBER, type: 'value' },
      { key: SYSTEM_NUMBER, type: 'hash' },
      { key: SYSTEM_ACCOUNT, type: 'closestDescendantMerkleValue' },
      { key: SYSTEM_ACCOUNT, type: 'descendantsHashes' },
      { key: '0x00ff00ff', type: 'value' },
    ];
    const started = (await rpc.result('chainHead_v1_storage', [f.id, at, items, null])) as Record<string, unknown>;
    assert.deepEqual(started, { result: 'started', operationId: '1', discardedItems: 0 });
    const events = await operationEvents(f.next, '1', ['operationStorageDone', 'operationError']);
    assert.equal(events.at(-1)!.event, 'operationStorageDone');
    const got = events.filter((e) => e.event === 'operationStorageItems').flatMap((e) => e['items'] as Record<string, string>[]);
    assert.deepEqual(got[0], { key: SYSTEM_NUMBER, value: u8aToHex(number) });
    assert.deepEqual(got[1], { key: SYSTEM_NUMBER, hash: u8aToHex(blake2_256(number)) });
    assert.equal(got[2]!['key'], SYSTEM_ACCOUNT);
    assert.match(got[2]!['closestDescendantMerkleValue']!, /^0x[0-9a-f]{64}$/);
    const accounts = got.slice(3);
    assert.equal(accounts.length, Object.keys(rpc.t.pairs).length, 'one item per endowed account; the missing key gives none');
    for (const a of accounts) {
      assert.ok(a['key']!.startsWith(SYSTEM_ACCOUNT));
      assert.match(a['hash']!, /^0x[0-9a-f]{64}$/);
    }
  });
});

test('behavior: many storage items wait for chainHead_v1_continue; stopOperation ends an operation', async () => {
  await withRpc(async (rpc) => {
    await rpc.t.produceBlock(); // System.Number exists from block 1 on
    const f = await follow(rpc);
    const at = ((await f.next())['finalizedBlockHashes'] as string[])[0]!;
    const count = SPEC_V2_LIMITS.storageItemsPerPage + 6;
    const items = Array.from({ length: count }, () => ({ key: SYSTEM_NUMBER, type: 'value' }));
    const { operationId } = (await rpc.result('chainHead_v1_storage', [f.id, at, items, null])) as { operationId: string };
    const first = await operationEvents(f.next, operationId, ['operationWaitingForContinue']);
    assert.deepEqual(first.map((e) => e.event), ['operationStorageItems', 'operationWaitingForContinue']);
    assert.equal((first[0]!['items'] as unknown[]).length, SPEC_V2_LIMITS.storageItemsPerPage);
    assert.equal(await rpc.result('chainHead_v1_continue', [f.id, operationId]), null);
    const rest = await operationEvents(f.next, operationId, ['operationStorageDone']);
    assert.deepEqual(rest.map((e) => e.event), ['operationStorageItems', 'operationStorageDone']);
    assert.equal((rest[0]!['items'] as unknown[]).length, 6);

    const second = (await rpc.result('chainHead_v1_storage', [f.id, at, items, null])) as { operationId: string };
    await operationEvents(f.next, second.operationId, ['operationWaitingForContinue']);
    assert.equal(await rpc.result('chainHead_v1_stopOperation', [f.id, second.operationId]), null);
    assert.equal((await rpc.error('chainHead_v1_continue', [f.id, second.operationId])).code, -32803);
    assert.equal(await rpc.result('chainHead_v1_stopOperation', [f.id, 'nope']), null, 'unknown operation ids are ignored');
  });
});

test('error: the spec error cases of chainHead_v1 methods', async () => {
  await withRpc(async (rpc) => {
    const f = await follow(rpc, false);
    const genesis = ((await f.next())['finalizedBlockHashes'] as string[])[0]!;
    const unknown = `0x${'11'.repeat(32)}`;
    // Invalid or stale followSubscription → null, never an error.
    for (const m of ['chainHead_v1_header', 'chainHead_v1_body']) assert.equal(await rpc.result(m, ['nope', genesis]), null);
    assert.equal(await rpc.result('chainHead_v1_call', ['nope', genesis, 'Core_version', '0x']), null);
    assert.equal(await rpc.result('chainHead_v1_storage', ['nope', genesis, [], null]), null);
    assert.equal(await rpc.result('chainHead_v1_unpin', ['nope', unknown]), null);
    assert.equal(await rpc.result('chainHead_v1_continue', ['nope', '1']), null);
    // A block this subscription did not report → -32801.
    assert.deepEqual(await rpc.error('chainHead_v1_header', [f.id, unknown]), { code: -32801, message: 'Invalid block hash' });
    assert.equal((await rpc.error('chainHead_v1_body', [f.id, unknown])).code, -32801);
    assert.equal((await rpc.error('chainHead_v1_unpin', [f.id, [genesis, unknown]])).code, -32801);
    // Duplicates → -32804, and nothing was unpinned.
    assert.equal((await rpc.error('chainHead_v1_unpin', [f.id, [genesis, genesis]])).code, -32804);
    assert.equal(typeof (await rpc.result('chainHead_v1_header', [f.id, genesis])), 'string');
    // withRuntime false → call is -32802.
    assert.equal((await rpc.error('chainHead_v1_call', [f.id, genesis, 'Core_version', '0x'])).code, -32802);
    // Continue of an operation that does not wait → -32803.
    assert.equal((await rpc.error('chainHead_v1_continue', [f.id, '42'])).code, -32803);
    // Wrong types → -32602.
    assert.equal((await rpc.error('chainHead_v1_follow', ['yes'])).code, -32602);
    assert.equal((await rpc.error('chainHead_v1_storage', [f.id, genesis, [{ key: '0x00', type: 'everything' }], null])).code, -32602);
    assert.equal((await rpc.error('chainHead_v1_unpin', [f.id, 'zz'])).code, -32602);
    // Unpinned blocks are gone for this subscription.
    assert.equal(await rpc.result('chainHead_v1_unpin', [f.id, genesis]), null);
    assert.equal((await rpc.error('chainHead_v1_header', [f.id, genesis])).code, -32801);
    assert.equal((await rpc.error('chainHead_v1_unpin', [f.id, genesis])).code, -32801);
    // Follow limit per connection → -32800; unfollow makes the id stale.
    const second = await rpc.subscribe('chainHead_v1_follow', [false]);
    assert.equal((await rpc.error('chainHead_v1_follow', [false])).code, -32800);
    await rpc.result('chainHead_v1_unfollow', [second]);
    assert.equal(await rpc.result('chainHead_v1_header', [second, genesis]), null);
    assert.equal(typeof (await rpc.subscribe('chainHead_v1_follow', [false])), 'string', 'room again after unfollow');
  });
});

test('behavior: a follower that never unpins gets stop once over the pin limit; one that unpins keeps following', async () => {
  await withRpc(async (rpc) => {
    const lazy = await follow(rpc, false);
    const diligent = await follow(rpc, false);
    await lazy.next();
    const init = await diligent.next();
    let pinned = init['finalizedBlockHashes'] as string[];
    const lazyEvents: Event[] = [];
    for (let i = 0; i < SPEC_V2_LIMITS.maxPinnedBlocks + 8; i++) {
      await rpc.t.produceBlock();
      // The diligent follower unpins everything below the newly finalized block.
      for (;;) {
        const e = await diligent.next();
        assert.notEqual(e.event, 'stop');
        if (e.event !== 'finalized') continue;
        const finalized = e['finalizedBlockHashes'] as string[];
        await rpc.result('chainHead_v1_unpin', [diligent.id, pinned]);
        pinned = finalized.slice(-1);
        await rpc.result('chainHead_v1_unpin', [diligent.id, finalized.slice(0, -1)]);
        break;
      }
    }
    for (;;) {
      const e = await lazy.next();
      lazyEvents.push(e);
      if (e.event === 'stop') break;
    }
    assert.equal(lazyEvents.filter((e) => e.event === 'newBlock').length, SPEC_V2_LIMITS.maxPinnedBlocks - 1);
    assert.deepEqual(lazyEvents.at(-1), { event: 'stop' });
    assert.equal(await rpc.result('chainHead_v1_header', [lazy.id, pinned[0]]), null, 'the stopped subscription is stale');
    assert.equal(typeof (await rpc.result('chainHead_v1_header', [diligent.id, pinned[0]])), 'string');
  });
});
