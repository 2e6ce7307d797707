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
});
