import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { initHashing } from '../primitives/hashing.ts';
import { builtinChainSpec, ChainSpecError, devConsensusKey, parseChainSpec } from './chainSpec.ts';
import { genesisStorageOf, runtimeConfigFor } from './genesisOf.ts';

before(async () => {
  await cryptoWaitReady();
  await initHashing();
});

describe('chain specs', () => {
  for (const name of ['dev', 'local']) {
    it(`behavior: chain-specs/${name}.json is what \`spindle build-spec --chain ${name}\` prints`, async () => {
      const committed = JSON.parse(await readFile(new URL(`../../chain-specs/${name}.json`, import.meta.url), 'utf8')) as unknown;
      assert.deepEqual(committed, JSON.parse(JSON.stringify(builtinChainSpec(name))), `regenerate with: npx spindle build-spec --chain ${name} > chain-specs/${name}.json`);
    });
  }

  it('behavior: local has alice, bob, charlie and dave as equal-power validators with ed25519 consensus keys', () => {
    const spec = builtinChainSpec('local');
    assert.ok('runtimeGenesis' in spec.genesis);
    const validators = spec.genesis.runtimeGenesis.patch.session!.validators;
    assert.equal(validators.length, 4);
    assert.deepEqual(validators.map(([, , power]) => power), [1, 1, 1, 1]);
    assert.equal(validators[0]![1], devConsensusKey('Alice'));
  });

  it('behavior: the raw form has the same genesis storage as the runtime genesis config', () => {
    const spec = builtinChainSpec('dev');
    const config = runtimeConfigFor(1000);
    const storage = genesisStorageOf(spec, config);
    const raw = { ...spec, genesis: { raw: { top: Object.fromEntries([...storage].map(([k, v]) => [`0x${k}`, `0x${Buffer.from(v).toString('hex')}`])), childrenDefault: {} } } };
    const parsed = parseChainSpec(JSON.parse(JSON.stringify(raw)), 'raw');
    assert.deepEqual(new Map([...genesisStorageOf(parsed, config)].map(([k, v]) => [k, Buffer.from(v).toString('hex')])), new Map([...storage].map(([k, v]) => [k, Buffer.from(v).toString('hex')])));
  });

  it('error: unknown chain names and malformed specs are typed errors', () => {
    assert.throws(() => builtinChainSpec('mainnet'), (e: unknown) => e instanceof ChainSpecError && e.code === 'UNKNOWN_CHAIN');
    assert.throws(() => parseChainSpec([], 'x.json'), (e: unknown) => e instanceof ChainSpecError && e.code === 'INVALID_SPEC');
    assert.throws(() => parseChainSpec({ name: 'a', id: 'b' }, 'x.json'), /genesis/);
    assert.throws(() => parseChainSpec({ name: 'a', id: 'b', genesis: { raw: { top: { zz: '0x00' } } } }, 'x.json'), /not hex/);
  });
});
