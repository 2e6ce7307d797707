import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { peerIdFromNodeKey } from '../network/index.ts';
import { endpointTable, polkadotJsAppsLink } from './endpointTable.ts';
import { nodeKeyForIndex } from './nodeKeyForIndex.ts';

describe('nodeKeyForIndex', () => {
  it('behavior: fixed 32-byte keys, distinct per index, each a valid node key', () => {
    const keys = [0, 1, 2, 3, 255, 256].map(nodeKeyForIndex);
    assert.equal(keys[0], `5350${'0'.repeat(59)}1`);
    for (const k of keys) assert.match(k, /^[0-9a-f]{64}$/);
    assert.equal(new Set(keys.map(peerIdFromNodeKey)).size, keys.length);
    assert.equal(nodeKeyForIndex(3), keys[3], 'deterministic');
  });

  it('args: a negative or fractional index is refused', () => {
    assert.throws(() => nodeKeyForIndex(-1), RangeError);
    assert.throws(() => nodeKeyForIndex(1.5), RangeError);
  });
});

describe('endpointTable', () => {
  it('behavior: one block per node with the polkadot.js apps link', () => {
    assert.equal(polkadotJsAppsLink('ws://127.0.0.1:9944'), 'https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9944#/explorer');
    const node = {
      name: 'alice', pid: 42, validator: true, rpcPort: 9944, wsUrl: 'ws://127.0.0.1:9944', httpUrl: 'http://127.0.0.1:9944',
      prometheusPort: 9615, metricsUrl: 'http://127.0.0.1:9615/metrics', p2pPort: 30333, peerId: '12D3KooWX',
      multiaddr: '/ip4/127.0.0.1/tcp/30333/p2p/12D3KooWX', basePath: '/r/alice', logPath: '/r/alice.log', running: true, paused: false,
    };
    const text = endpointTable([node, { ...node, name: 'ferdie', validator: false }], '/r');
    assert.equal(text.split('\n')[0], 'Network launched');
    assert.match(text, /Node {11}alice \(validator, pid 42\)/);
    assert.match(text, /ferdie \(full node, pid 42\)/);
    assert.equal(text.match(/https:\/\/polkadot\.js\.org\/apps\/\?rpc=ws%3A%2F%2F127\.0\.0\.1%3A9944#\/explorer/g)?.length, 2);
    assert.match(text, /Log +\/r\/alice\.log/);
  });

  it('behavior: collators, app chains and the L1 follow the relay nodes', () => {
    const collator = { name: 'collator-100', pid: 7, paraId: 100, executes: 'reference' as const, rpcPort: 9988, wsUrl: 'ws://127.0.0.1:9988', httpUrl: 'http://127.0.0.1:9988', basePath: '/r/c', logPath: '/r/collator-100.log', running: true, paused: false };
    const appChain = { paraId: 200, kind: 'chopsticks' as const, wsUrl: 'ws://127.0.0.1:8000', httpUrl: 'http://127.0.0.1:8000', pid: 8, logPath: '/r/para-200-chopsticks.log' };
    const l1 = { rpcUrl: 'http://127.0.0.1:8545', chainId: 31337, contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const, pid: 9, logPath: '/r/anvil.log' };
    const text = endpointTable([], '/r', { collators: [collator], appChains: [appChain], l1 });
    assert.match(text, /Collator +collator-100 \(para 100, executes: reference, pid 7\)\n +RPC \(ws\/http\) +ws:\/\/127\.0\.0\.1:9988  http:\/\/127\.0\.0\.1:9988/);
    assert.match(text, /App chain +para 200 \(chopsticks, pid 8\)/);
    assert.ok(text.includes(polkadotJsAppsLink(appChain.wsUrl)));
    assert.match(text, /L1 +anvil \(chain id 31337, pid 9\)\n +RPC \(http\) +http:\/\/127\.0\.0\.1:8545\n +Anchor contract +0x5FbDB2315678afecb367f032d93F642f64180aa3\n +Log +\/r\/anvil\.log/);
    assert.match(endpointTable([], '/r', { l1: { ...l1, contract: undefined } }), /Anchor contract +\(not deployed\)/);
  });
});
