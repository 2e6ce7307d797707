import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { initHashing } from '../../primitives/hashing.ts';
import { connectApi } from '../../testing/connectApi.ts';
import { createTempDir } from '../../store/tempStoreDir.ts';
import { freePort, spawnNodeOnPort } from '../connectors/spawnNodeOnPort.fixture.ts';
import { Collator } from './Collator.ts';
import { collatorKey, payloadTag, taggedPayload } from './collatorTestKit.fixture.ts';
import { finalizedNumber, readParaPayloads, waitForFinalized, waitForParaPayloads, withPrefix } from './relayPayloads.fixture.ts';

const PARA = 100;
const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));

test('behavior: the relay node dies and comes back on the same address; the collator keeps accepting, resends, and sequences everything once, in order', async () => {
  await Promise.all([cryptoWaitReady(), initHashing()]);
  const relayDir = await createTempDir('spindle-relay-');
  const collatorDir = await createTempDir('spindle-collator-');
  const port = await freePort();
  const extraArgs = ['--block-time', '250'];
  let relay = await spawnNodeOnPort({ port, basePath: relayDir.path, extraArgs });
  const collator = new Collator({ paraId: PARA, relayUrl: relay.wsUrl, signer: collatorKey('Ferdie'), dataDir: collatorDir.path, backoff: { initialMs: 100, maxMs: 1000 } });
  try {
    let api = await connectApi(relay.wsUrl);
    const from = (await finalizedNumber(api)) + 1;
    await collator.start();
    const tag = payloadTag();
    const payloads = Array.from({ length: 60 }, (_, i) => taggedPayload(tag, i, 100));

    for (const p of payloads.slice(0, 20)) await collator.gatherer.submit(bytes(p));
    // Kill the relay as soon as a first candidate is out, while later payloads still queue up.
    await new Promise<void>((resolve) => {
      const off = collator.onSequenced(() => {
        off();
        resolve();
      });
    });
    for (const p of payloads.slice(20, 40)) await collator.gatherer.submit(bytes(p));
    await api.disconnect();
    await relay.kill9();

    // The relay is down: payloads are still accepted (durably queued, limits known from the metadata).
    for (const p of payloads.slice(40)) await collator.gatherer.submit(bytes(p));
    assert.ok(collator.status().queued > 0);

    relay = await spawnNodeOnPort({ port, basePath: relayDir.path, extraArgs });
    api = await connectApi(relay.wsUrl);
    try {
      const seen = await waitForParaPayloads(api, PARA, from, (all) => withPrefix(all, tag).length >= payloads.length);
      const last = Math.max(...seen.map((p) => p.block));
      await waitForFinalized(api, last + 8);
      assert.deepEqual(withPrefix(await readParaPayloads(api, PARA, from, last + 8), tag), payloads);
    } finally {
      await api.disconnect();
    }
  } finally {
    await collator.stop();
    await relay.stop();
    await relayDir.remove();
    await collatorDir.remove();
  }
});
