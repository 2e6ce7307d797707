import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { initHashing } from '../primitives/hashing.ts';
import { SignatureVerifier } from '../primitives/verifySignature.ts';
import { devPairs } from '../testing/devAccounts.ts';
import { BlockExecutor, type BuiltBlock } from './BlockExecutor.ts';
import { genesisStorage } from './genesis.ts';
import { readAccount } from './pallets/system.ts';
import { Runtime } from './Runtime.ts';
import { callRuntimeApi } from './runtimeApis.ts';
import { DEFAULT_RUNTIME_CONFIG } from './RuntimeConfig.ts';
import { StorageOverlay } from './storage/StorageOverlay.ts';
import { MemoryNodeSource } from './trie/index.ts';

let runtime: Runtime;
let pairs: ReturnType<typeof devPairs>;
const config = DEFAULT_RUNTIME_CONFIG;

before(async () => {
  await cryptoWaitReady();
  await initHashing();
  runtime = new Runtime(config, new SignatureVerifier());
  pairs = devPairs();
});

/** A chain in memory: genesis with Alice and Bob funded, para 100 registered. */
function memoryChain(): { executor: BlockExecutor; genesis: BuiltBlock; head: () => BuiltBlock; build: (txs: Uint8Array[]) => BuiltBlock } {
  const nodes = new MemoryNodeSource();
  const executor = new BlockExecutor(runtime, nodes);
  const genesis = executor.genesis(
    genesisStorage(config, { balances: [[pairs.Alice.publicKey, 10n ** 18n], [pairs.Bob.publicKey, 10n ** 18n]], paras: [{ id: 100, manager: pairs.Alice.publicKey }, { id: 200, manager: pairs.Bob.publicKey }], validators: [] }),
  );
  nodes.putAll(genesis.stateNodes);
  let head = genesis;
  return {
    executor,
    genesis,
    head: () => head,
    build: (txs) => {
      const b = executor.build({
        parent: { hash: head.hash, number: head.header.number, stateRoot: head.header.stateRoot },
        timestamp: 1_000n * (head.header.number + 1n),
        author: undefined,
        candidates: txs.map((tx, i) => ({ hash: Uint8Array.of(i), tx })),
      });
      nodes.putAll(b.stateNodes);
      head = b;
      return b;
    },
  };
}

function sign(genesisHash: Uint8Array, signer: KeyringPair, section: string, method: string, args: unknown[], nonce: number, era?: { blockHash: Uint8Array; current: number }): Uint8Array {
  const reg = runtime.codec.registry;
  const call = (reg.createType('Call', { callIndex: callIndex(section, method), args: argsObject(section, method, args) }));
  const ext = reg.createType('Extrinsic', call);
  ext.sign(signer, {
    blockHash: era?.blockHash ?? genesisHash,
    genesisHash,
    nonce,
    runtimeVersion: { specVersion: config.specVersion, transactionVersion: config.transactionVersion } as never,
    era: (era === undefined ? 0 : reg.createType('ExtrinsicEra', { current: era.current, period: 16 })) as never,
  });
  return ext.toU8a();
}

function callIndex(section: string, method: string): [number, number] {
  const pallet = runtime.decl.pallets.find((p) => p.name.toLowerCase() === section.toLowerCase())!;
  const call = pallet.calls!.find((c) => c.name === method)!;
  return [pallet.index, call.index];
}

function argsObject(section: string, method: string, args: unknown[]): Record<string, unknown> {
  const pallet = runtime.decl.pallets.find((p) => p.name.toLowerCase() === section.toLowerCase())!;
  const call = pallet.calls!.find((c) => c.name === method)!;
  return Object.fromEntries(call.args.map((a, i) => [a.name!, args[i]]));
}

function events(block: BuiltBlock, executor: BlockExecutor): string[] {
  const raw = executor.stateAt(block.header.stateRoot).get(Buffer.from('26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7', 'hex'));
  const decoded = runtime.codec.registry.createType('Vec<EventRecord>', raw) as unknown as { event: { section: string; method: string } }[];
  return decoded.map((r) => `${r.event.section}.${r.event.method}`);
}

describe('Runtime: block execution', () => {
  it('behavior: remark_with_event applies, bumps the nonce and charges base + length fee', () => {
    const chain = memoryChain();
    const tx = sign(chain.genesis.hash, pairs.Alice, 'system', 'remark_with_event', ['0x1234'], 0);
    const block = chain.build([tx]);
    assert.equal(block.included.length, 1);
    assert.deepEqual(block.included[0]!.outcome, { kind: 'applied', ok: true });
    const state = chain.executor.stateAt(block.header.stateRoot);
    const alice = readAccount(state, pairs.Alice.publicKey);
    assert.equal(alice.nonce, 1);
    assert.equal(alice.data.free, 10n ** 18n - (config.baseFee + config.byteFee * BigInt(tx.length)));
    assert.ok(events(block, chain.executor).includes('system.Remarked'));
  });

  it('behavior: a failing dispatch keeps fee and nonce, rolls back the call and reports ExtrinsicFailed', () => {
    const chain = memoryChain();
    const tx = sign(chain.genesis.hash, pairs.Alice, 'balances', 'transfer_keep_alive', [{ Id: pairs.Bob.address }, 10n ** 19n], 0);
    const block = chain.build([tx]);
    const outcome = block.included[0]!.outcome;
    assert.equal(outcome.kind === 'applied' && !outcome.ok && outcome.message, 'Balances.InsufficientBalance');
    const state = chain.executor.stateAt(block.header.stateRoot);
    assert.equal(readAccount(state, pairs.Alice.publicKey).nonce, 1);
    assert.equal(readAccount(state, pairs.Bob.publicKey).data.free, 10n ** 18n);
    assert.ok(events(block, chain.executor).includes('system.ExtrinsicFailed'));
  });

  it('behavior: transfer_allow_death below the existential deposit reaps the sender', () => {
    const chain = memoryChain();
    const fee = (len: number): bigint => config.baseFee + config.byteFee * BigInt(len);
    const probe = sign(chain.genesis.hash, pairs.Alice, 'balances', 'transfer_allow_death', [{ Id: pairs.Bob.address }, 9n * 10n ** 17n], 0);
    const amount = 10n ** 18n - fee(probe.length) - 1n;
    const tx = sign(chain.genesis.hash, pairs.Alice, 'balances', 'transfer_allow_death', [{ Id: pairs.Bob.address }, amount], 0);
    assert.equal(tx.length, probe.length);
    const block = chain.build([tx]);
    const state = chain.executor.stateAt(block.header.stateRoot);
    assert.equal(readAccount(state, pairs.Alice.publicKey).providers, 0, 'Alice reaped');
    assert.equal(readAccount(state, pairs.Bob.publicKey).data.free, 10n ** 18n + amount);
    assert.ok(events(block, chain.executor).includes('system.KilledAccount'));
  });

  it('behavior: a bundle is all-or-nothing — one unknown para keeps the whole bundle out', () => {
    const chain = memoryChain();
    const good = sign(chain.genesis.hash, pairs.Alice, 'sequencer', 'submit_bundle', [[[100, '0x01'], [100, '0x02']]], 0);
    const bad = sign(chain.genesis.hash, pairs.Bob, 'sequencer', 'submit_bundle', [[[100, '0x01'], [555, '0x02']]], 0);
    const block = chain.build([good, bad]);
    assert.equal(block.included.length, 1);
    assert.equal(block.rejected.length, 1);
    const rejected = block.rejected[0]!.validity;
    assert.equal(rejected.kind === 'invalid' && rejected.reason, 'Custom');
    assert.equal(readAccount(chain.executor.stateAt(block.header.stateRoot), pairs.Bob.publicKey).nonce, 0, 'nothing of the bad bundle applied');
  });

  it('behavior: the same transactions give the same state root (deterministic)', () => {
    const a = memoryChain();
    const b = memoryChain();
    const tx = sign(a.genesis.hash, pairs.Alice, 'sequencer', 'submit', [100, '0xabcd'], 0);
    assert.equal(u8aToHex(a.build([tx]).hash), u8aToHex(b.build([tx]).hash));
  });
});

describe('Runtime: transaction validation', () => {
  const validate = (chain: ReturnType<typeof memoryChain>, tx: Uint8Array) =>
    runtime.validateTransaction(new StorageOverlay(chain.executor.stateAt(chain.head().header.stateRoot)), 'External', tx, { number: chain.head().header.number, hash: chain.head().hash });

  it('behavior: a future nonce is valid and requires its predecessor; the current one provides (who, nonce)', () => {
    const chain = memoryChain();
    const v0 = validate(chain, sign(chain.genesis.hash, pairs.Alice, 'system', 'remark', ['0x00'], 0));
    const v2 = validate(chain, sign(chain.genesis.hash, pairs.Alice, 'system', 'remark', ['0x00'], 2));
    assert.equal(v0.kind, 'valid');
    assert.equal(v2.kind === 'valid' && v2.value.requires.length, 1);
    assert.equal(v0.kind === 'valid' && v0.value.requires.length, 0);
  });

  it('error: bad signature, stale nonce, ancient birth block, unknown para, oversized payload, no funds', () => {
    const chain = memoryChain();
    chain.build([sign(chain.genesis.hash, pairs.Alice, 'system', 'remark', ['0x00'], 0)]);
    const good = sign(chain.genesis.hash, pairs.Alice, 'system', 'remark', ['0x00'], 1);
    const tampered = good.slice();
    tampered[tampered.length - 1] ^= 1;
    const cases: [string, Uint8Array, string][] = [
      ['bad proof', tampered, 'BadProof'],
      ['stale', sign(chain.genesis.hash, pairs.Alice, 'system', 'remark', ['0x00'], 0), 'Stale'],
      ['ancient birth', sign(chain.genesis.hash, pairs.Alice, 'system', 'remark', ['0x00'], 1, { blockHash: new Uint8Array(32).fill(5), current: 900 }), 'AncientBirthBlock'],
      ['unknown para', sign(chain.genesis.hash, pairs.Alice, 'sequencer', 'submit', [999, '0x01'], 1), 'Custom'],
      ['oversized', sign(chain.genesis.hash, pairs.Alice, 'sequencer', 'submit', [100, u8aToHex(new Uint8Array(config.maxPayloadBytes + 1))], 1), 'Custom'],
      ['no funds', sign(chain.genesis.hash, pairs.Charlie, 'system', 'remark', ['0x00'], 0), 'Payment'],
    ];
    for (const [name, tx, reason] of cases) {
      const v = validate(chain, tx);
      assert.equal(v.kind === 'invalid' ? v.reason : v.kind, reason, name);
    }
    assert.equal(validate(chain, Uint8Array.of(8, 1, 2)).kind, 'invalid', 'garbage');
  });
});

describe('Runtime APIs', () => {
  it('behavior: Core_version, Metadata_metadata_at_version and validate_transaction decode with polkadot-js', () => {
    const chain = memoryChain();
    const ctx = { runtime, state: chain.executor.stateAt(chain.genesis.header.stateRoot), at: { number: 0n, hash: chain.genesis.hash } };
    const reg = runtime.codec.registry;
    const version = reg.createType('RuntimeVersion', callRuntimeApi(ctx, 'Core_version', new Uint8Array())) as unknown as { specName: { toString(): string } };
    assert.equal(version.specName.toString(), 'spindle');
    const v15 = reg.createType('Option<Bytes>', callRuntimeApi(ctx, 'Metadata_metadata_at_version', Uint8Array.of(15, 0, 0, 0)));
    assert.ok(v15.isSome);
    assert.ok(reg.createType('Option<Bytes>', callRuntimeApi(ctx, 'Metadata_metadata_at_version', Uint8Array.of(16, 0, 0, 0))).isNone);
    const tx = sign(chain.genesis.hash, pairs.Alice, 'system', 'remark', ['0x00'], 0);
    const validity = reg.createType<import('@polkadot/types-codec').Result<import('@polkadot/types-codec/types').Codec, import('@polkadot/types-codec/types').Codec>>('TransactionValidity', callRuntimeApi(ctx, 'TaggedTransactionQueue_validate_transaction', Buffer.concat([Uint8Array.of(2), tx, chain.genesis.hash])));
    assert.ok(validity.isOk);
    assert.equal(reg.createType('u32', callRuntimeApi(ctx, 'AccountNonceApi_account_nonce', pairs.Alice.publicKey)).toNumber(), 0);
    const info = reg.createType<import('@polkadot/types-codec').Struct & { partialFee: { toBigInt(): bigint } }>('RuntimeDispatchInfo', callRuntimeApi(ctx, 'TransactionPaymentApi_query_info', Buffer.concat([tx, Uint8Array.of(tx.length, 0, 0, 0)])));
    assert.equal(info.partialFee.toBigInt(), config.baseFee + config.byteFee * BigInt(tx.length));
  });

  it('error: unknown method and bad input are typed errors', () => {
    const chain = memoryChain();
    const ctx = { runtime, state: chain.executor.stateAt(chain.genesis.header.stateRoot), at: { number: 0n, hash: chain.genesis.hash } };
    assert.throws(() => callRuntimeApi(ctx, 'Nope_nope', new Uint8Array()), { code: 'UNKNOWN_METHOD' });
    assert.throws(() => callRuntimeApi(ctx, 'AccountNonceApi_account_nonce', Uint8Array.of(1)), { code: 'BAD_INPUT' });
  });
});

describe('BlockExecutor.execute (importing a block built elsewhere)', () => {
  function builtAndFresh(): { built: BuiltBlock; parent: BuiltBlock; fresh: BlockExecutor } {
    const a = memoryChain();
    const tx = sign(a.genesis.hash, pairs.Alice, 'sequencer', 'submit', [100, '0x0102'], 0);
    const built = a.build([tx, sign(a.genesis.hash, pairs.Bob, 'system', 'remark_with_event', ['0x09'], 0)]);
    const b = memoryChain();
    return { built, parent: b.genesis, fresh: b.executor };
  }
  const parentRef = (p: BuiltBlock) => ({ hash: p.hash, number: p.header.number, stateRoot: p.header.stateRoot });

  it('behavior: re-executing a valid block yields the same hash and state nodes', () => {
    const { built, parent, fresh } = builtAndFresh();
    const imported = fresh.execute(parentRef(parent), built.header, built.extrinsics, undefined);
    assert.equal(u8aToHex(imported.hash), u8aToHex(built.hash));
    assert.equal(imported.included.length, built.extrinsics.length);
  });

  it('error: tampered roots, dropped or forged extrinsics and wrong parents are refused with their code', () => {
    const { built, parent, fresh } = builtAndFresh();
    const cases: [string, () => unknown, string][] = [
      ['state root', () => fresh.execute(parentRef(parent), { ...built.header, stateRoot: new Uint8Array(32) }, built.extrinsics, undefined), 'STATE_ROOT_MISMATCH'],
      ['dropped extrinsic', () => fresh.execute(parentRef(parent), built.header, built.extrinsics.slice(0, 2), undefined), 'STATE_ROOT_MISMATCH'],
      ['extrinsics root', () => fresh.execute(parentRef(parent), { ...built.header, extrinsicsRoot: new Uint8Array(32) }, built.extrinsics, undefined), 'EXTRINSICS_ROOT_MISMATCH'],
      ['digest', () => fresh.execute(parentRef(parent), { ...built.header, digest: [] }, built.extrinsics, undefined), 'DIGEST_MISMATCH'],
      ['wrong parent', () => fresh.execute({ ...parentRef(parent), hash: new Uint8Array(32) }, built.header, built.extrinsics, undefined), 'WRONG_PARENT'],
      ['no inherent', () => fresh.execute(parentRef(parent), built.header, [], undefined), 'MISSING_INHERENT'],
    ];
    const forged = built.extrinsics[1]!.slice();
    forged[forged.length - 1] ^= 1;
    cases.push(['forged signature', () => fresh.execute(parentRef(parent), built.header, [built.extrinsics[0]!, forged, built.extrinsics[2]!], undefined), 'INVALID_EXTRINSIC']);
    for (const [name, run, code] of cases) assert.throws(run, (e: unknown) => (e as { code?: string }).code === code, name);
  });
});

describe('BlockExecutor.build: per-para lanes', () => {
  it('behavior: a busy para fills its lane, a later transaction of another para still gets in, and leftover space is used', () => {
    const chain = memoryChain();
    const big = (nonce: number) => sign(chain.genesis.hash, pairs.Alice, 'sequencer', 'submit', [100, u8aToHex(new Uint8Array(1000).fill(nonce))], nonce);
    const busy = Array.from({ length: 8 }, (_, i) => big(i));
    const other = sign(chain.genesis.hash, pairs.Bob, 'sequencer', 'submit', [200, '0x01'], 0);
    const size = busy[0]!.length;
    const maxBytes = size * 6;
    const block = chain.executor.build({
      parent: { hash: chain.genesis.hash, number: 0n, stateRoot: chain.genesis.header.stateRoot },
      timestamp: 1000n,
      author: undefined,
      candidates: [...busy, other].map((tx, i) => ({ hash: Uint8Array.of(i), tx })),
      maxBytes,
      laneShare: 2 / 6,
    });
    const includedIds = block.included.map((x) => x.hash[0]);
    // Para 100's lane holds two transactions (2/6 of the block); para 200's transaction (index 8),
    // last in priority, is not starved; the remaining space then goes to para 100's waiting ones in order.
    assert.ok(includedIds.includes(8), `para 200's transaction included: ${includedIds}`);
    assert.deepEqual(includedIds.slice(0, 3), [0, 1, 8]);
    assert.equal(block.included.length, 6, 'the block is filled up after the lanes');
  });
});

describe('extrinsic decoding', () => {
  it('behavior: the hot-path v4 decoder agrees with @polkadot/types on signed extrinsics of every signature kind, era, nonce and tip', async () => {
    const { decodeExtrinsic, decodeExtrinsicV4 } = await import('../primitives/extrinsic.ts');
    const { Keyring } = await import('@polkadot/keyring');
    const reg = runtime.codec.registry;
    const genesis = new Uint8Array(32).fill(7);
    let checked = 0;
    for (const type of ['sr25519', 'ed25519', 'ecdsa'] as const) {
      const pair = new Keyring({ type }).addFromUri('//Alice');
      for (const [nonce, tip, era] of [[0, 0n, 0], [5, 10n ** 12n, 64], [2 ** 31, 1n, 4096]] as const) {
        const call = reg.createType('Call', { callIndex: callIndex('sequencer', 'submit'), args: { para_id: 100, payload: '0x0102' } });
        const ext = reg.createType('Extrinsic', call);
        ext.sign(pair, {
          blockHash: genesis, genesisHash: genesis, nonce, tip,
          runtimeVersion: { specVersion: 1, transactionVersion: 1 } as never,
          era: (era === 0 ? 0 : reg.createType('ExtrinsicEra', { current: 1000, period: era })) as never,
        });
        const bytes = ext.toU8a();
        const a = decodeExtrinsic(reg, bytes);
        const b = decodeExtrinsicV4(bytes);
        assert.deepEqual(
          { ...b, bytes: [...b.bytes], callBytes: [...b.callBytes] },
          { ...a, bytes: [...a.bytes], callBytes: [...a.callBytes] },
          `${type} nonce ${nonce} era ${era}`,
        );
        checked++;
      }
    }
    assert.equal(checked, 9);
    const unsigned = decodeExtrinsicV4(runtime.timestampInherent(5n));
    assert.equal(unsigned.signed, undefined);
    for (const bad of [Uint8Array.of(4, 0x84, 1), Uint8Array.of(8, 0x05, 0, 0, 0, 0, 0, 0), Uint8Array.of(12, 0x84, 9, 9)]) {
      assert.throws(() => decodeExtrinsicV4(bad), (e: unknown) => (e as { name?: string }).name === 'ExtrinsicError');
    }
  });
});
