import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PortableRegistry, TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { t } from './typeInfo.ts';
import type { Field, TypeInfo } from './typeInfo.ts';
import { PortableRegistryBuilder } from './PortableRegistryBuilder.ts';
import { encodePortableRegistry } from './encodePortableRegistry.ts';
import { MetadataError } from './metadataError.ts';
import { accountData, accountId32, accountInfo, era, multiAddress, option, u32, u64, u8 } from './commonTypes.ts';

describe('PortableRegistryBuilder', () => {
  it('behavior: structurally equal types from different objects intern to one id', () => {
    const reg = new PortableRegistryBuilder();
    const a = reg.register(accountInfo());
    const b = reg.register(accountInfo());
    const size = reg.size;
    assert.equal(a, b);
    assert.equal(reg.register(t.primitive('u32')), reg.register(u32));
    assert.equal(reg.register(t.sequence(t.primitive('u8'))), reg.register(t.sequence(u8)));
    assert.equal(reg.size, size + 2); // only u8 and Vec<u8> were new
  });

  it('behavior: generic instantiations with different params get different ids', () => {
    const reg = new PortableRegistryBuilder();
    const cases: [TypeInfo, TypeInfo][] = [
      [option(u32), option(u64)],
      [accountData(t.primitive('u128')), accountData(u64)],
      [multiAddress(accountId32, t.tuple()), multiAddress(accountId32, u32)],
    ];
    for (const [x, y] of cases) assert.notEqual(reg.register(x), reg.register(y));
  });

  it('behavior: children are interned before parents, ids are dense and in order', () => {
    const reg = new PortableRegistryBuilder();
    const id = reg.register(accountInfo());
    const types = reg.types();
    assert.deepEqual(types.map((x) => x.id), types.map((_, i) => i));
    assert.equal(id, types.length - 1);
    const info = reg.get(id).type;
    assert.deepEqual(info.path, ['frame_system', 'AccountInfo']);
    assert.deepEqual(info.params.map((p) => p.name), ['Nonce', 'AccountData']);
    assert.ok('Composite' in info.def);
    assert.deepEqual(info.def.Composite.fields.map((f) => [f.name, f.typeName]), [
      ['nonce', 'Nonce'], ['consumers', 'RefCount'], ['providers', 'RefCount'], ['sufficients', 'RefCount'], ['data', 'AccountData'],
    ]);
  });

  it('behavior: idOf finds interned types without interning anything', () => {
    const reg = new PortableRegistryBuilder();
    const id = reg.register(accountInfo());
    const size = reg.size;
    assert.equal(reg.idOf(accountInfo()), id);
    assert.equal(reg.idOf(option(u32)), undefined);
    assert.equal(reg.size, size);
  });

  it('behavior: a recursive type through a getter gets one id and refers to itself', () => {
    const reg = new PortableRegistryBuilder();
    const children: Field = { name: 'children', get type() { return t.sequence(tree); } };
    const tree: TypeInfo = t.composite(['demo', 'Tree'], [{ name: 'value', type: u32 }, children]);
    const id = reg.register(tree);
    assert.equal(reg.register(tree), id);
    const def = reg.get(id).type.def;
    assert.ok('Composite' in def);
    const seq = reg.get(def.Composite.fields[1]!.type).type.def;
    assert.deepEqual(seq, { Sequence: { type: id } });
    assert.doesNotThrow(() => reg.types());
  });

  it('behavior: types() JSON is accepted by @polkadot/types as PortableRegistry, byte-identical to our encoding', () => {
    const reg = new PortableRegistryBuilder();
    reg.register(accountInfo());
    reg.register(era);
    reg.register(multiAddress());
    reg.register(t.tuple(u32, option(t.array(4, u8))));
    const types = reg.types();
    const ours = encodePortableRegistry(types);
    const pjs = new PortableRegistry(new TypeRegistry(), { types } as unknown as Uint8Array, true); // true: no runtime-type warnings
    assert.equal(u8aToHex(pjs.toU8a()), u8aToHex(ours));
  });

  const invalid: [string, TypeInfo][] = [
    ['variant index above 255', t.variant(['x', 'E'], [{ name: 'A', index: 256, fields: [] }])],
    ['duplicate variant index', t.variant(['x', 'E'], [{ name: 'A', index: 1, fields: [] }, { name: 'B', index: 1, fields: [] }])],
    ['duplicate variant name', t.variant(['x', 'E'], [{ name: 'A', index: 0, fields: [] }, { name: 'A', index: 1, fields: [] }])],
    ['mixed named and unnamed fields', t.composite(['x', 'S'], [{ name: 'a', type: u32 }, { type: u32 }])],
    ['duplicate field name', t.composite(['x', 'S'], [{ name: 'a', type: u32 }, { name: 'a', type: u8 }])],
    ['negative array length', t.array(-1, u8)],
  ];
  for (const [what, ty] of invalid) {
    it(`error: ${what} is rejected with INVALID_TYPE`, () => {
      assert.throws(() => new PortableRegistryBuilder().register(ty), (e: unknown) => e instanceof MetadataError && e.code === 'INVALID_TYPE');
    });
  }
});
