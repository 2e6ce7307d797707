import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { u8aToHex } from '@polkadot/util';
import { t } from './typeInfo.ts';
import { buildMetadata } from './buildMetadata.ts';
import { RuntimeCodec } from './runtimeCodec.ts';
import { PortableRegistryBuilder } from './PortableRegistryBuilder.ts';
import { MetadataError } from './metadataError.ts';
import { accountInfo, blockLength, bytes, era, h256, multiAddress, option, u32 } from './commonTypes.ts';
import { SEQUENCER_INDEX, testRuntimeDecl } from './testRuntimeDecl.ts';

const built = buildMetadata(testRuntimeDecl());
const codec = RuntimeCodec.fromBuilt(built);
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ACCOUNT = {
  nonce: 7, consumers: 1, providers: 2, sufficients: 0,
  data: { free: 10n ** 18n, reserved: 5n, frozen: 0n, flags: 1n << 127n },
};

function isCode(code: string): (e: unknown) => boolean {
  return (e: unknown) => e instanceof MetadataError && e.code === code;
}

describe('RuntimeCodec', () => {
  it('behavior: AccountInfo round-trips and matches what a polkadot-js client encodes', () => {
    const enc = codec.encode(accountInfo(), ACCOUNT);
    assert.equal(enc.length, 16 + 64);
    const client = codec.registry.createType('FrameSystemAccountInfo', ACCOUNT);
    assert.equal(u8aToHex(client.toU8a()), u8aToHex(enc));
    const back = codec.decode(accountInfo(), enc).toJSON() as { nonce: number; data: { free: string | number } };
    assert.equal(back.nonce, 7);
    assert.equal(BigInt(back.data.free), 10n ** 18n);
  });

  it('behavior: a structurally equal TypeInfo built anew maps to the same registry id', () => {
    assert.equal(codec.idOf(accountInfo()), codec.idOf(accountInfo()));
    assert.equal(codec.typeName(option(bytes)), `Lookup${built.registry.idOf(option(bytes))}`);
  });

  const cases: [string, Parameters<RuntimeCodec['encode']>[0], unknown, string][] = [
    ['Vec<u8> from a Uint8Array is its raw content', bytes, new Uint8Array([1, 2, 3]), '0x0c010203'],
    ['Option<Vec<u8>> None', option(bytes), null, '0x00'],
    ['(u32, H256) with nested raw bytes', t.tuple(u32, h256), [1, new Uint8Array(32).fill(9)], `0x01000000${'09'.repeat(32)}`],
    ['H256 from raw bytes', h256, new Uint8Array(32).fill(1), `0x${'01'.repeat(32)}`],
    ['MultiAddress::Id from an SS58 address', multiAddress(), { Id: ALICE }, '0x00d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d'],
    ['Era immortal', era, { ImmortalEra: null }, '0x00'],
  ];
  for (const [what, type, value, hex] of cases) {
    it(`behavior: ${what}`, () => {
      const enc = codec.encode(type, value);
      assert.equal(u8aToHex(enc), hex);
      assert.equal(u8aToHex(codec.decode(type, enc).toU8a()), hex);
    });
  }

  it('behavior: RuntimeEvent and RuntimeCall values are plain enums, and the client registry reads the bytes', () => {
    const who = new Uint8Array(32).fill(2);
    const record = {
      phase: 'Finalization',
      event: { Sequencer: { Submitted: { paraId: 7, who, payloadHash: new Uint8Array(32).fill(3) } } },
      topics: [],
    };
    const enc = codec.encode(built.types.eventRecords, [record]);
    const json = codec.decode(built.types.eventRecords, enc).toJSON() as [{ event: { sequencer: { submitted: { paraId: number } } } }];
    assert.equal(json[0].event.sequencer.submitted.paraId, 7);
    const client = codec.registry.createType('Vec<EventRecord>', enc) as unknown as [{ event: { section: string; method: string } }];
    assert.deepEqual([client[0].event.section, client[0].event.method], ['sequencer', 'Submitted']);

    const call = codec.encode(built.types.runtimeCall, { Sequencer: { submit: { paraId: 7, payload: new Uint8Array([1, 2]) } } });
    assert.equal(u8aToHex(call), '0x320007000000080102');
    assert.equal(codec.registry.createType('Call', call).method, 'submit');
    assert.equal(call[0], SEQUENCER_INDEX);
  });

  it('behavior: without metadata the codec encodes the types it was given (constants before metadata exists)', () => {
    const reg = new PortableRegistryBuilder();
    reg.register(blockLength);
    const bare = new RuntimeCodec(reg);
    assert.equal(bare.metadata, undefined);
    const enc = bare.encode(blockLength, { max: { normal: 1, operational: 2, mandatory: 3 } });
    assert.equal(u8aToHex(enc), '0x010000000200000003000000');
  });

  it('error: a type the metadata does not contain is UNKNOWN_TYPE', () => {
    assert.throws(() => codec.encode(t.composite(['nowhere', 'X'], []), {}), isCode('UNKNOWN_TYPE'));
  });

  it('error: trailing or missing bytes are DECODE_FAILED', () => {
    assert.throws(() => codec.decode(u32, new Uint8Array(5)), isCode('DECODE_FAILED'));
    assert.throws(() => codec.decode(accountInfo(), new Uint8Array(10)), isCode('DECODE_FAILED'));
  });

  it('error: a value that does not fit the type is ENCODE_FAILED', () => {
    assert.throws(() => codec.encode(multiAddress(), { NoSuchVariant: 1 }), isCode('ENCODE_FAILED'));
  });

  it('error: metadata built from another registry is INVALID_METADATA', () => {
    assert.throws(() => new RuntimeCodec(new PortableRegistryBuilder(), built.v15), isCode('INVALID_METADATA'));
    assert.throws(() => new RuntimeCodec(built.registry, new Uint8Array([1, 2, 3])), isCode('INVALID_METADATA'));
  });
});
