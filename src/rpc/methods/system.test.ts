import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { u8aToHex } from '@polkadot/util';
import { startTestRpc, type TestRpc } from './testing/startTestRpc.ts';

let rpc: TestRpc;
before(async () => {
  rpc = await startTestRpc();
});
after(() => rpc.close());

test('behavior: system_* answer the node info in Substrate shapes over the server', async () => {
  assert.equal(await rpc.result('system_name'), 'Spindle');
  assert.equal(await rpc.result('system_version'), '0.0.0-test');
  assert.equal(await rpc.result('system_chain'), 'Spindle Test');
  assert.equal(await rpc.result('system_chainType'), 'Development');
  assert.deepEqual(await rpc.result('system_properties'), { ss58Format: 42, tokenDecimals: 12, tokenSymbol: 'UNIT' });
  assert.deepEqual(await rpc.result('system_health'), { peers: 0, isSyncing: false, shouldHavePeers: false });
  assert.equal(await rpc.result('system_localPeerId'), '12D3KooWTestPeer');
  assert.deepEqual(await rpc.result('system_localListenAddresses'), ['/ip4/127.0.0.1/tcp/30333/ws/p2p/12D3KooWTestPeer']);
  assert.deepEqual(await rpc.result('system_nodeRoles'), ['Authority']);
  assert.deepEqual(await rpc.result('system_syncState'), { startingBlock: 0, currentBlock: 0, highestBlock: 0 });
});

test('behavior: system_health counts peers; system_chainType wraps other names as Custom', async () => {
  rpc.t.info.peerList.push({ peerId: 'p1', roles: 'AUTHORITY', bestHash: '0x00', bestNumber: 0 });
  rpc.t.info.chainType = 'Testnet';
  try {
    assert.deepEqual(await rpc.result('system_health'), { peers: 1, isSyncing: false, shouldHavePeers: false });
    assert.deepEqual(await rpc.result('system_chainType'), { Custom: 'Testnet' });
  } finally {
    rpc.t.info.peerList.length = 0;
    rpc.t.info.chainType = 'Development';
  }
});

test('behavior: system_peers is unsafe (refused under --rpc-methods safe)', async () => {
  assert.deepEqual(await rpc.error('system_peers'), { code: -32601, message: 'RPC call is unsafe to be called externally' });
});

test('behavior: system_accountNextIndex takes SS58 or hex and counts the pool', async () => {
  const { Alice, Bob } = rpc.t.pairs;
  assert.equal(await rpc.result('system_accountNextIndex', [Alice.address]), 0);
  await rpc.t.backend.pool.submit(rpc.t.transfer(Alice, Bob.publicKey, 10n ** 12n, 0));
  await rpc.t.backend.pool.submit(rpc.t.transfer(Alice, Bob.publicKey, 10n ** 12n, 1));
  assert.equal(await rpc.result('system_accountNextIndex', [Alice.address]), 2);
  assert.equal(await rpc.result('system_accountNextIndex', [u8aToHex(Alice.publicKey)]), 2);
  await rpc.t.produceBlock();
  assert.equal(await rpc.result('system_accountNextIndex', [Alice.address]), 2);
  assert.equal(await rpc.result('system_accountNextIndex', [Bob.address]), 0);
});

for (const bad of ['not-an-address', '0x1234', 42, null]) {
  test(`error: system_accountNextIndex(${JSON.stringify(bad)}) is -32602`, async () => {
    const e = await rpc.error('system_accountNextIndex', [bad]);
    assert.equal(e.code, -32602);
    assert.match(e.message, /param 0 \(accountId\)/);
  });
}
