import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { initHashing } from '../primitives/hashing.ts';
import { builtinChainSpec, ChainSpecError, parseChainSpec } from './chainSpec.ts';
import { genesisStorageOf, runtimeConfigFor } from './genesisOf.ts';

before(async () => {
  await cryptoWaitReady();
  await initHashing();
});

describe('chain specs', () => {
  it('behavior: chain-specs/dev.json is what `spindle build-spec --chain dev` prints', async () => {
    const committed = JSON.parse(await readFile(new URL('../../chain-specs/dev.json', import.meta.url), 'utf8')) as unknown;
    assert.deepEqual(committed, JSON.parse(JSON.stringify(builtinChainSpec('dev'))), 'regenerate with: npx spindle build-spec --chain dev > chain-specs/dev.json');
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
