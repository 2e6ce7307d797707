import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { spindlePolkadotTypes } from '../../runtime-bindings/consensusTypes.ts';
import { connectApi } from '../testing/connectApi.ts';
import { LOCAL_VALIDATORS, LocalNetwork } from '../testing/localNetwork.ts';
import { submitAndFinalize } from '../testing/submitAndFinalize.ts';

const NAMES = LOCAL_VALIDATORS;

async function finalizedNumber(api: ApiPromise): Promise<number> {
  return (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
}

/** Polls until `check` holds (each poll is an RPC round trip, never a guess of time); bounded by `limitMs`. */
async function until(what: string, check: () => Promise<boolean>, limitMs = 90_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Four validator processes from the `local` chain spec, connected over libp2p on loopback,
 * finalize blocks with Tendermint; one is killed and restarted; a transaction sent to any
 * node is finalized on all.
 */
describe('local network: 4 validators', { timeout: 400_000 }, () => {
  let net: LocalNetwork;
  const apis = new Map<string, ApiPromise>();

  before(async () => {
    await cryptoWaitReady();
    net = await LocalNetwork.create(500);
    await Promise.all(NAMES.map((name) => net.start(name)));
    for (const name of NAMES) apis.set(name, await connectApi(net.nodes.get(name)!.wsUrl));
  });

  after(async () => {
    for (const api of apis.values()) await api.disconnect().catch(() => undefined);
    await net?.close();
  });

  it('behavior: all four finalize blocks and report the same hash at every finalized height', async () => {
    await until('height 5 finalized everywhere', async () => (await Promise.all([...apis.values()].map(finalizedNumber))).every((n) => n >= 5));
    for (let n = 1; n <= 5; n++) {
      const hashes = await Promise.all([...apis.values()].map(async (api) => (await api.rpc.chain.getBlockHash(n)).toHex()));
      assert.equal(new Set(hashes).size, 1, `one hash at #${n}: ${hashes.join(', ')}`);
    }
    const bob = apis.get('bob')!;
    const hash = await bob.rpc.chain.getBlockHash(3);
    const block = await bob.rpc.chain.getBlock(hash);
    assert.ok(block.justifications.isSome, 'finalized blocks carry a justification');
    // Clients decode it with the published type definitions.
    bob.registry.register(spindlePolkadotTypes);
    const [entry] = block.justifications.unwrap();
    assert.equal(new TextDecoder().decode(entry![0].toU8a()), 'SPDL');
    const commit = bob.registry.createType('SpindleCommit', entry![1].toU8a(true)) as unknown as { height: { toNumber(): number }; blockHash: { toHex(): string }; precommits: unknown[] };
    assert.equal(commit.height.toNumber(), 3);
    assert.equal(commit.blockHash.toHex(), hash.toHex());
    assert.ok(commit.precommits.length >= 3, 'more than 2/3 of 4 equal-power validators signed');
    // The header carries the proposer's round and index (pre-runtime) and its seal.
    assert.deepEqual(block.block.header.digest.logs.map((l) => l.type), ['PreRuntime', 'Consensus', 'Seal']);
  });

  it('behavior: a full node follows; a transaction submitted to it (it never proposes) is gossiped, finalized and visible on all', async () => {
    const full = await net.start('full');
    const api = await connectApi(full.wsUrl);
    apis.set('full', api);
    assert.match(full.logs(), /Role: FULL/);
    const target = await finalizedNumber(apis.get('alice')!);
    await until('the full node follows', async () => (await finalizedNumber(api)) >= target);
    const eve = new Keyring({ type: 'sr25519' }).addFromUri('//Eve');
    const result = await submitAndFinalize(api, api.tx.sequencer.submit(100, '0xcafe'), eve);
    for (const other of apis.values()) {
      await until('the block everywhere', async () => other.rpc.chain.getHeader(result.blockHash).then(() => true, () => false));
    }
    await api.disconnect();
    apis.delete('full');
    await net.stop('full');
  });

  it('behavior: SIGKILL one validator, the other three keep finalizing; restarted, it catches up', async () => {
    await apis.get('dave')!.disconnect();
    apis.delete('dave');
    await net.stop('dave', 'kill');
    const before = await finalizedNumber(apis.get('alice')!);
    await until('three validators finalize 3 more blocks', async () => (await finalizedNumber(apis.get('alice')!)) >= before + 3);
    const restarted = await net.start('dave');
    const api = await connectApi(restarted.wsUrl);
    apis.set('dave', api);
    const target = await finalizedNumber(apis.get('alice')!);
    await until('dave catches up', async () => (await finalizedNumber(api)) >= target);
    assert.equal((await api.rpc.chain.getBlockHash(target)).toHex(), (await apis.get('alice')!.rpc.chain.getBlockHash(target)).toHex());
  });

  it('behavior: with two of four stopped finality halts; restarted, it resumes with no fork', async () => {
    const stopped = ['bob', 'charlie'] as const;
    for (const name of stopped) {
      await apis.get(name)!.disconnect();
      apis.delete(name);
      await net.stop(name);
    }
    const halted = await finalizedNumber(apis.get('alice')!);
    // With half of the power Tendermint cannot even time out of round 0 (that needs 2f+1 votes),
    // so wait for two more of alice's 5-second status lines as proof that time passed.
    const idleLines = (): number => (net.nodes.get('alice')!.logs().match(/💤 Idle/g) ?? []).length;
    const seen = idleLines();
    await until('two status lines from alice', async () => idleLines() >= seen + 2);
    assert.equal(await finalizedNumber(apis.get('alice')!), halted, 'no block finalized by half of the power');
    for (const name of stopped) {
      apis.set(name, await connectApi((await net.start(name)).wsUrl));
    }
    await until('finality resumes', async () => (await Promise.all([...apis.values()].map(finalizedNumber))).every((n) => n >= halted + 2));
    for (let n = 1; n <= halted + 2; n++) {
      const hashes = await Promise.all([...apis.values()].map(async (api) => (await api.rpc.chain.getBlockHash(n)).toHex()));
      assert.equal(new Set(hashes).size, 1, `no fork at #${n}`);
    }
  });
});
