import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { hashHeader } from '../../primitives/header.ts';
import { emptyTrieRoot } from '../../runtime/trie/emptyTrieRoot.ts';
import { trieRoot } from '../../runtime/trie/trieRoot.ts';
import { createTempDir } from '../../store/tempStoreDir.ts';
import { appChainRawSpec } from './appChainSpec.fixture.ts';
import { ConnectorError } from './ConnectorError.ts';
import { SmoldotConnector } from './SmoldotConnector.ts';
import { startSmoldotClient } from './startSmoldotClient.ts';
import type { ConnectorStatus } from './AppChainConnector.ts';

const run = promisify(execFile);
const SPINDLE = fileURLToPath(new URL('../../cli/spindle.mjs', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./smoldotLifecycle.fixture.ts', import.meta.url));

/** The genesis hash of a chain whose genesis storage is `spec`'s raw `top`, computed without smoldot. */
function expectedGenesisHash(spec: string): string {
  const top = (JSON.parse(spec) as { genesis: { raw: { top: Record<string, string> } } }).genesis.raw.top;
  const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
  const stateRoot = trieRoot(Object.entries(top).map(([k, v]) => [bytes(k), bytes(v)] as const), 0);
  const hash = hashHeader({ parentHash: new Uint8Array(32), number: 0n, stateRoot, extrinsicsRoot: emptyTrieRoot(), digest: [] });
  return `0x${Buffer.from(hash).toString('hex')}`;
}

const isCode = (code: ConnectorError['code'], message?: RegExp) => (e: unknown): boolean =>
  e instanceof ConnectorError && e.code === code && (message === undefined || message.test(e.message));

test('behavior: SmoldotConnector adds a chain from a raw spec file and answers what a light client knows without peers', async () => {
  const dir = await createTempDir('spindle-smoldot-');
  const spec = await appChainRawSpec();
  const path = join(dir.path, 'app-raw.json');
  await writeFile(path, spec);
  const connector = new SmoldotConnector({ chainSpecPath: path, requestTimeoutMs: 1500 });
  const statuses: ConnectorStatus[] = [];
  connector.onStatus(({ status }) => statuses.push(status));
  try {
    await connector.connect();
    assert.equal(connector.status, 'connected');

    const info = await connector.chainInfo();
    assert.equal(info.genesisHash, expectedGenesisHash(spec));
    assert.equal(info.chainName, 'Test App Chain');
    assert.equal(info.properties['tokenSymbol'], 'APP');
    assert.equal(await connector.request('chain_getBlockHash', [0]), info.genesisHash);
    assert.equal(await connector.request('system_chain', []), 'Test App Chain');
    assert.deepEqual(await connector.request('system_health', []), { isSyncing: true, peers: 0, shouldHavePeers: false });

    // A light client has no view of any node's pool.
    assert.deepEqual(await connector.pendingExtrinsics(), []);

    // The new JSON-RPC API follows the chain from the spec's genesis block.
    const events: { event?: string; finalizedBlockHashes?: string[] }[] = [];
    let initialized: () => void = () => {};
    const gotInitialized = new Promise<void>((resolve) => {
      initialized = resolve;
    });
    const unfollow = await connector.subscribe(
      { subscribe: 'chainHead_v1_follow', unsubscribe: 'chainHead_v1_unfollow', notification: 'chainHead_v1_followEvent' },
      [false],
      (event) => {
        events.push(event as (typeof events)[number]);
        if ((event as { event?: string }).event === 'initialized') initialized();
      },
    );
    await gotInitialized;
    assert.deepEqual(events[0]?.finalizedBlockHashes, [info.genesisHash]);
    await unfollow();

    // Block and state queries wait for peers; without any they time out.
    await assert.rejects(connector.request('chain_getHeader', []), isCode('TIMEOUT'));
    await assert.rejects(connector.request('no_suchMethod', []), isCode('RPC_ERROR'));
  } finally {
    await connector.close();
    await dir.remove();
  }
  assert.deepEqual(statuses, ['connecting', 'connected', 'closed']);
  await assert.rejects(connector.chainInfo(), isCode('CLOSED'));
  await assert.rejects(connector.connect(), isCode('CLOSED'));
});

test('behavior: SmoldotConnector can share a smoldot client; close() then removes only its own chain', async () => {
  const smoldot = startSmoldotClient({ logCallback: () => {} });
  const client = smoldot.client;
  const spec = await appChainRawSpec();
  const a = new SmoldotConnector({ chainSpec: spec, client });
  const b = new SmoldotConnector({ chainSpec: spec, client });
  try {
    await a.connect();
    await b.connect();
    await a.close();
    assert.match((await b.chainInfo()).genesisHash, /^0x[0-9a-f]{64}$/);
  } finally {
    await a.close();
    await b.close();
    await smoldot.stop();
  }
});

test('error: SmoldotConnector refuses bad chain specs with INVALID_CHAIN_SPEC and what smoldot said', async () => {
  const dir = await createTempDir('spindle-smoldot-');
  try {
    const refusals: [string, SmoldotConnector, RegExp][] = [];
    const add = (label: string, connector: SmoldotConnector, message: RegExp): void => {
      refusals.push([label, connector, message]);
    };
    add('missing file', new SmoldotConnector({ chainSpecPath: join(dir.path, 'nope.json') }), /cannot read chain spec .*ENOENT/);
    add('not JSON', new SmoldotConnector({ chainSpec: 'not json' }), /not JSON/);
    const { stdout: humanSpec } = await run(process.execPath, [SPINDLE, 'build-spec', '--chain', 'dev']);
    add('Spindle spec (runtimeGenesis)', new SmoldotConnector({ chainSpec: humanSpec }), /Failed to decode chain specification: Failed to parse chain spec/);
    const { stdout: rawSpec } = await run(process.execPath, [SPINDLE, 'build-spec', '--chain', 'dev', '--raw'], { maxBuffer: 1 << 24 });
    add('Spindle raw spec (its :code is no wasm)', new SmoldotConnector({ chainSpec: rawSpec }), /Failed to build genesis chain information: Error when initializing the virtual machine: Error in runtime spec Wasm sections: FailedToParse/);
    const paraSpec = JSON.stringify({ ...JSON.parse(await appChainRawSpec()), relay_chain: 'spindle_dev', para_id: 100 });
    add('parachain spec without its relay chain', new SmoldotConnector({ chainSpec: paraSpec }), /Couldn't find relevant relay chain/);
    for (const [label, connector, message] of refusals) {
      await assert.rejects(connector.connect(), isCode('INVALID_CHAIN_SPEC', message), label);
      assert.equal(connector.status, 'idle', label);
      await connector.close();
    }
  } finally {
    await dir.remove();
  }
});

test('behavior: after close() no smoldot worker or timer is left and the process exits by itself', async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', FIXTURE], { timeout: 120_000, cwd: fileURLToPath(new URL('../../..', import.meta.url)) });
  const report = JSON.parse(stdout.trim().split('\n').pop()!) as { genesisHash: string; hanging: string; badSpec: string; active: string[] };
  assert.match(report.genesisHash, /^0x[0-9a-f]{64}$/);
  assert.equal(report.hanging, 'CLOSED');
  assert.equal(report.badSpec, 'INVALID_CHAIN_SPEC');
  assert.deepEqual(report.active.filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap'), []);
});
