import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { initHashing } from '../primitives/hashing.ts';
import { createTempDir, type TempDir } from '../store/index.ts';
import { spawnNode, type SpawnedNode } from '../testing/spawnNode.ts';
import { ChopsticksFeed } from './execution/chopsticks/ChopsticksFeed.ts';
import { devAppChainGenesis, SNAPSHOT_RUNTIME_SIGNED_EXTENSIONS, type DevAppChain } from './execution/chopsticks/devAppChainGenesis.ts';
import { startChopsticks, type RunningChopsticks } from './execution/chopsticks/startChopsticks.ts';
import { stateFingerprint } from './execution/chopsticks/stateFingerprint.ts';
import type { OrderedSlice } from './ParaTransaction.ts';
import { RelayFollower } from './RelayFollower.ts';

const BIN = fileURLToPath(new URL('../cli/spindle.mjs', import.meta.url));
const PARA = 100;
const UNIT = 10n ** 12n;
const MARKER_SURI = '//SpindleMarker';

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function rpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/**
 * Acceptance, end to end with real components: a relay node, a chopsticks app chain running a
 * real Substrate runtime, and the `spindle collator` process between them. Users sign against
 * the collator's RPC (reads are forwarded to the app chain) and submit to it; the relay orders
 * the transactions; the collator follows the relay and chopsticks executes them in that order.
 */
describe('relay + chopsticks app chain + spindle collator', { timeout: 420_000 }, () => {
  let relay: SpawnedNode;
  let dev: DevAppChain;
  let chopsticks: RunningChopsticks;
  let replica: Promise<RunningChopsticks>;
  let collator: ChildProcess;
  let collatorExited: Promise<void>;
  let collatorUrl: string;
  let dir: TempDir;
  let user: ApiPromise;
  let app: ApiPromise;
  const sr = new Keyring({ type: 'sr25519', ss58Format: 42 });
  let alice: KeyringPair;
  let bob: KeyringPair;
  let eve: KeyringPair;
  let ferdie: KeyringPair;

  before(async () => {
    await cryptoWaitReady();
    await initHashing();
    [alice, bob, eve, ferdie] = ['//Alice', '//Bob', '//Eve', '//Ferdie'].map((s) => sr.addFromUri(s)) as [KeyringPair, KeyringPair, KeyringPair, KeyringPair];
    const marker = new Keyring({ type: 'ed25519' }).addFromUri(MARKER_SURI);
    dir = await createTempDir('spindle-collator-chopsticks-');
    dev = await devAppChainGenesis({ paraId: PARA, endowed: ['//Alice', '//Bob', '//Ferdie'], accounts: [{ publicKey: marker.publicKey, free: 1_000n * UNIT }] });
    relay = await spawnNode(['--dev', '--block-time', '500']);
    chopsticks = await startChopsticks({ genesis: dev.genesis, logFile: join(dir.path, 'chopsticks.log') });
    replica = startChopsticks({ genesis: dev.genesis, logFile: join(dir.path, 'replica.log') });
    replica.catch(() => undefined);
    collator = spawn(process.execPath, [BIN, 'collator', '--para-id', String(PARA), '--relay', relay.wsUrl, '--parachain-rpc', chopsticks.endpoint, '--execute', 'chopsticks', '--marker-key', MARKER_SURI, '--key', '//Alice', '-d', join(dir.path, 'collator'), '--rpc-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    collatorExited = new Promise((resolve) => collator.once('exit', () => resolve()));
    let output = '';
    const port = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const m = /Collator RPC endpoint: ws:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (m !== null) resolve(m[1]!);
      };
      collator.stdout!.on('data', onData);
      collator.stderr!.on('data', onData);
      collator.once('exit', (code) => reject(new Error(`collator exited (${code}):\n${output.slice(-3000)}`)));
    });
    collatorUrl = `http://127.0.0.1:${port}`;
    user = await ApiPromise.create({ provider: new WsProvider(`ws://127.0.0.1:${port}`) as never, signedExtensions: SNAPSHOT_RUNTIME_SIGNED_EXTENSIONS, noInitWarn: true });
    app = await ApiPromise.create({ provider: new WsProvider(chopsticks.endpoint) as never, signedExtensions: SNAPSHOT_RUNTIME_SIGNED_EXTENSIONS, noInitWarn: true });
  });

  after(async () => {
    await user?.disconnect();
    await app?.disconnect();
    if (collator !== undefined && collator.exitCode === null && collator.signalCode === null) process.kill(collator.pid!, 'SIGTERM');
    await collatorExited;
    await chopsticks?.stop();
    await (await replica?.catch(() => undefined))?.stop();
    await relay?.stop();
    await dir?.remove();
  });

  /** Events of the app chain's blocks from `from` to its head, as `section.method`. */
  async function appEvents(from: number): Promise<string[]> {
    const head = (await app.rpc.chain.getHeader()).number.toNumber();
    const out: string[] = [];
    for (let n = from; n <= head; n++) {
      const at = await app.at(await app.rpc.chain.getBlockHash(n));
      const events = (await at.query.system.events()) as unknown as { event: { section: string; method: string } }[];
      out.push(...events.map((e) => `${e.event.section}.${e.event.method}`));
    }
    return out;
  }

  const balance = async (who: KeyringPair): Promise<bigint> => ((await app.query.system.account(who.address)) as unknown as { data: { free: { toBigInt(): bigint } } }).data.free.toBigInt();

  it('behavior: a signed remarkWithEvent and a transfer sent to the collator are sequenced, streamed back and executed by chopsticks', async () => {
    const start = (await app.rpc.chain.getHeader()).number.toNumber() + 1;
    const remark = await user.tx.system.remarkWithEvent('hello from the relay order').signAsync(alice, { nonce: 0 });
    const transfer = await user.tx.balances.transferKeepAlive(ferdie.address, 5n * UNIT).signAsync(alice, { nonce: 1 });
    const before = await balance(ferdie);
    await user.rpc.author.submitExtrinsic(remark);
    await user.rpc.author.submitExtrinsic(transfer);
    await until('chopsticks executed both', async () => (await balance(ferdie)) === before + 5n * UNIT);
    const events = await appEvents(start);
    assert.ok(events.includes('system.Remarked'), events.join(', '));
    assert.ok(events.includes('balances.Transfer'), events.join(', '));
  });

  it('behavior: two users\' conflicting transfers execute in relay order, and replaying the relay order gives the same state', async () => {
    // Eve owns nothing: her transfer can only pass after Bob's reaches her. The collator sequences
    // in submission order, so the relay puts hers first, and the app chain refuses it.
    const evePays = await user.tx.balances.transferKeepAlive(ferdie.address, 1n * UNIT).signAsync(eve, { nonce: 0 });
    const bobPays = await user.tx.balances.transferKeepAlive(eve.address, 20n * UNIT).signAsync(bob, { nonce: 0 });
    await user.rpc.author.submitExtrinsic(evePays);
    await user.rpc.author.submitExtrinsic(bobPays);
    await until('Bob\'s transfer executed', async () => (await balance(eve)) > 0n);
    assert.equal(await balance(eve), 20n * UNIT, 'Eve\'s own transfer, sequenced before Bob\'s, was refused');

    // The relay's order, read back independently through a follower of its own, up to the block with Bob's transfer.
    const follower = new RelayFollower({ relayUrl: relay.wsUrl, paraId: PARA, cursorDir: join(dir.path, 'replay-cursor') });
    await follower.start();
    const slices: OrderedSlice[] = [];
    for await (const slice of follower.slices()) {
      slices.push(slice);
      if (slice.payloads.some((p) => u8aToHex(p) === bobPays.toHex())) break;
    }
    await follower.stop();
    const last = slices.at(-1)!.relayBlockNumber;
    await until(`the collator executed relay #${last}`, async () => BigInt((await rpc<{ executedRelayBlock: number }>(collatorUrl, 'collator_status')).executedRelayBlock) >= last);
    const order = slices.flatMap((s) => s.payloads.map((p) => u8aToHex(p)));
    assert.ok(order.indexOf(evePays.toHex()) >= 0 && order.indexOf(evePays.toHex()) < order.indexOf(bobPays.toHex()), 'relay order: Eve, then Bob');

    const fresh = await replica;
    const feed = await ChopsticksFeed.connect({ endpoint: fresh.endpoint, paraId: PARA, marker: { signer: new Keyring({ type: 'ed25519' }).addFromUri(MARKER_SURI) }, signedExtensions: SNAPSHOT_RUNTIME_SIGNED_EXTENSIONS });
    try {
      for (const slice of slices) await feed.execute(slice);
    } finally {
      await feed.close();
    }
    const call = (url: string) => (method: string, params: readonly unknown[] = []) => rpc<unknown>(url.replace(/^ws/, 'http'), method, [...params]);
    const liveHead = (await app.rpc.chain.getHeader()).hash.toHex();
    const replayHead = (await rpc<{ number: string }>(fresh.httpUrl, 'chain_getHeader'));
    assert.equal(Number(replayHead.number), (await app.rpc.chain.getHeader()).number.toNumber(), 'same app block height');
    const replayHash = await rpc<`0x${string}`>(fresh.httpUrl, 'chain_getBlockHash', [Number(replayHead.number)]);
    assert.equal(await stateFingerprint(call(fresh.httpUrl), replayHash), await stateFingerprint(call(chopsticks.httpUrl), liveHead), 'replaying the relay order reproduces the state');
  });
});
