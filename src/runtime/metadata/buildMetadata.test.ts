import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Metadata, TypeRegistry, expandMetadata } from '@polkadot/types';
import type { GenericExtrinsic } from '@polkadot/types';
import type { Codec, SignatureOptions } from '@polkadot/types/types';
import type { RuntimeVersion } from '@polkadot/types/interfaces';
import { Keyring } from '@polkadot/keyring';
import { compactStripLength, hexToU8a, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady, signatureVerify, xxhashAsU8a } from '@polkadot/util-crypto';
import { buildMetadata } from './buildMetadata.ts';
import type { RuntimeDecl } from './RuntimeDecl.ts';
import { MetadataError } from './metadataError.ts';
import { RuntimeCodec } from './runtimeCodec.ts';
import { accountInfo, runtimeVersion } from './commonTypes.ts';
import { BALANCES_INDEX, SEQUENCER_INDEX, TEST_RUNTIME_CRATE, TRANSACTION_PAYMENT_INDEX, TEST_WEIGHTS, testRuntimeDecl } from './testRuntimeDecl.ts';

const decl = testRuntimeDecl();
const built = buildMetadata(decl);
const EXTENSIONS = [
  'CheckNonZeroSender', 'CheckSpecVersion', 'CheckTxVersion', 'CheckGenesis', 'CheckMortality',
  'CheckNonce', 'CheckWeight', 'ChargeTransactionPayment', 'CheckMetadataHash',
];

/** A polkadot-js registry with our metadata, as a client would set it up. */
function clientRegistry(bytes: Uint8Array): { registry: TypeRegistry; metadata: Metadata } {
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, bytes);
  registry.setMetadata(metadata);
  return { registry, metadata };
}

function paths(metadata: Metadata): Set<string> {
  return new Set(metadata.asLatest.lookup.types.map((x) => x.type.path.map((p) => p.toString()).join('::')));
}

describe('buildMetadata', () => {
  before(async () => {
    await cryptoWaitReady();
  });

  it('behavior: both versions are RuntimeMetadataPrefixed with the "meta" magic and their version byte', () => {
    assert.equal(u8aToHex(built.v14.subarray(0, 5)), '0x6d6574610e');
    assert.equal(u8aToHex(built.v15.subarray(0, 5)), '0x6d6574610f');
  });

  for (const version of [14, 15] as const) {
    it(`behavior: @polkadot/types decodes V${version} and re-encodes it byte for byte`, () => {
      const bytes = version === 14 ? built.v14 : built.v15;
      const metadata = new Metadata(new TypeRegistry(), bytes);
      assert.equal(metadata.version, version);
      assert.equal(u8aToHex(metadata.toU8a()), u8aToHex(bytes));
      const latest = metadata.asLatest;
      assert.deepEqual(latest.pallets.map((p) => [p.name.toString(), p.index.toNumber()]),
        [['System', 0], ['Balances', BALANCES_INDEX], ['TransactionPayment', TRANSACTION_PAYMENT_INDEX], ['Sequencer', SEQUENCER_INDEX]]);
      assert.equal(latest.lookup.types.length, built.registry.size);
    });
  }

  it('behavior: V14 has the UncheckedExtrinsic, version 4, the 9 extensions and the Runtime type', () => {
    const v14 = new Metadata(new TypeRegistry(), built.v14).asV14;
    assert.equal(v14.extrinsic.type.toNumber(), built.ids.uncheckedExtrinsic);
    assert.equal(v14.extrinsic.version.toNumber(), 4);
    assert.deepEqual(v14.extrinsic.signedExtensions.map((e) => e.identifier.toString()), EXTENSIONS);
    assert.equal(v14.type.toNumber(), built.ids.runtime);
    const runtime = v14.lookup.getSiType(built.ids.runtime);
    assert.deepEqual(runtime.path.map(String), [TEST_RUNTIME_CRATE, 'Runtime']);
    assert.ok(runtime.def.isComposite && runtime.def.asComposite.fields.length === 0);
  });

  it('behavior: V15 has extrinsic parts, apis, outer enums, pallet docs and an empty custom map', () => {
    const v15 = new Metadata(new TypeRegistry(), built.v15).asV15;
    const x = v15.extrinsic;
    assert.deepEqual(
      [x.version.toNumber(), x.addressType.toNumber(), x.callType.toNumber(), x.signatureType.toNumber(), x.extraType.toNumber()],
      [4, built.ids.address, built.ids.runtimeCall, built.ids.signature, built.ids.extra],
    );
    assert.deepEqual(x.signedExtensions.map((e) => e.identifier.toString()), EXTENSIONS);
    const extra = v15.lookup.getSiType(built.ids.extra);
    assert.equal(extra.def.asTuple.length, 9);
    assert.deepEqual(
      [v15.outerEnums.callType.toNumber(), v15.outerEnums.eventType.toNumber(), v15.outerEnums.errorType.toNumber()],
      [built.ids.runtimeCall, built.ids.runtimeEvent, built.ids.runtimeError],
    );
    assert.equal(v15.custom.map.size, 0);
    assert.deepEqual(v15.pallets[3]!.docs.map(String), ['Orders app-chain transactions.']);
    const apis = new Map(v15.apis.map((a) => [a.name.toString(), a]));
    for (const name of ['Core', 'Metadata', 'AccountNonceApi', 'TaggedTransactionQueue', 'TransactionPaymentApi']) assert.ok(apis.has(name), name);
    const version = apis.get('Core')!.methods.find((m) => m.name.eq('version'))!;
    assert.equal(version.output.toNumber(), built.registry.idOf(runtimeVersion));
    const validate = apis.get('TaggedTransactionQueue')!.methods[0]!;
    assert.deepEqual(validate.inputs.map((i) => i.name.toString()), ['source', 'tx', 'block_hash']);
    assert.equal(validate.inputs[1]!.type.toNumber(), built.ids.uncheckedExtrinsic);
  });

  it('behavior: outer enums have one variant per pallet with that part, indexed by pallet index', () => {
    const lookup = new Metadata(new TypeRegistry(), built.v15).asLatest.lookup;
    const variants = (id: number): [string, number][] =>
      lookup.getSiType(id).def.asVariant.variants.map((v) => [v.name.toString(), v.index.toNumber()]);
    assert.deepEqual(variants(built.ids.runtimeCall), [['System', 0], ['Balances', BALANCES_INDEX], ['Sequencer', SEQUENCER_INDEX]]);
    assert.deepEqual(variants(built.ids.runtimeEvent),
      [['System', 0], ['Balances', BALANCES_INDEX], ['TransactionPayment', TRANSACTION_PAYMENT_INDEX], ['Sequencer', SEQUENCER_INDEX]]);
    assert.deepEqual(variants(built.ids.runtimeError), [['System', 0], ['Balances', BALANCES_INDEX], ['Sequencer', SEQUENCER_INDEX]]);
    const payment = new Metadata(new TypeRegistry(), built.v15).asV15.pallets[2]!;
    assert.ok(payment.calls.isNone && payment.errors.isNone && payment.events.isSome && payment.storage.isSome);
  });

  it('behavior: the type paths clients rely on are present', () => {
    const have = paths(new Metadata(new TypeRegistry(), built.v15));
    for (const p of [
      'sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic', 'frame_system::EventRecord',
      'sp_runtime::multiaddress::MultiAddress', 'sp_runtime::MultiSignature', 'sp_core::crypto::AccountId32',
      'sp_runtime::generic::era::Era', 'sp_weights::weight_v2::Weight', 'sp_runtime::DispatchError',
      'frame_system::AccountInfo', 'pallet_balances::types::AccountData', 'frame_system::pallet::Call',
      'pallet_sequencer::pallet::Event', 'pallet_balances::pallet::Error',
      `${TEST_RUNTIME_CRATE}::RuntimeCall`, `${TEST_RUNTIME_CRATE}::RuntimeEvent`, `${TEST_RUNTIME_CRATE}::RuntimeError`,
    ]) assert.ok(have.has(p), p);
  });

  it('behavior: polkadot-js names our types as it names FRAME\'s', () => {
    const { registry } = clientRegistry(built.v15);
    assert.equal(registry.lookup.getName(built.registry.idOf(accountInfo())!), 'FrameSystemAccountInfo');
    assert.equal(registry.lookup.getName(built.ids.eventRecord), 'FrameSystemEventRecord');
  });

  it('behavior: findMetaCall names calls with their argument types', () => {
    const { registry } = clientRegistry(built.v15);
    const submit = registry.findMetaCall(new Uint8Array([SEQUENCER_INDEX, 0]));
    assert.equal(submit.section, 'sequencer');
    assert.equal(submit.method, 'submit');
    assert.deepEqual(submit.meta.args.map((a) => [a.name.toString(), a.type.toString()]), [['paraId', 'u32'], ['payload', 'Bytes']]);
    const transfer = registry.findMetaCall(new Uint8Array([BALANCES_INDEX, 3]));
    assert.equal(transfer.method, 'transferKeepAlive');
    assert.deepEqual(transfer.meta.args.map((a) => a.type.toString()), ['MultiAddress', 'Compact<u128>']);
    const remark = registry.findMetaCall(new Uint8Array([0, 0]));
    assert.deepEqual([remark.section, remark.method], ['system', 'remark']);
    assert.deepEqual(remark.meta.docs.map(String), ['Make some on-chain remark.']);
  });

  it('behavior: a Call is created and decoded back', () => {
    const { registry } = clientRegistry(built.v15);
    const call = registry.createType('Call', { callIndex: [SEQUENCER_INDEX, 0], args: { para_id: 7, payload: '0x0102' } });
    assert.equal(call.toHex(), '0x320007000000080102');
    const back = registry.createType('Call', call.toU8a());
    assert.deepEqual(back.toHuman(), { args: { para_id: '7', payload: '0x0102' }, method: 'submit', section: 'sequencer' });
  });

  for (const version of [14, 15] as const) {
    it(`behavior: a signed extrinsic (V${version}) is signed with sr25519, serialised and decoded back`, () => {
      const { registry } = clientRegistry(version === 14 ? built.v14 : built.v15);
      assert.deepEqual(registry.signedExtensions, EXTENSIONS);
      const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
      const call = registry.createType('Call', { callIndex: [SEQUENCER_INDEX, 0], args: { para_id: 7, payload: '0xdeadbeef' } });
      const era = registry.createType('ExtrinsicEra', { current: 100, period: 64 });
      const opts: SignatureOptions = {
        blockHash: `0x${'11'.repeat(32)}`, genesisHash: `0x${'22'.repeat(32)}`, nonce: 3, tip: 5, era,
        runtimeVersion: registry.createType('RuntimeVersion', { specVersion: 1, transactionVersion: 1 }) as RuntimeVersion,
        signedExtensions: registry.signedExtensions,
      };
      const ext = registry.createType('Extrinsic', { method: call });
      ext.sign(alice, opts);
      const hex = ext.toHex();

      const back = registry.createType('Extrinsic', hex) as GenericExtrinsic;
      assert.ok(back.isSigned);
      assert.equal(back.signer.toString(), alice.address);
      assert.equal(back.nonce.toNumber(), 3);
      assert.equal(back.tip.toBigInt(), 5n);
      assert.equal(back.method.toHex(), call.toHex());
      assert.ok(back.era.isMortalEra);

      // The signature covers FRAME's payload: call, extra, then the additional signed data.
      const payload = registry.createType('ExtrinsicPayload', {
        method: call.toHex(), era, nonce: 3, tip: 5, specVersion: 1, transactionVersion: 1,
        genesisHash: opts.genesisHash, blockHash: opts.blockHash, mode: 0,
      }, { version: 4 });
      assert.ok(signatureVerify(payload.toU8a({ method: true }), back.signature.toU8a(), alice.publicKey).isValid);

      // Our own types read the same bytes: UncheckedExtrinsic is the opaque Vec<u8>, and the
      // extra tuple sits between the MultiSignature and the call.
      const codec = RuntimeCodec.fromBuilt(built, version);
      const inner = codec.decode(built.types.uncheckedExtrinsic, back.toU8a()).toU8a(true);
      assert.equal(inner[0], 0x84);
      const address = codec.decode(built.types.address, inner.subarray(1, 34));
      assert.deepEqual(address.toJSON(), { id: alice.address });
      const signature = codec.decode(built.types.signature, inner.subarray(34, 99));
      assert.ok((signature as unknown as { isSr25519: boolean }).isSr25519);
      const extra = codec.decode(built.types.extra, inner.subarray(99, inner.length - call.encodedLength)).toJSON() as unknown[];
      assert.equal(extra.length, 9);
      assert.deepEqual(extra.slice(5), [3, null, 5, { mode: 'Disabled' }]);
      assert.equal(u8aToHex(inner.subarray(inner.length - call.encodedLength)), call.toHex());
    });
  }

  it('behavior: an events Vec built with our codec decodes as Vec<EventRecord> with sections, methods and module errors', () => {
    const { registry } = clientRegistry(built.v15);
    const codec = RuntimeCodec.fromBuilt(built);
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const info = { weight: { refTime: 10n, proofSize: 2n }, class: 'Normal', paysFee: 'Yes' };
    const topic = `0x${'ab'.repeat(32)}`;
    const bytes = codec.encode(built.types.eventRecords, [
      { phase: { ApplyExtrinsic: 0 }, event: { System: { ExtrinsicSuccess: { dispatchInfo: info } } }, topics: [] },
      { phase: { ApplyExtrinsic: 1 }, event: { System: { ExtrinsicFailed: { dispatchError: { Module: { index: SEQUENCER_INDEX, error: '0x01000000' } }, dispatchInfo: info } } }, topics: [] },
      { phase: 'Finalization', event: { Sequencer: { Submitted: { paraId: 7, who: alice.publicKey, payloadHash: topic } } }, topics: [topic] },
    ]);
    const records = registry.createType('Vec<EventRecord>', bytes) as unknown as Codec[] & { toU8a(): Uint8Array };
    assert.equal(u8aToHex(records.toU8a()), u8aToHex(bytes));
    const events = records.map((r) => (r as unknown as { event: { section: string; method: string; data: Codec } }).event);
    assert.deepEqual(events.map((e) => `${e.section}.${e.method}`), ['system.ExtrinsicSuccess', 'system.ExtrinsicFailed', 'sequencer.Submitted']);
    assert.deepEqual(events[2]!.data.toJSON(), [7, alice.address, topic]);
    const failed = events[1]!.data.toJSON() as [{ module: { index: number; error: string } }];
    const err = registry.findMetaError(new Uint8Array([failed[0].module.index, hexToU8a(failed[0].module.error)[0]!]));
    assert.deepEqual([err.section, err.name], ['sequencer', 'UnknownPara']);
  });

  it('behavior: constants decode to their declared values', () => {
    const { registry, metadata } = clientRegistry(built.v15);
    const { consts } = expandMetadata(registry, metadata);
    const system = consts['system']!;
    assert.equal(system['ss58Prefix']!.toJSON(), 42);
    assert.equal(registry.chainSS58, 42);
    assert.equal(system['blockHashCount']!.toJSON(), 4096);
    const weights = system['blockWeights']!.toJSON() as { maxBlock: { refTime: number }; perClass: { operational: { maxExtrinsic: unknown } } };
    assert.equal(BigInt(weights.maxBlock.refTime), TEST_WEIGHTS.maxBlock.refTime);
    assert.equal(weights.perClass.operational.maxExtrinsic, null);
    assert.deepEqual((system['version']!.toJSON() as { specName: string; systemVersion: number }).specName, 'spindle');
    assert.equal(BigInt(consts['balances']!['existentialDeposit']!.toString()), 10_000_000_000n);
  });

  it('behavior: storage keys and fallbacks follow the declared prefix, hashers and types', () => {
    const { registry, metadata } = clientRegistry(built.v15);
    const { query } = expandMetadata(registry, metadata);
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const twox128 = (s: string): Uint8Array => xxhashAsU8a(stringToU8a(s), 128);
    const key = (k: Uint8Array): Uint8Array => compactStripLength(k)[1]; // polkadot-js returns them length-prefixed
    const accountKey = key(query['system']!['account']!(alice.address));
    assert.equal(u8aToHex(accountKey), u8aToHex(u8aConcat(
      twox128('System'), twox128('Account'), blake2AsU8a(alice.publicKey, 128), alice.publicKey,
    )));
    const hash = new Uint8Array(32).fill(7);
    const queueKey = key(query['sequencer']!['queue']!(7, u8aToHex(hash)));
    assert.equal(u8aToHex(queueKey), u8aToHex(u8aConcat(
      twox128('Sequencer'), twox128('Queue'), xxhashAsU8a(new Uint8Array([7, 0, 0, 0]), 64), new Uint8Array([7, 0, 0, 0]),
      blake2AsU8a(hash, 128), hash,
    )));
    const entry = query['system']!['account']!.meta;
    assert.equal(entry.modifier.toString(), 'Default');
    const fallback = registry.createType(registry.createLookupType(entry.type.asMap.value), entry.fallback.toU8a(true));
    assert.equal((fallback.toJSON() as { data: { flags: string } }).data.flags, '0x80000000000000000000000000000000');
  });

  it('behavior: repeated builds are byte-identical', () => {
    const again = buildMetadata(testRuntimeDecl());
    assert.equal(u8aToHex(again.v14), u8aToHex(built.v14));
    assert.equal(u8aToHex(again.v15), u8aToHex(built.v15));
  });

  it('behavior: polkadot-api decodes both versions and builds codecs from them (skipped if not installed)', async (t) => {
    let bindings: typeof import('@polkadot-api/substrate-bindings');
    let builders: typeof import('@polkadot-api/metadata-builders');
    try {
      bindings = await import('@polkadot-api/substrate-bindings');
      builders = await import('@polkadot-api/metadata-builders');
    } catch {
      t.skip('@polkadot-api packages are not installed');
      return;
    }
    for (const [bytes, tag] of [[built.v14, 'v14'], [built.v15, 'v15']] as const) {
      const decoded = bindings.metadata.dec(bytes);
      assert.equal(decoded.metadata.tag, tag);
      const dyn = builders.getDynamicBuilder(decoded.metadata.value as Parameters<typeof builders.getDynamicBuilder>[0]);
      assert.equal(dyn.ss58Prefix, 42);
      const submit = dyn.buildCall('Sequencer', 'submit');
      assert.deepEqual(submit.location, [SEQUENCER_INDEX, 0]);
      assert.equal(u8aToHex(submit.codec.enc({ para_id: 7, payload: bindings.Binary.fromHex('0x0102') })), '0x07000000080102');
      assert.equal(dyn.buildConstant('System', 'BlockHashCount').dec(new Uint8Array([0, 16, 0, 0])), 4096);
      const account = dyn.buildStorage('System', 'Account');
      const info = account.dec(built.model.pallets[0]!.storage!.items[0]!.fallback) as { data: { flags: bigint } };
      assert.equal(info.data.flags, 1n << 127n);
    }
    const v15 = bindings.metadata.dec(built.v15).metadata.value as Parameters<typeof builders.getDynamicBuilder>[0];
    const nonce = builders.getDynamicBuilder(v15).buildRuntimeCall('AccountNonceApi', 'account_nonce');
    assert.equal(nonce.value.dec(new Uint8Array([9, 0, 0, 0])), 9);
  });

  const broken: [string, (d: RuntimeDecl) => RuntimeDecl, string][] = [
    ['duplicate pallet index', (d) => ({ ...d, pallets: [...d.pallets, { ...d.pallets[3]!, name: 'Other', crate: 'pallet_other' }] }), 'DUPLICATE_INDEX'],
    ['duplicate pallet name', (d) => ({ ...d, pallets: [...d.pallets, { ...d.pallets[3]!, index: 99 }] }), 'DUPLICATE_NAME'],
    ['duplicate call index', (d) => ({ ...d, pallets: d.pallets.map((p) => p.name !== 'Sequencer' ? p : { ...p, calls: [...p.calls!, { name: 'other', index: 0, args: [] }] }) }), 'DUPLICATE_INDEX'],
    ['pallet index above 255', (d) => ({ ...d, pallets: d.pallets.map((p) => p.name !== 'Sequencer' ? p : { ...p, index: 256 }) }), 'INVALID_DECL'],
    ['two hashers for a single key', (d) => ({ ...d, pallets: d.pallets.map((p) => p.name !== 'Sequencer' ? p : { ...p, storage: { prefix: 'Sequencer', items: [{ name: 'X', modifier: 'Optional', type: { kind: 'map', hashers: ['Twox64Concat', 'Identity'], key: runtimeVersion, value: runtimeVersion }, fallback: new Uint8Array([0]) }] } }) }), 'INVALID_DECL'],
    ['duplicate signed extension', (d) => ({ ...d, extrinsic: { ...d.extrinsic, signedExtensions: [...d.extrinsic.signedExtensions, d.extrinsic.signedExtensions[0]!] } }), 'DUPLICATE_NAME'],
  ];
  for (const [what, mutate, code] of broken) {
    it(`error: ${what} is rejected with ${code}`, () => {
      assert.throws(() => buildMetadata(mutate(decl)), (e: unknown) => e instanceof MetadataError && e.code === code);
    });
  }
});
