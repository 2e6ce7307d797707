import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { u8aToHex } from '@polkadot/util';
import type { Header } from '../primitives/header.ts';
import { paraRoot, PARA_DIGEST_ENGINE } from '../primitives/paraCommitment.ts';
import { EMPTY_MERKLE_ROOT } from '../primitives/binaryMerkle.ts';
import { UnknownBlockError } from '../rpc/RpcBackend.ts';
import { decodeValue, encodeValue } from '../runtime/codec/scaleValue.ts';
import { eventsKey } from '../runtime/pallets/system.ts';
import { createTestBackend, type TestBackend } from '../testing/createTestBackend.ts';
import { NodeParaSlices } from './NodeParaSlices.ts';
import { ParaSlicesError } from './ParaSlicesError.ts';
import { paraSlicesOf, type StoredBlocks } from './paraSlicesOf.ts';
import { sequencerBlockDecoder } from './sequencerBlockDecoder.ts';
import { registerParas, signedCall } from './signedCall.fixture.ts';

const hex = (slices: readonly { paraId: number; payloads: readonly Uint8Array[] }[]): [number, string[]][] =>
  slices.map((s) => [s.paraId, s.payloads.map((p) => u8aToHex(p))]);

/** The stored chain with one block's header digest and/or events replaced (a block the runtime would not build). */
function altered(t: TestBackend, hash: Uint8Array, change: { paraRoot?: Uint8Array; events?: Uint8Array }): StoredBlocks {
  const same = (h: Uint8Array): boolean => Buffer.from(h).equals(Buffer.from(hash));
  return {
    header: (h) => {
      const header = t.chain.header(h);
      if (header === undefined || !same(h) || change.paraRoot === undefined) return header;
      const root = change.paraRoot;
      return { ...header, digest: header.digest.map((d) => (d.type === 'Consensus' && d.engine === PARA_DIGEST_ENGINE ? { ...d, data: root } : d)) } satisfies Header;
    },
    body: (h) => t.chain.body(h),
    storage: (at, key) => (same(at) && change.events !== undefined && Buffer.from(key).equals(Buffer.from(eventsKey())) ? change.events : t.chain.storage(at, key)),
  };
}

describe('paraSlicesOf over a real chain', () => {
  let t: TestBackend;
  let mixed: Uint8Array;
  let empty: Uint8Array;

  before(async () => {
    t = await createTestBackend();
    let nonce = await registerParas(t, t.pairs.Alice, 0, [100, 200]);
    const relayParent = t.chain.best.hash;
    const submit = (section: string, method: string, args: Record<string, unknown>): Promise<Uint8Array> =>
      t.backend.pool.submit(signedCall(t, t.pairs.Alice, nonce++, section, method, args));
    await submit('sequencer', 'submit', { para_id: 100, payload: '0xaa' });
    await submit('system', 'remark', { remark: '0x00' });
    await submit('sequencer', 'submitCandidate', { para_id: 200, relay_parent: relayParent, payloads: ['0x01', '0x0202'] });
    await submit('sequencer', 'submitBundle', { items: [[200, '0x03'], [100, '0xbb']] });
    mixed = (await t.produceBlock()).hash;
    empty = (await t.produceBlock()).hash;
  });

  test('behavior: payloads follow extrinsic order, then call order; slices sorted by para id; root equals the digest', () => {
    const block = paraSlicesOf(t.chain, sequencerBlockDecoder(t.runtime.decl), mixed)!;
    assert.equal(block.number, 2n);
    assert.deepEqual(hex(block.slices), [
      [100, ['0xaa', '0xbb']],
      [200, ['0x01', '0x0202', '0x03']],
    ]);
    assert.deepEqual(block.paraRoot, paraRoot(block.slices));
    assert.notDeepEqual(block.paraRoot, EMPTY_MERKLE_ROOT);
  });

  test('behavior: a block without sequencer calls, and genesis, have no slices and a zero root', () => {
    for (const hash of [empty, t.chain.genesisHash()]) {
      const block = paraSlicesOf(t.chain, sequencerBlockDecoder(t.runtime.decl), hash)!;
      assert.deepEqual(block.slices, []);
      assert.deepEqual(block.paraRoot, EMPTY_MERKLE_ROOT);
    }
  });

  test('behavior: an unknown block gives undefined', () => {
    assert.equal(paraSlicesOf(t.chain, sequencerBlockDecoder(t.runtime.decl), new Uint8Array(32).fill(7)), undefined);
  });

  test('behavior: a sequencer extrinsic without ExtrinsicSuccess contributes nothing', () => {
    const decl = t.runtime.decl.pallets.find((p) => p.name === 'System')!.storage!.items.find((i) => i.name === 'Events')!;
    const type = decl.type.kind === 'plain' ? decl.type.value : assert.fail('Events is a plain value');
    const records = decodeValue<{ phase: { type: string; value?: number }; event: { type: string; value: { type: string } } }[]>(type, t.chain.storage(mixed, eventsKey())!);
    // Extrinsic 3 is the candidate for para 200: pretend it failed (as if rolled back).
    const events = encodeValue(type, records.filter((r) => !(r.phase.value === 3 && r.event.value.type === 'ExtrinsicSuccess')));
    const expected = [{ paraId: 100, payloads: [Uint8Array.of(0xaa), Uint8Array.of(0xbb)] }, { paraId: 200, payloads: [Uint8Array.of(0x03)] }];
    const block = paraSlicesOf(altered(t, mixed, { events, paraRoot: paraRoot(expected) }), sequencerBlockDecoder(t.runtime.decl), mixed)!;
    assert.deepEqual(hex(block.slices), hex(expected));
  });

  test('error: slices that do not hash to the header digest are ROOT_MISMATCH', () => {
    const wrong = new Uint8Array(32).fill(1);
    assert.throws(
      () => paraSlicesOf(altered(t, mixed, { paraRoot: wrong }), sequencerBlockDecoder(t.runtime.decl), mixed),
      (e: unknown) => e instanceof ParaSlicesError && e.code === 'ROOT_MISMATCH' && Buffer.from(e.details.committed!).equals(Buffer.from(wrong)),
    );
    // An empty block whose header claims paras.
    assert.throws(() => paraSlicesOf(altered(t, empty, { paraRoot: wrong }), sequencerBlockDecoder(t.runtime.decl), empty), /differs from the header/);
  });

  test('error: a stored header without its body is MISSING_BODY', () => {
    const blocks: StoredBlocks = { header: (h) => t.chain.header(h), body: () => undefined, storage: (at, key) => t.chain.storage(at, key) };
    assert.throws(() => paraSlicesOf(blocks, sequencerBlockDecoder(t.runtime.decl), mixed), (e: unknown) => e instanceof ParaSlicesError && e.code === 'MISSING_BODY');
  });

  test('behavior: NodeParaSlices caches the most recent blocks and answers the para registry per block', () => {
    const slices = new NodeParaSlices(t.chain, { cacheBlocks: 2 });
    const first = slices.at(mixed);
    assert.equal(slices.at(mixed), first, 'second lookup is the cached value');
    slices.at(empty);
    slices.at(t.chain.genesisHash());
    assert.equal(slices.cachedBlocks, 2);
    assert.notEqual(slices.at(mixed), first, 'evicted, derived again');
    assert.equal(slices.isRegistered(mixed, 100), true);
    assert.equal(slices.isRegistered(t.chain.genesisHash(), 100), false, 'registered after genesis');
    assert.equal(slices.isRegistered(mixed, 300), false);
    assert.throws(() => slices.isRegistered(new Uint8Array(32), 100), UnknownBlockError);
  });
});
