import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { createTempDir, type TempDir } from '../store/index.ts';
import { connectApi } from '../testing/connectApi.ts';
import { spawnNode, type SpawnedNode } from '../testing/spawnNode.ts';
import { submitAndFinalize } from '../testing/submitAndFinalize.ts';
import type { OrderedSlice } from './ParaTransaction.ts';
import { RelayFollower } from './RelayFollower.ts';

/** Acceptance: an atomic bundle touching two app chains appears in both streams at the same relay position. */
describe('an atomic bundle in two app chains\' streams', { timeout: 180_000 }, () => {
  let relay: SpawnedNode;
  let api: ApiPromise;
  let dir: TempDir;

  before(async () => {
    await cryptoWaitReady();
    relay = await spawnNode(['--dev', '--block-time', '300']);
    api = await connectApi(relay.wsUrl);
    dir = await createTempDir('spindle-bundle-streams-');
  });

  after(async () => {
    await api?.disconnect();
    await relay?.stop();
    await dir?.remove();
  });

  it('behavior: paras 100 and 200 both stream the bundle from the same relay block, each with its own item', async () => {
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const { blockHash } = await submitAndFinalize(
      api,
      api.tx.sequencer.submitBundle([[100, '0xb100'], [200, '0xb200']]),
      alice,
    );
    const number = BigInt((await api.rpc.chain.getHeader(blockHash)).number.toNumber());
    const streams = await Promise.all(
      [100, 200].map(async (paraId) => {
        const follower = new RelayFollower({ relayUrl: relay.wsUrl, paraId, cursorDir: `${dir.path}/${paraId}` });
        await follower.start();
        const seen: OrderedSlice[] = [];
        for await (const slice of follower.slices()) {
          seen.push(slice);
          if (slice.relayBlockNumber >= number) break;
        }
        await follower.stop();
        return seen;
      }),
    );
    const [para100, para200] = streams.map((s) => s.filter((slice) => slice.payloads.length > 0)) as [OrderedSlice[], OrderedSlice[]];
    const at100 = para100.find((s) => s.payloads.some((p) => u8aToHex(p) === '0xb100'))!;
    const at200 = para200.find((s) => s.payloads.some((p) => u8aToHex(p) === '0xb200'))!;
    assert.equal(at100.relayBlockNumber, number);
    assert.equal(at200.relayBlockNumber, number, 'same relay block');
    assert.deepEqual(u8aToHex(at100.relayBlockHash), u8aToHex(at200.relayBlockHash));
    assert.deepEqual(at100.payloads.map((p) => u8aToHex(p)), ['0xb100'], 'para 100 sees only its own item');
    assert.deepEqual(at200.payloads.map((p) => u8aToHex(p)), ['0xb200']);
    assert.equal(streams[0]!.length, streams[1]!.length, 'every relay block is in both streams, empty ones included');
  });
});
