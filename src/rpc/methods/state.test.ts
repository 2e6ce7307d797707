import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Metadata } from '@polkadot/types';
import type { RuntimeVersion } from '@polkadot/types/interfaces';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { blake2_256 } from '../../primitives/hashing.ts';
import { systemStorage } from '../../runtime/pallets/system.ts';
import { verifyReadProof } from '../../runtime/trie/index.ts';
import { startTestRpc, type TestRpc } from './testing/startTestRpc.ts';

let rpc: TestRpc;
let genesis: string;
let block1: string;
const accountKey = (who: Uint8Array): string => u8aToHex(systemStorage.account.key(who));
let ACCOUNT_PREFIX: string;
const MISSING = '0x00c0ffee';
const UNKNOWN_HASH = `0x${'ab'.repeat(32)}`;

before(async () => {
  rpc = await startTestRpc();
  ACCOUNT_PREFIX = u8aToHex(systemStorage.account.prefix());
  genesis = u8aToHex(rpc.t.chain.genesisHash());
  await rpc.t.backend.pool.submit(rpc.t.transfer(rpc.t.pairs.Alice, rpc.t.pairs.Bob.publicKey, 10n ** 12n, 0));
  block1 = u8aToHex((await rpc.t.produceBlock()).hash);
});
after(() => rpc.close());

test('behavior: state_getStorage reads values at the best block or at `at`; missing → null', async () => {
  const alice = accountKey(rpc.t.pairs.Alice.publicKey);
  const now = await rpc.result('state_getStorage', [alice]);
  const before = await rpc.result('state_getStorage', [alice, genesis]);
  assert.equal(typeof now, 'string');
  assert.notEqual(now, before);
  assert.equal(now, u8aToHex(rpc.t.chain.storage(rpc.t.chain.bestHash(), hexToU8a(alice))));
  assert.equal(await rpc.result('state_getStorageAt', [alice, genesis]), before);
  assert.equal(await rpc.result('state_getStorage', [MISSING]), null);
});

test('behavior: state_getStorageHash is blake2-256 of the value; state_getStorageSize its length', async () => {
  const key = accountKey(rpc.t.pairs.Alice.publicKey);
  const value = hexToU8a((await rpc.result('state_getStorage', [key])) as string);
  assert.equal(await rpc.result('state_getStorageHash', [key]), u8aToHex(blake2_256(value)));
  assert.equal(await rpc.result('state_getStorageSize', [key, block1]), value.length);
  assert.equal(await rpc.result('state_getStorageHashAt', [MISSING, block1]), null);
  assert.equal(await rpc.result('state_getStorageSizeAt', [MISSING]), null);
});

test('behavior: state_getKeys lists every key under a prefix in byte order', async () => {
  const keys = (await rpc.result('state_getKeys', [ACCOUNT_PREFIX])) as string[];
  const expected = Object.values(rpc.t.pairs).map((p) => accountKey(p.publicKey)).sort();
  assert.deepEqual(keys, expected);
});

test('behavior: state_getKeysPaged pages through keys strictly after startKey', async () => {
  const all = (await rpc.result('state_getKeys', [ACCOUNT_PREFIX])) as string[];
  const page1 = (await rpc.result('state_getKeysPaged', [ACCOUNT_PREFIX, 4])) as string[];
  const page2 = (await rpc.result('state_getKeysPaged', [ACCOUNT_PREFIX, 4, page1.at(-1)])) as string[];
  assert.deepEqual(page1, all.slice(0, 4));
  assert.deepEqual(page2, all.slice(4));
  assert.deepEqual(await rpc.result('state_getKeysPagedAt', [ACCOUNT_PREFIX, 0, null, genesis]), []);
  const everything = (await rpc.result('state_getKeysPaged', [null, 1000])) as string[];
  assert.ok(everything.length > all.length);
  assert.deepEqual([...everything].sort(), everything);
});

test('error: state_getKeysPaged count above 1000 is Substrate\'s 4002; a non-u32 count is -32602', async () => {
  assert.deepEqual(await rpc.error('state_getKeysPaged', [ACCOUNT_PREFIX, 1001]), { code: 4002, message: 'count exceeds maximum value. value: 1001, max: 1000' });
  const e = await rpc.error('state_getKeysPaged', [ACCOUNT_PREFIX, 'ten']);
  assert.equal(e.code, -32602);
  assert.match(e.message, /param 1 \(count\)/);
});

test('behavior: state_queryStorageAt answers one change set with null for missing keys', async () => {
  const alice = accountKey(rpc.t.pairs.Alice.publicKey);
  const result = await rpc.result('state_queryStorageAt', [[alice, MISSING], genesis]);
  assert.deepEqual(result, [{ block: genesis, changes: [[alice, await rpc.result('state_getStorage', [alice, genesis])], [MISSING, null]] }]);
  const best = (await rpc.result('state_queryStorageAt', [[]])) as { block: string }[];
  assert.deepEqual(best, [{ block: u8aToHex(rpc.t.chain.bestHash()), changes: [] }]);
});

test('behavior: state_getReadProof proves values (and absence) against the state root', async () => {
  const alice = accountKey(rpc.t.pairs.Alice.publicKey);
  const { at, proof } = (await rpc.result('state_getReadProof', [[alice, MISSING], block1])) as { at: string; proof: string[] };
  assert.equal(at, block1);
  const root = rpc.t.chain.header(hexToU8a(block1))!.stateRoot;
  const nodes = proof.map((p) => hexToU8a(p));
  assert.equal(u8aToHex(verifyReadProof(root, nodes, hexToU8a(alice))!), await rpc.result('state_getStorage', [alice, block1]));
  assert.equal(verifyReadProof(root, nodes, hexToU8a(MISSING)), null);
});

test('behavior: state_call runs runtime APIs and answers SCALE hex', async () => {
  const registry = rpc.t.runtime.codec.registry;
  const version = registry.createType<RuntimeVersion>('RuntimeVersion', hexToU8a((await rpc.result('state_call', ['Core_version', '0x'])) as string));
  assert.equal(version.specName.toString(), 'spindle');
  const nonce = await rpc.result('state_callAt', ['AccountNonceApi_account_nonce', u8aToHex(rpc.t.pairs.Alice.publicKey), block1]);
  assert.equal(nonce, '0x01000000');
  assert.equal(await rpc.result('state_call', ['AccountNonceApi_account_nonce', u8aToHex(rpc.t.pairs.Alice.publicKey), genesis]), '0x00000000');
});

test('error: state_call with an unknown method, bad input, bad hex or unknown block', async () => {
  assert.deepEqual(await rpc.error('state_call', ['Foo_bar', '0x']), {
    code: 4003,
    message: 'Client error: Execution failed: Other: Exported method Foo_bar is not found',
  });
  const badInput = await rpc.error('state_call', ['AccountNonceApi_account_nonce', '0x01']);
  assert.equal(badInput.code, 4003);
  assert.match(badInput.message, /^Client error: Execution failed: /);
  const badHex = await rpc.error('state_call', ['Core_version', '0xzz']);
  assert.equal(badHex.code, -32602);
  assert.match(badHex.message, /param 1 \(data\)/);
  assert.equal((await rpc.error('state_call', [7, '0x'])).code, -32602);
  assert.equal((await rpc.error('state_call', ['Core_version', '0x', UNKNOWN_HASH])).code, 4003);
});

test('behavior: state_getMetadata answers metadata polkadot-js decodes', async () => {
  const hex = (await rpc.result('state_getMetadata')) as string;
  const metadata = new Metadata(rpc.t.runtime.codec.registry, hexToU8a(hex));
  assert.equal(metadata.version, 14);
  assert.ok(metadata.asLatest.pallets.some((p) => p.name.toString() === 'Balances'));
  assert.equal(await rpc.result('state_getMetadata', [genesis]), hex);
});

test('behavior: state_getRuntimeVersion and its alias chain_getRuntimeVersion', async () => {
  const v = (await rpc.result('state_getRuntimeVersion')) as Record<string, unknown>;
  assert.equal(v['specName'], 'spindle');
  assert.equal(v['specVersion'], 1);
  assert.ok(Array.isArray(v['apis']));
  assert.deepEqual(await rpc.result('chain_getRuntimeVersion', [genesis]), v);
});

test('error: an unknown block hash is 4003 "Client error: UnknownBlock: …" in every state method', async () => {
  const message = `Client error: UnknownBlock: Header was not found in the database: ${UNKNOWN_HASH}`;
  const calls: [string, unknown[]][] = [
    ['state_getStorage', [MISSING, UNKNOWN_HASH]],
    ['state_getStorageHash', [MISSING, UNKNOWN_HASH]],
    ['state_getStorageSize', [MISSING, UNKNOWN_HASH]],
    ['state_getKeys', ['0x', UNKNOWN_HASH]],
    ['state_getKeysPaged', ['0x', 10, null, UNKNOWN_HASH]],
    ['state_queryStorageAt', [[MISSING], UNKNOWN_HASH]],
    ['state_getReadProof', [[MISSING], UNKNOWN_HASH]],
    ['state_getMetadata', [UNKNOWN_HASH]],
    ['state_getRuntimeVersion', [UNKNOWN_HASH]],
    ['chain_getRuntimeVersion', [UNKNOWN_HASH]],
  ];
  for (const [method, params] of calls) assert.deepEqual(await rpc.error(method, params), { code: 4003, message }, method);
});

test('error: bad hex keys and hashes are -32602 naming the param', async () => {
  const cases: [string, unknown[], RegExp][] = [
    ['state_getStorage', ['0x1'], /param 0 \(key\)/],
    ['state_getStorage', [MISSING, '0x12'], /param 1 \(at\) must be 32 bytes/],
    ['state_queryStorageAt', [[MISSING, 'nope']], /param 0 \(keys\) item 1/],
    ['state_queryStorageAt', [MISSING], /param 0 \(keys\) must be an array/],
    ['state_getReadProof', [null], /param 0 \(keys\) is missing/],
  ];
  for (const [method, params, message] of cases) {
    const e = await rpc.error(method, params);
    assert.equal(e.code, -32602, method);
    assert.match(e.message, message);
  }
});

test('behavior: state_subscribeStorage sends current values, then only keys whose value changed', async () => {
  const { Alice, Bob, Charlie } = rpc.t.pairs;
  const keys = [accountKey(Alice.publicKey), accountKey(Bob.publicKey), MISSING];
  const id = await rpc.subscribe('state_subscribeStorage', [keys]);
  const first = await rpc.notification(id);
  assert.deepEqual(first, (await rpc.result('state_queryStorageAt', [keys]) as unknown[])[0]);

  const nonce = (await rpc.result('system_accountNextIndex', [Alice.address])) as number;
  await rpc.t.backend.pool.submit(rpc.t.transfer(Alice, Charlie.publicKey, 10n ** 12n, nonce));
  const b1 = await rpc.t.produceBlock();
  assert.deepEqual(await rpc.notification(id), {
    block: u8aToHex(b1.hash),
    changes: [[keys[0], await rpc.result('state_getStorage', [keys[0], u8aToHex(b1.hash)])]],
  });

  await rpc.t.produceBlock(); // touches none of the keys: no notification
  await rpc.t.backend.pool.submit(rpc.t.transfer(Charlie, Bob.publicKey, 10n ** 12n, 0));
  const b3 = await rpc.t.produceBlock();
  const third = (await rpc.notification(id)) as { block: string; changes: [string, string | null][] };
  assert.equal(third.block, u8aToHex(b3.hash));
  assert.deepEqual(third.changes.map(([k]) => k), [keys[1]]);
  assert.equal(await rpc.result('state_unsubscribeStorage', [id]), true);
});

test('behavior: state_subscribeStorage without keys streams every changed key of each block (unsafe only)', async () => {
  for (const params of [[], [null], [[]]]) {
    assert.deepEqual(await rpc.error('state_subscribeStorage', params), { code: -32601, message: 'RPC call is unsafe to be called externally' });
  }
  const unsafe = await startTestRpc({ methods: 'unsafe' });
  try {
    const { t } = unsafe;
    const id = await unsafe.subscribe('state_subscribeStorage', []);
    await t.backend.pool.submit(t.transfer(t.pairs.Dave, t.pairs.Eve.publicKey, 10n ** 12n, 0));
    const block = await t.produceBlock();
    const n = (await unsafe.notification(id)) as { block: string; changes: [string, string | null][] };
    assert.equal(n.block, u8aToHex(block.hash));
    const changed = new Map(n.changes);
    assert.ok(changed.has(accountKey(t.pairs.Dave.publicKey)));
    assert.ok(changed.has(accountKey(t.pairs.Eve.publicKey)));
    assert.ok(changed.has(u8aToHex(systemStorage.number.key())));
    for (const [k, v] of n.changes) assert.equal(v, await unsafe.result('state_getStorage', [k, n.block]), k);
    assert.equal(await unsafe.result('state_unsubscribeStorage', [id]), true);
  } finally {
    await unsafe.close();
  }
});

test('error: state_subscribeStorage with bad keys is refused (-32602), no subscription', async () => {
  const e = await rpc.error('state_subscribeStorage', [['0x0']]);
  assert.equal(e.code, -32602);
  assert.match(e.message, /param 0 \(keys\) item 0/);
});

for (const [subscribe, unsubscribe] of [
  ['state_subscribeRuntimeVersion', 'state_unsubscribeRuntimeVersion'],
  ['chain_subscribeRuntimeVersion', 'chain_unsubscribeRuntimeVersion'],
] as const) {
  test(`behavior: ${subscribe} sends the current runtime version once (${unsubscribe} ends it)`, async () => {
    const id = await rpc.subscribe(subscribe);
    const m = await rpc.client.next((x) => x.params?.subscription === id);
    assert.equal(m.method, 'state_runtimeVersion');
    assert.deepEqual(m.params?.result, await rpc.result('state_getRuntimeVersion'));
    await rpc.t.produceBlock();
    assert.equal(await rpc.result(unsubscribe, [id]), true);
    assert.equal(rpc.client.unread.some((x) => (x as { params?: { subscription?: string } }).params?.subscription === id), false);
  });
}
