import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { Binary, createClient, type PolkadotClient } from 'polkadot-api';
import { getPolkadotSigner } from 'polkadot-api/signer';
import { getWsProvider } from 'polkadot-api/ws';
import { WebSocket } from 'ws';
import { spawnNode, type SpawnedNode } from '../../testing/spawnNode.ts';

/**
 * Acceptance: the real polkadot-api client (which speaks only the new JSON-RPC interface:
 * chainHead_v1, transaction_v1/transactionWatch_v1, chainSpec_v1) against a spawned dev node.
 */
test('behavior: polkadot-api reads, follows and submits a signed sequencer.submit that gets finalized', { timeout: 120_000 }, async () => {
  await cryptoWaitReady();
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  let node: SpawnedNode | undefined;
  let client: PolkadotClient | undefined;
  try {
    node = await spawnNode(['--dev', '--block-time', '300']);
    client = createClient(getWsProvider(node.wsUrl, { websocketClass: WebSocket as never }));
    const api = client.getUnsafeApi();

    const chainSpec = await client.getChainSpecData();
    assert.equal(chainSpec.genesisHash, await client._request<string, []>('chainSpec_v1_genesisHash', []));

    const finalized = await client.getFinalizedBlock();
    assert.match(finalized.hash, /^0x[0-9a-f]{64}$/);
    const number = (await api.query.System.Number.getValue({ at: finalized.hash })) as number;
    assert.equal(number, finalized.number);
    const account = (await api.query.System.Account.getValue(alice.address)) as { data: { free: bigint } };
    assert.ok(account.data.free > 0n, 'Alice is endowed');

    // Following: new best blocks keep arriving with increasing numbers.
    const seen = await new Promise<number[]>((resolve, reject) => {
      const numbers: number[] = [];
      const sub = client!.bestBlocks$.subscribe({
        next: (blocks) => {
          numbers.push(blocks[0]!.number);
          if (numbers.length >= 3) {
            sub.unsubscribe();
            resolve(numbers);
          }
        },
        error: reject,
      });
    });
    assert.ok(seen[2]! > seen[0]!, `best blocks advance: ${seen.join(',')}`);

    const signer = getPolkadotSigner(alice.publicKey, 'Sr25519', (input) => alice.sign(input));
    const tx = api.tx.Sequencer!.submit!({ para_id: 100, payload: Binary.fromHex('0xabcd') });
    const result = (await tx.signAndSubmit(signer)) as { ok: boolean; block: { hash: string; number: number }; events: { type: string; value: { type: string } }[] };
    assert.equal(result.ok, true);
    assert.ok(result.events.some((e) => e.type === 'Sequencer' && e.value.type === 'Submitted'), JSON.stringify(result.events.map((e) => `${e.type}.${e.value.type}`)));
    const after = await client.getFinalizedBlock();
    assert.ok(after.number >= result.block.number, 'the including block is finalized');
  } finally {
    client?.destroy();
    if (node !== undefined) await node.stop();
  }
});
