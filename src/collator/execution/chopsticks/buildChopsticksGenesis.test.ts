import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { TypeRegistry } from '@polkadot/types';
import type { AccountInfoWithTripleRefCount } from '@polkadot/types/interfaces';
import { hexToU8a } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { buildChopsticksGenesis, ChopsticksGenesisError, DEFAULT_GENESIS_TIMESTAMP_MS } from './buildChopsticksGenesis.ts';
import type { BuildChopsticksGenesisOptions } from './buildChopsticksGenesis.ts';

await cryptoWaitReady();
const keyring = new Keyring({ type: 'sr25519' });
const alice = keyring.addFromUri('//Alice').publicKey;
const bob = keyring.addFromUri('//Bob').publicKey;
const code = hexToU8a('0x0061736d01000000');
const base: BuildChopsticksGenesisOptions = { code, paraId: 2000, auraAuthorities: [alice], accounts: [{ publicKey: alice, free: 5n }, { publicKey: bob, free: 7n }] };

/** Keys every Substrate tool computes the same way (System.Account of //Alice, Timestamp.Now, …). */
const KNOWN = {
  code: '0x3a636f6465',
  aliceAccount: '0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9de1e86a9a8c739864cf3cc5ec2bea59fd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d',
  timestampNow: '0xf0c365c3cf59d671eb72da0e7a4113c49f1f0515f462cdcf84e0f1d6045dfcbb',
  parachainId: '0x0d715f2646c8f85767b5d2764bb2782604a74d81251e398fd8a0a4d55023bb3f',
  auraAuthorities: '0x57f8dc2f5ab09467896f47300f0424385e0621c4869aa60c02be9adcc98a0d1d',
  totalIssuance: '0xc2261276cc9d1f8598ea4b6a74b15c2f57c875e4cff74148e4628f264b974c80',
} as const;

test('behavior: writes code, para id, aura authorities, timestamp and accounts under FRAME keys, sorted', () => {
  const genesis = buildChopsticksGenesis(base);
  const top = genesis.genesis.raw.top;
  const registry = new TypeRegistry();
  assert.equal(top[KNOWN.code], '0x0061736d01000000');
  assert.equal(registry.createType('u32', hexToU8a(top[KNOWN.parachainId])).toNumber(), 2000);
  assert.equal(registry.createType('u64', hexToU8a(top[KNOWN.timestampNow])).toBigInt(), DEFAULT_GENESIS_TIMESTAMP_MS);
  assert.deepEqual(registry.createType('Vec<[u8; 32]>', hexToU8a(top[KNOWN.auraAuthorities])).map((key) => key.toHex()), [registry.createType('[u8; 32]', alice).toHex()]);
  const account = registry.createType('AccountInfoWithTripleRefCount', hexToU8a(top[KNOWN.aliceAccount])) as unknown as AccountInfoWithTripleRefCount;
  assert.equal(account.data.free.toBigInt(), 5n);
  assert.equal(account.providers.toNumber(), 1);
  assert.equal(account.nonce.toNumber(), 0);
  assert.equal(registry.createType('u128', hexToU8a(top[KNOWN.totalIssuance])).toBigInt(), 12n);
  const keys = Object.keys(top);
  assert.deepEqual(keys, [...keys].sort());
  assert.equal(keys.length, 8); // code, para id, aura + aura-ext, timestamp, 2 accounts, issuance
});

test('args: id, name, properties, timestamp and extra storage are taken as given', () => {
  const genesis = buildChopsticksGenesis({ ...base, id: 'x', name: 'X', properties: { tokenSymbol: 'X' }, timestampMs: 12_000n, extraStorage: { '0x01': '0x02' } });
  assert.equal(genesis.id, 'x');
  assert.equal(genesis.name, 'X');
  assert.deepEqual(genesis.properties, { tokenSymbol: 'X' });
  assert.equal(genesis.genesis.raw.top['0x01'], '0x02');
  assert.equal(new TypeRegistry().createType('u64', hexToU8a(genesis.genesis.raw.top[KNOWN.timestampNow])).toNumber(), 12_000);
});

test('error: invalid options are refused with a code', () => {
  const table: readonly { readonly options: BuildChopsticksGenesisOptions; readonly code: string }[] = [
    { options: { ...base, paraId: -1 }, code: 'INVALID_PARA_ID' },
    { options: { ...base, paraId: 2 ** 32 }, code: 'INVALID_PARA_ID' },
    { options: { ...base, auraAuthorities: [alice.subarray(1)] }, code: 'INVALID_KEY' },
    { options: { ...base, accounts: [{ publicKey: alice.subarray(1), free: 1n }] }, code: 'INVALID_KEY' },
    { options: { ...base, accounts: [{ publicKey: alice, free: -1n }] }, code: 'INVALID_BALANCE' },
    { options: { ...base, accounts: [{ publicKey: alice, free: 1n << 128n }] }, code: 'INVALID_BALANCE' },
    { options: { ...base, accounts: [{ publicKey: alice, free: 1n << 127n }, { publicKey: bob, free: 1n << 127n }] }, code: 'INVALID_BALANCE' },
    { options: { ...base, accounts: [{ publicKey: alice, free: 1n }, { publicKey: alice, free: 2n }] }, code: 'DUPLICATE_ACCOUNT' },
  ];
  for (const { options, code: expected } of table) {
    assert.throws(() => buildChopsticksGenesis(options), (e: unknown) => e instanceof ChopsticksGenesisError && e.code === expected, expected);
  }
});
