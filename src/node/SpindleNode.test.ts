import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, keccakAsU8a } from '@polkadot/util-crypto';
import WebSocket from 'ws';
import { initHashing } from '../primitives/hashing.ts';
import { decodeHeader } from '../primitives/header.ts';
import { paraRoot, PARA_DIGEST_ENGINE } from '../primitives/paraCommitment.ts';
import { connectApi } from '../testing/connectApi.ts';
import { spawnNode, type SpawnedNode } from '../testing/spawnNode.ts';
import { submitAndFinalize } from '../testing/submitAndFinalize.ts';

/** Sends one raw text frame and returns the parsed reply. */
function rawWs(url: string, text: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => ws.send(text));
    ws.once('message', (data) => {
      ws.close();
      resolve(JSON.parse(String(data)));
    });
    ws.once('error', reject);
  });
}

describe('spindle node --dev with @polkadot/api', { timeout: 300_000 }, () => {
  let node: SpawnedNode;
  let api: ApiPromise;
  let alice: KeyringPair;
  let bob: KeyringPair;

  before(async () => {
    await cryptoWaitReady();
    await initHashing();
    node = await spawnNode(['--dev', '--block-time', '300']);
    api = await connectApi(node.wsUrl);
    const keyring = new Keyring({ type: 'sr25519' });
    alice = keyring.addFromUri('//Alice');
    bob = keyring.addFromUri('//Bob');
  });

  after(async () => {
    await api?.disconnect();
    await node?.stop();
  });

  it('behavior: connects with only a WsProvider and decodes the metadata', async () => {
    assert.equal((await api.rpc.system.chain()).toString(), 'Spindle Development');
    assert.ok(api.tx.sequencer.submit, 'sequencer.submit in metadata');
    assert.ok(api.tx.sequencer.submitCandidate && api.tx.sequencer.submitBundle);
    assert.equal(Number(api.consts.system.ss58Prefix.toString()), 42);
    const para = await api.query.paras.paras(100);
    assert.ok(!para.isEmpty, 'para 100 registered at genesis');
  });

  it('behavior: sequencer.submit is finalized with a Submitted event; fee paid and nonce bumped', async () => {
    const before = (await api.query.system.account(alice.address)) as unknown as { nonce: { toNumber(): number }; data: { free: { toBigInt(): bigint } } };
    const payload = u8aToHex(new TextEncoder().encode('hello app chain'));
    const result = await submitAndFinalize(api, api.tx.sequencer.submit(100, payload), alice);
    const submitted = result.events.find(({ event }) => event.section === 'sequencer' && event.method === 'Submitted');
    assert.ok(submitted, 'Submitted event');
    const data = submitted.event.data.toJSON() as [number, number, string, string];
    assert.equal(data[0], 100);
    assert.equal(data[1], 0, 'position 0 in the para slice');
    assert.equal(data[2], u8aToHex(keccakAsU8a(hexToU8a(payload))));
    assert.ok(result.events.some(({ event }) => api.events.system.ExtrinsicSuccess.is(event)));
    const feeEvent = result.events.find(({ event }) => event.section === 'transactionPayment' && event.method === 'TransactionFeePaid');
    assert.ok(feeEvent);
    const fee = BigInt((feeEvent.event.data.toJSON() as [string, number | string, number])[1]);
    assert.ok(fee > 0n);
    const afterAcc = (await api.query.system.account(alice.address)) as unknown as typeof before;
    assert.equal(afterAcc.nonce.toNumber(), before.nonce.toNumber() + 1);
    // Alice authors the dev chain's blocks and receives the fees, so compare at the inclusion block's parent.
    const header = await api.rpc.chain.getHeader(result.blockHash);
    const atParent = (await (await api.at(header.parentHash)).query.system.account(alice.address)) as unknown as typeof before;
    const atBlock = (await (await api.at(result.blockHash)).query.system.account(alice.address)) as unknown as typeof before;
    assert.equal(atParent.data.free.toBigInt() - fee + fee, atBlock.data.free.toBigInt(), 'fee withdrawn then paid back to the author (Alice)');
  });

  it('behavior: a sponsored para (200) charges its sponsor, not the signer', async () => {
    const charlie = new Keyring({ type: 'sr25519' }).addFromUri('//Charlie');
    const result = await submitAndFinalize(api, api.tx.sequencer.submit(200, '0x0102'), charlie);
    const feeEvent = result.events.find(({ event }) => event.section === 'transactionPayment' && event.method === 'TransactionFeePaid');
    assert.ok(feeEvent);
    assert.equal(feeEvent.event.data[0]!.toString(), bob.address, 'Bob, the sponsor, paid');
  });

  it('behavior: submitBundle over paras 100 and 200 lands atomically in one block', async () => {
    const result = await submitAndFinalize(api, api.tx.sequencer.submitBundle([[100, '0xaa'], [200, '0xbb']]), alice);
    const paras = result.events.filter(({ event }) => event.section === 'sequencer' && event.method === 'Submitted').map(({ event }) => event.data[0]!.toString());
    assert.deepEqual(paras, ['100', '200']);
    assert.ok(result.events.some(({ event }) => event.section === 'sequencer' && event.method === 'BundleIncluded'));
  });

  it('error: a bundle naming an unknown para is refused whole, nothing included', async () => {
    await assert.rejects(api.tx.sequencer.submitBundle([[100, '0xaa'], [999, '0xbb']]).signAndSend(alice), /Unknown para/);
  });

  it('behavior: submitCandidate keeps the collator order and the header para digest verifies', async () => {
    const relayParent = await api.rpc.chain.getFinalizedHead();
    const payloads = ['0x01', '0x0202', '0x030303'];
    const result = await submitAndFinalize(api, api.tx.sequencer.submitCandidate(100, relayParent, payloads), alice);
    const signed = await api.rpc.chain.getBlock(result.blockHash);
    const ours = signed.block.extrinsics.find((x) => x.method.section === 'sequencer');
    assert.ok(ours);
    assert.deepEqual((ours.method.args[2]!.toJSON() as string[]), payloads);
    // Rebuild the para root from the block's sequencer payloads and compare to the header digest.
    const slices = new Map<number, Uint8Array[]>();
    for (const x of signed.block.extrinsics) {
      if (x.method.section !== 'sequencer') continue;
      const add = (p: number, b: string) => slices.set(p, [...(slices.get(p) ?? []), hexToU8a(b)]);
      if (x.method.method === 'submit') add(Number(x.method.args[0]!.toString()), x.method.args[1]!.toHex());
      if (x.method.method === 'submitCandidate') for (const b of x.method.args[2]!.toJSON() as string[]) add(Number(x.method.args[0]!.toString()), b);
      if (x.method.method === 'submitBundle') for (const [p, b] of x.method.args[0]!.toJSON() as [number, string][]) add(p, b);
    }
    const header = decodeHeader(hexToU8a((await api.rpc.chain.getHeader(result.blockHash)).toHex()));
    const digest = header.digest.find((d) => d.type === 'Consensus' && d.engine === PARA_DIGEST_ENGINE);
    assert.ok(digest && digest.type === 'Consensus');
    assert.equal(u8aToHex(digest.data), u8aToHex(paraRoot([...slices].map(([paraId, p]) => ({ paraId, payloads: p })))));
  });

  it('behavior: session.setValidators by the admin installs the set and bumps the session index; others get NotAdmin, bad sets their error', async () => {
    const failedWith = (events: { event: { section: string; method: string; data: unknown[] } }[]): string | undefined => {
      const failed = events.find((e) => e.event.section === 'system' && e.event.method === 'ExtrinsicFailed');
      if (failed === undefined) return undefined;
      const err = failed.event.data[0] as { isModule: boolean; asModule: unknown };
      return err.isModule ? api.registry.findMetaError(err.asModule as never).name : 'not a module error';
    };
    const current = (await api.query.session.validators()) as unknown as { toJSON(): { account: string; consensusKey: string; anchorAddress: string; power: number }[] };
    const alice0 = current.toJSON()[0]!;
    assert.match(alice0.anchorAddress, /^0x[0-9a-f]{40}$/i);
    const next = [{ account: alice.address, consensusKey: alice0.consensusKey, anchorAddress: alice0.anchorAddress, power: 3 }];
    const byBob = await submitAndFinalize(api, api.tx.session.setValidators(next), bob);
    assert.equal(failedWith(byBob.events as never), 'NotAdmin');
    const empty = await submitAndFinalize(api, api.tx.session.setValidators([]), alice);
    assert.equal(failedWith(empty.events as never), 'EmptySet');
    const twice = await submitAndFinalize(api, api.tx.session.setValidators([next[0], { ...next[0]!, account: bob.address }]), alice);
    assert.equal(failedWith(twice.events as never), 'DuplicateConsensusKey');
    const ok = await submitAndFinalize(api, api.tx.session.setValidators(next), alice);
    assert.equal(failedWith(ok.events as never), undefined);
    assert.ok(ok.events.some((e) => e.event.section === 'session' && e.event.method === 'NewSession' && Number(e.event.data[0]!.toString()) === 1));
    assert.equal(Number((await api.query.session.currentIndex()).toString()), 1);
    assert.equal(((await api.query.session.validators()) as unknown as { toJSON(): { power: number }[] }).toJSON()[0]!.power, 3);
  });

  it('behavior: Prometheus metrics with Substrate names', async () => {
    const text = await (await fetch(node.metricsUrl!)).text();
    const finalized = /^substrate_block_height\{status="finalized"\} (\d+)$/m.exec(text);
    assert.ok(finalized !== null && Number(finalized[1]) > 0, text);
    assert.match(text, /^substrate_process_start_time_seconds \d+/m);
    assert.match(text, /^substrate_ready_transactions_number \d+/m);
  });

  it('behavior: chain_getBlock extrinsics decode with api.registry', async () => {
    const hash = await api.rpc.chain.getFinalizedHead();
    const block = await api.rpc.chain.getBlock(hash);
    assert.ok(block.block.extrinsics.length >= 1);
    assert.equal(block.block.extrinsics[0]!.method.section, 'timestamp');
  });

  it('error: bad signature, stale nonce, unknown para, oversized payload, unpaid fee, garbage hex, malformed JSON', async () => {
    const signed = await api.tx.sequencer.submit(100, '0x01').signAsync(alice);
    const hex = signed.toHex();
    // Flip a byte inside the signature (after the 0x84 version byte and the 33-byte address).
    const bytes = hexToU8a(hex);
    const sigAt = bytes.findIndex((b, i) => i > 0 && b === 0x84) + 1 + 33 + 1 + 5;
    bytes[sigAt] = bytes[sigAt]! ^ 0xff;
    await assert.rejects(api.rpc.author.submitExtrinsic(u8aToHex(bytes)), /1010.*bad signature/);

    const nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
    await assert.rejects(api.tx.sequencer.submit(100, '0x01').signAndSend(alice, { nonce: Math.max(0, nonce - 1) }), /1010.*outdated/);
    await assert.rejects(api.tx.sequencer.submit(999, '0x01').signAndSend(alice), /1010.*Unknown para/);
    const max = (api.consts.sequencer.maxPayloadBytes as unknown as { toNumber(): number }).toNumber();
    await assert.rejects(api.tx.sequencer.submit(100, u8aToHex(new Uint8Array(max + 1))).signAndSend(alice), /1010.*too large/);
    const pauper = new Keyring({ type: 'sr25519' }).addFromUri('//NobodyWithFunds');
    await assert.rejects(api.tx.sequencer.submit(100, '0x01').signAndSend(pauper), /1010.*Inability to pay/);

    // Substrate answers undecodable extrinsic bytes with 1001 "Extrinsic has invalid format".
    const garbage = (await rawWs(node.wsUrl, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'author_submitExtrinsic', params: ['0xdeadbeef'] }))) as { error: { code: number; message: string } };
    assert.equal(garbage.error.code, 1001);
    assert.match(garbage.error.message, /invalid format/);
    const notHex = (await rawWs(node.wsUrl, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'author_submitExtrinsic', params: ['zz'] }))) as { error: { code: number } };
    assert.equal(notHex.error.code, -32602);
    const malformed = (await rawWs(node.wsUrl, '{"jsonrpc":"2.0",')) as { error: { code: number } };
    assert.equal(malformed.error.code, -32700);
    // The node keeps answering normally.
    assert.equal((await api.rpc.system.chain()).toString(), 'Spindle Development');
    const res = await submitAndFinalize(api, api.tx.system.remarkWithEvent('0x1234'), alice);
    assert.ok(res.events.some(({ event }) => event.section === 'system' && event.method === 'Remarked'));
  });
});
