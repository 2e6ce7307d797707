import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { u8aToHex } from '@polkadot/util';
import { encodeHeader } from '../../primitives/header.ts';
import { startTestRpc, type TestRpc } from './testing/startTestRpc.ts';

const SYSTEM_NUMBER = '0x26aa394eea5630e07c48ae0c9558cef702a5c1b19ab7a04f536c519aca4983ac';
const UNKNOWN = `0x${'11'.repeat(32)}`;
let rpc: TestRpc;
const hashes: string[] = [];

before(async () => {
  rpc = await startTestRpc();
  hashes.push(u8aToHex(rpc.t.chain.genesisHash()));
  hashes.push(u8aToHex((await rpc.t.produceBlock()).hash));
  hashes.push(u8aToHex((await rpc.t.produceBlock({ finalize: false })).hash));
});
after(() => rpc.close());

test('behavior: chainSpec_v1 answers the chain name, genesis hash and properties', async () => {
  assert.equal(await rpc.result('chainSpec_v1_chainName'), 'Spindle Test');
  assert.equal(await rpc.result('chainSpec_v1_genesisHash'), hashes[0]);
  assert.deepEqual(await rpc.result('chainSpec_v1_properties'), { ss58Format: 42, tokenDecimals: 12, tokenSymbol: 'UNIT' });
});

test('behavior: rpc_methods lists the new JSON-RPC methods', async () => {
  const { methods } = (await rpc.result('rpc_methods')) as { methods: string[] };
  for (const m of [
    'chainHead_v1_follow', 'chainHead_v1_unfollow', 'chainHead_v1_header', 'chainHead_v1_body', 'chainHead_v1_call', 'chainHead_v1_storage',
    'chainHead_v1_continue', 'chainHead_v1_stopOperation', 'chainHead_v1_unpin', 'chainSpec_v1_chainName', 'chainSpec_v1_genesisHash',
    'chainSpec_v1_properties', 'transaction_v1_broadcast', 'transaction_v1_stop', 'transactionWatch_v1_submitAndWatch', 'transactionWatch_v1_unwatch',
    'archive_v1_body', 'archive_v1_call', 'archive_v1_finalizedHeight', 'archive_v1_genesisHash', 'archive_v1_hashByHeight', 'archive_v1_header',
    'archive_v1_storage', 'archive_v1_stopStorage',
  ]) {
    assert.ok(methods.includes(m), m);
  }
});

test('behavior: archive_v1 reads any stored block by hash or height', async () => {
  assert.equal(await rpc.result('archive_v1_genesisHash'), hashes[0]);
  assert.equal(await rpc.result('archive_v1_finalizedHeight'), 1);
  assert.deepEqual(await rpc.result('archive_v1_hashByHeight', [2]), [hashes[2]]);
  assert.deepEqual(await rpc.result('archive_v1_hashByHeight', [99]), []);
  const h1 = Buffer.from(hashes[1]!.slice(2), 'hex');
  assert.equal(await rpc.result('archive_v1_header', [hashes[1]]), u8aToHex(encodeHeader(rpc.t.chain.header(h1)!)));
  assert.deepEqual(await rpc.result('archive_v1_body', [hashes[1]]), rpc.t.chain.body(h1)!.map((x) => u8aToHex(x)));
  assert.deepEqual(await rpc.result('archive_v1_call', [hashes[0], 'Metadata_metadata_versions', '0x']), { success: true, value: '0x080e0000000f000000' });
  const failed = (await rpc.result('archive_v1_call', [hashes[0], 'No_such_api', '0x'])) as { success: boolean; error: string };
  assert.equal(failed.success, false);
  assert.equal(typeof failed.error, 'string');
});

test('error: archive_v1 answers null for unknown blocks and -32602 for bad params', async () => {
  assert.equal(await rpc.result('archive_v1_header', [UNKNOWN]), null);
  assert.equal(await rpc.result('archive_v1_body', [UNKNOWN]), null);
  assert.equal(await rpc.result('archive_v1_call', [UNKNOWN, 'Core_version', '0x']), null);
  assert.equal((await rpc.error('archive_v1_hashByHeight', ['x'])).code, -32602);
  assert.equal((await rpc.error('archive_v1_header', ['0x12'])).code, -32602);
});

test('behavior: archive_v1_storage streams storage events then storageDone; unknown blocks get storageError', async () => {
  const at = hashes[1]!;
  const value = u8aToHex(rpc.t.backend.state.storage(Buffer.from(at.slice(2), 'hex'), Buffer.from(SYSTEM_NUMBER.slice(2), 'hex'))!);
  const id = await rpc.subscribe('archive_v1_storage', [at, [{ key: SYSTEM_NUMBER, type: 'value' }, { key: SYSTEM_NUMBER, type: 'hash' }], null]);
  assert.deepEqual(await rpc.notification(id), { event: 'storage', key: SYSTEM_NUMBER, value });
  const hashed = (await rpc.notification(id)) as { event: string; hash: string };
  assert.equal(hashed.event, 'storage');
  assert.match(hashed.hash, /^0x[0-9a-f]{64}$/);
  assert.deepEqual(await rpc.notification(id), { event: 'storageDone' });

  const bad = await rpc.subscribe('archive_v1_storage', [UNKNOWN, [{ key: SYSTEM_NUMBER, type: 'value' }], null]);
  assert.equal(((await rpc.notification(bad)) as { event: string }).event, 'storageError');
});
