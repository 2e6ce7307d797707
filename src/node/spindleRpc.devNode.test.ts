import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WsProvider, type ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { merkleRootFromProof } from '../primitives/binaryMerkle.ts';
import { initHashing, keccak256 } from '../primitives/hashing.ts';
import { decodeHeader } from '../primitives/header.ts';
import { merkleRoot } from '../primitives/binaryMerkle.ts';
import { paraLeaf, PARA_DIGEST_ENGINE } from '../primitives/paraCommitment.ts';
import type { ParaTransactionsJson } from '../rpc/methods/paraTransactionsJson.ts';
import { connectApi } from '../testing/connectApi.ts';
import { devPairs } from '../testing/devAccounts.ts';
import { spawnNode, type SpawnedNode } from '../testing/spawnNode.ts';
import { submitAndFinalize } from '../testing/submitAndFinalize.ts';

describe('spindle_* on a spawned --dev node, through @polkadot/api', { timeout: 300_000 }, () => {
  let node: SpawnedNode;
  let api: ApiPromise;
  let provider: WsProvider;
  let alice: KeyringPair;

  /** The header's `spdl` digest, read as any client would: chain_getHeader, decoded. */
  const digestRoot = async (blockHash: string): Promise<string> => {
    const header = decodeHeader(hexToU8a((await api.rpc.chain.getHeader(blockHash)).toHex()));
    const item = header.digest.find((d) => d.type === 'Consensus' && d.engine === PARA_DIGEST_ENGINE);
    return item !== undefined && item.type === 'Consensus' ? u8aToHex(item.data) : u8aToHex(new Uint8Array(32));
  };
  const assertProven = async (r: ParaTransactionsJson): Promise<void> => {
    assert.equal(r.paraRoot, await digestRoot(r.blockHash));
    const payloads = r.payloads.map((p) => hexToU8a(p));
    assert.equal(r.sliceRoot, u8aToHex(merkleRoot(payloads.map(keccak256))));
    if (r.proof === null) {
      assert.equal(u8aToHex(merkleRoot(r.absence!.leaves.map((l) => hexToU8a(l)))), r.paraRoot);
    } else {
      const leaf = paraLeaf(r.paraId, hexToU8a(r.sliceRoot), payloads.length);
      assert.equal(u8aToHex(merkleRootFromProof(leaf, { ...r.proof, siblings: r.proof.siblings.map((s) => hexToU8a(s)) })), r.paraRoot);
    }
  };

  before(async () => {
    await cryptoWaitReady();
    await initHashing();
    node = await spawnNode(['--dev', '--block-time', '200', '--no-prometheus']);
    api = await connectApi(node.wsUrl);
    provider = new WsProvider(node.wsUrl);
    await provider.isReady;
    alice = devPairs().Alice;
  });

  after(async () => {
    await provider?.disconnect();
    await api?.disconnect();
    await node?.stop();
  });

  it('behavior: submit, submitCandidate and an atomic bundle over paras 100 and 200 land in both slices, proven against the header', async () => {
    const parent = (await api.rpc.chain.getFinalizedHead()).toHex();
    const a = await submitAndFinalize(api, api.tx.sequencer.submit(100, '0x01'), alice);
    const b = await submitAndFinalize(api, api.tx.sequencer.submitCandidate(200, parent, ['0x02', '0x0303']), alice);
    const c = await submitAndFinalize(api, api.tx.sequencer.submitBundle([[100, '0xb1'], [200, '0xb2'], [100, '0xb3']]), alice);
    const at = async (para: number, hash: string): Promise<ParaTransactionsJson> => provider.send<ParaTransactionsJson>('spindle_paraTransactions', [para, hash]);

    assert.deepEqual((await at(100, a.blockHash)).payloads, ['0x01']);
    assert.deepEqual((await at(200, b.blockHash)).payloads, ['0x02', '0x0303']);
    const [p100, p200] = [await at(100, c.blockHash), await at(200, c.blockHash)];
    assert.deepEqual([p100.payloads, p200.payloads], [['0xb1', '0xb3'], ['0xb2']]);
    assert.equal(p100.blockNumber, p200.blockNumber, 'the bundle is in one relay block for both paras');
    assert.equal(p100.paraRoot, p200.paraRoot);
    for (const r of [await at(100, a.blockHash), await at(200, a.blockHash), await at(200, b.blockHash), p100, p200]) await assertProven(r);
    // Default: the finalized head.
    const latest = await provider.send<ParaTransactionsJson>('spindle_paraTransactions', [100]);
    assert.ok(latest.blockNumber >= p100.blockNumber);
    await assert.rejects(provider.send('spindle_paraTransactions', [4242]), /7001.*Unknown para 4242/);
  });

  it('behavior: the subscription from block 1 delivers every finalized block once, in order, then follows new ones', async () => {
    const ours = await submitAndFinalize(api, api.tx.sequencer.submit(200, '0x0c'), alice);
    const head = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
    const want = head + 5;
    const received: ParaTransactionsJson[] = [];
    const errors: unknown[] = [];
    let done: () => void = () => undefined;
    const enough = new Promise<void>((resolve) => (done = resolve));
    const id = await provider.subscribe('spindle_paraTransactions', 'spindle_subscribeParaTransactions', [200, 1], (err: Error | null, r: ParaTransactionsJson) => {
      if (err !== null) errors.push(err);
      received.push(r);
      if (received.length === want) done();
    });
    await enough;
    assert.deepEqual(errors, []);
    await provider.unsubscribe('spindle_paraTransactions', 'spindle_unsubscribeParaTransactions', id);
    assert.deepEqual(received.slice(0, want).map((r) => r.blockNumber), Array.from({ length: want }, (_, i) => i + 1));
    for (const r of received.slice(0, want)) {
      assert.equal(r.blockHash, (await api.rpc.chain.getBlockHash(r.blockNumber)).toHex());
      await assertProven(r);
    }
    assert.deepEqual(received.find((r) => r.blockHash === ours.blockHash)?.payloads, ['0x0c']);
  });
});
