import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TypeInfo } from './typeInfo.ts';
import { PortableRegistryBuilder } from './PortableRegistryBuilder.ts';
import * as C from './commonTypes.ts';

/**
 * Our common types against metadata real FRAME runtimes emitted, as shipped with
 * @polkadot/types-support: the kitchensink node (V16, recent polkadot-sdk) and Polkadot (V15).
 * Compared recursively: path, generic parameter names and types, field names and Rust type
 * names, variant names and indices, shapes of anonymous types. Docs are not compared.
 */
interface RefType {
  id: number;
  type: { path: string[]; params: { name: string; type: number | null }[]; def: Record<string, unknown> };
}

function loadReference(file: string): RefType[] | undefined {
  try {
    const require = createRequire(import.meta.url);
    return JSON.parse(readFileSync(require.resolve(`@polkadot/types-support/metadata/${file}`), 'utf8')) as RefType[];
  } catch {
    return undefined;
  }
}

const references = [loadReference('v16/substrate-types.json'), loadReference('v15/polkadot-types.json')]
  .filter((r): r is RefType[] => r !== undefined);

/** Lower-cases def keys so ours (`Composite`) and the reference JSON (`composite`) compare. */
function defOf(def: Record<string, unknown>): [string, unknown] {
  const [k, v] = Object.entries(def)[0]!;
  return [k.toLowerCase(), v];
}

type Field = { name: string | null; type: number; typeName: string | null };
type VariantJson = { name: string; index: number; fields: Field[] };

/** Why our type `a` differs from reference type `b`, or undefined if they match. */
function diff(ours: PortableRegistryBuilder, a: number, ref: RefType[], b: number, seen = new Set<string>()): string | undefined {
  const key = `${a}/${b}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  const x = ours.get(a).type;
  const y = ref[b]!.type;
  const where = x.path.join('::') || `#${a}`;
  if (x.path.join('::') !== y.path.join('::')) return `${where}: path ${y.path.join('::')} expected`;
  if (x.params.length !== y.params.length) return `${where}: params`;
  for (const [i, p] of x.params.entries()) {
    const q = y.params[i]!;
    if (p.name !== q.name || (p.type === null) !== (q.type === null)) return `${where}: param ${p.name}`;
    if (p.type !== null) {
      const d = diff(ours, p.type, ref, q.type!, seen);
      if (d !== undefined) return d;
    }
  }
  const [kx, vx] = defOf(x.def as unknown as Record<string, unknown>);
  const [ky, vy] = defOf(y.def);
  if (kx !== ky) return `${where}: ${kx} instead of ${ky}`;
  const fields = (fa: Field[], fb: Field[], at: string): string | undefined => {
    if (fa.length !== fb.length) return `${at}: ${fb.length} fields expected`;
    for (const [i, f] of fa.entries()) {
      const g = fb[i]!;
      if (f.name !== g.name || f.typeName !== g.typeName) return `${at}: field ${i} ${f.name}/${f.typeName} vs ${g.name}/${g.typeName}`;
      const d = diff(ours, f.type, ref, g.type, seen);
      if (d !== undefined) return d;
    }
    return undefined;
  };
  switch (kx) {
    case 'primitive': return String(vx).toLowerCase() === String(vy).toLowerCase() ? undefined : `${where}: ${String(vx)} vs ${String(vy)}`;
    case 'composite': return fields((vx as { fields: Field[] }).fields, (vy as { fields: Field[] }).fields, where);
    case 'variant': {
      const va = (vx as { variants: VariantJson[] }).variants;
      const vb = (vy as { variants: VariantJson[] }).variants;
      if (va.length !== vb.length) return `${where}: ${vb.length} variants expected, got ${va.length}`;
      for (const [i, v] of va.entries()) {
        const w = vb[i]!;
        if (v.name !== w.name || v.index !== w.index) return `${where}: variant ${v.name}@${v.index} vs ${w.name}@${w.index}`;
        const d = fields(v.fields, w.fields, `${where}::${v.name}`);
        if (d !== undefined) return d;
      }
      return undefined;
    }
    case 'array': {
      const [aa, ab] = [vx as { len: number; type: number }, vy as { len: number; type: number }];
      return aa.len !== ab.len ? `${where}: len` : diff(ours, aa.type, ref, ab.type, seen);
    }
    case 'tuple': {
      const [ta, tb] = [vx as number[], vy as number[]];
      if (ta.length !== tb.length) return `${where}: tuple arity`;
      for (const [i, id] of ta.entries()) {
        const d = diff(ours, id, ref, tb[i]!, seen);
        if (d !== undefined) return d;
      }
      return undefined;
    }
    default: return diff(ours, (vx as { type: number }).type, ref, (vy as { type: number }).type, seen);
  }
}

const table: [string, TypeInfo][] = [
  ['AccountId32', C.accountId32], ['H256', C.h256], ['MultiAddress<AccountId32, ()>', C.multiAddress()],
  ['MultiSignature', C.multiSignature], ['Era', C.era], ['Weight', C.weight], ['DispatchClass', C.dispatchClass],
  ['Pays', C.pays], ['DispatchEventInfo', C.dispatchEventInfo], ['PostDispatchInfo', C.postDispatchInfo],
  ['DispatchError', C.dispatchError], ['Phase', C.phase], ['AccountInfo<u32, AccountData<u128>>', C.accountInfo()],
  ['CodeUpgradeAuthorization', C.codeUpgradeAuthorization], ['BlockWeights', C.blockWeights], ['BlockLength', C.blockLength],
  ['RuntimeDbWeight', C.runtimeDbWeight], ['RuntimeVersion', C.runtimeVersion], ['Header<u32>', C.header()],
  ['CheckNonZeroSender', C.checkNonZeroSender], ['CheckSpecVersion', C.checkSpecVersion], ['CheckTxVersion', C.checkTxVersion],
  ['CheckGenesis', C.checkGenesis], ['CheckMortality', C.checkMortality], ['CheckNonce', C.checkNonce()],
  ['CheckWeight', C.checkWeight], ['ChargeTransactionPayment', C.chargeTransactionPayment()],
  ['CheckMetadataHash', C.checkMetadataHash], ['Option<[u8; 32]>', C.option(C.byteArray(32))],
  ['OpaqueMetadata', C.opaqueMetadata], ['ExtrinsicInclusionMode', C.extrinsicInclusionMode],
  ['TransactionSource', C.transactionSource], ['TransactionValidity', C.transactionValidity],
  ['ApplyExtrinsicResult', C.applyExtrinsicResult], ['InherentData', C.inherentData],
  ['CheckInherentsResult', C.checkInherentsResult], ['RuntimeDispatchInfo', C.runtimeDispatchInfo()],
  ['FeeDetails', C.feeDetails()],
];

describe('commonTypes', () => {
  for (const [name, type] of table) {
    it(`behavior: ${name} matches a FRAME runtime's metadata`, (t) => {
      if (references.length === 0) {
        t.skip('@polkadot/types-support reference metadata not installed');
        return;
      }
      const ours = new PortableRegistryBuilder();
      const id = ours.register(type);
      const path = ours.get(id).type.path.join('::');
      const problems: string[] = [];
      for (const ref of references) {
        for (const cand of ref.filter((r) => r.type.path.join('::') === path)) {
          const d = diff(ours, id, ref, cand.id);
          if (d === undefined) return;
          problems.push(d);
        }
      }
      assert.fail(problems.length === 0 ? `no ${path} in the reference metadata` : problems.join('\n'));
    });
  }

  it('behavior: Era has Immortal and Mortal1..Mortal255 at their own indices', () => {
    const reg = new PortableRegistryBuilder();
    const def = reg.get(reg.register(C.era)).type.def;
    assert.ok('Variant' in def);
    const vs = def.Variant.variants;
    assert.equal(vs.length, 256);
    assert.deepEqual([vs[0]!.name, vs[1]!.name, vs[255]!.name, vs[255]!.index], ['Immortal', 'Mortal1', 'Mortal255', 255]);
  });
});
