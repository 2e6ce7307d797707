import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { isNetworkError } from './NetworkError.ts';
import { generateNodeKey, parseNodeKey, peerIdFromNodeKey } from './nodeKey.ts';

/** Peer ids Substrate nodes print for `--node-key 00…0N` (as used in Substrate tutorials and zombienet). */
const SUBSTRATE_VECTORS: { key: string; peerId: string }[] = [
  { key: '00'.repeat(31) + '01', peerId: '12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp' },
  { key: '00'.repeat(31) + '02', peerId: '12D3KooWHdiAxVd8uMQR1hGWXccidmfCwLqcMpGwR6QcTP6QRMuD' },
  { key: '00'.repeat(31) + '03', peerId: '12D3KooWSCufgHzV4fCwRijfH2k3abrpAJxTKxEvN1FDuRXA2U9x' },
];

test('behavior: node keys 0x…01..03 give the peer ids Substrate prints', () => {
  for (const v of SUBSTRATE_VECTORS) {
    assert.equal(peerIdFromNodeKey(v.key), v.peerId);
    assert.equal(peerIdFromNodeKey(`0x${v.key}`), v.peerId, 'a 0x prefix is accepted');
  }
});

test('behavior: peerIdFromNodeKey agrees with @libp2p/crypto for fixed and random keys', async () => {
  const keys = [...SUBSTRATE_VECTORS.map((v) => v.key), 'ff'.repeat(32), generateNodeKey().hex];
  for (const key of keys) {
    const libp2pKey = await generateKeyPairFromSeed('Ed25519', parseNodeKey(key));
    assert.equal(peerIdFromNodeKey(key), peerIdFromPrivateKey(libp2pKey).toString(), key);
  }
});

test('behavior: generateNodeKey returns fresh 32-byte keys whose peer id is their own', () => {
  const a = generateNodeKey();
  const b = generateNodeKey();
  assert.equal(a.secret.length, 32);
  assert.match(a.hex, /^[0-9a-f]{64}$/);
  assert.notEqual(a.hex, b.hex);
  assert.equal(a.peerId, peerIdFromNodeKey(a.hex));
  assert.match(a.peerId, /^12D3KooW/);
});

test('args: malformed node keys are refused with INVALID_ARGUMENT', () => {
  for (const bad of ['', '01', '00'.repeat(33), 'zz'.repeat(32), `0x${'00'.repeat(31)}`]) {
    assert.throws(() => peerIdFromNodeKey(bad), (e) => isNetworkError(e, 'INVALID_ARGUMENT'), JSON.stringify(bad));
  }
});
