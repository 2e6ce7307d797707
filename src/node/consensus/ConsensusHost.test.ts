import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { proposer } from '../../consensus/index.ts';
import { TxPool } from '../../mempool/TxPool.ts';
import { nodeMetrics } from '../../metrics/nodeMetrics.ts';
import { noopMetrics } from '../../metrics/index.ts';
import { encodePreDigest } from '../../primitives/consensusMessages/index.ts';
import { blake2_256, initHashing } from '../../primitives/hashing.ts';
import { encodeHeader } from '../../primitives/header.ts';
import { SignatureVerifier } from '../../primitives/verifySignature.ts';
import { BlockExecutor } from '../../runtime/BlockExecutor.ts';
import { Runtime } from '../../runtime/Runtime.ts';
import { ChainStore, MemoryKeyValueStore, type KeyValueStore } from '../../store/index.ts';
import { Chain } from '../Chain.ts';
import { builtinChainSpec } from '../chainSpec.ts';
import { genesisStorageOf, runtimeConfigFor } from '../genesisOf.ts';
import { silentLogger } from '../Logger.ts';
import { poolValidator } from '../poolValidator.ts';
import type { Timers } from '../SoloAuthor.ts';
import { ConsensusWal } from '../wal/ConsensusWal.ts';
import type { ConsensusNetwork, GossipVerdict } from './ConsensusPorts.ts';
import { ConsensusHost } from './ConsensusHost.ts';
import { createConsensusWire } from './createConsensusWire.ts';
import { walLog } from './walLog.ts';

/** The network at the process boundary: records what the host publishes, delivers what the test sends. */
class RecordingNetwork implements ConsensusNetwork {
  readonly published: Uint8Array[] = [];
  #handler: ((data: Uint8Array, from: string) => GossipVerdict | Promise<GossipVerdict>) | undefined;
  publish(_topic: 'consensus', data: Uint8Array): void {
    this.published.push(data);
  }
  onGossip(_topic: 'consensus', handler: (data: Uint8Array, from: string) => GossipVerdict | Promise<GossipVerdict>): void {
    this.#handler = handler;
  }
  handle(): void {}
  request(): Promise<Uint8Array> {
    return Promise.reject(new Error('no peers'));
  }
  peers(): { peerId: string }[] {
    return [];
  }
  deliver(data: Uint8Array): GossipVerdict | Promise<GossipVerdict> {
    return this.#handler!(data, 'peer');
  }
}

/** Timers that never fire: the test drives the host by messages only. */
const frozenTimers: Timers = { now: () => 1_700_000_000_000, setTimeout: () => ({}), clearTimeout: () => {} };
const NAMES = ['Alice', 'Bob', 'Charlie', 'Dave'] as const;

describe('ConsensusHost', () => {
  let keys: Record<string, KeyringPair>;
  let runtime: Runtime;

  before(async () => {
    await cryptoWaitReady();
    await initHashing();
    keys = Object.fromEntries(NAMES.map((n) => [n, new Keyring({ type: 'ed25519' }).addFromUri(`//${n}`)]));
    runtime = new Runtime(runtimeConfigFor(1000), new SignatureVerifier());
  });

  async function startHost(kv: KeyValueStore, store: ChainStore, network: RecordingNetwork): Promise<{ host: ConsensusHost; chain: Chain; executor: BlockExecutor }> {
    const executor = new BlockExecutor(runtime, store.stateNodes);
    const chain = await Chain.open(store, executor, executor.genesis(genesisStorageOf(builtinChainSpec('local'), runtime.config)));
    const pool = new TxPool(poolValidator(chain, executor), { maxReady: 10, maxFuture: 10, maxBytes: 1 << 20, maxPerSender: 10, banTimeMs: 1000, now: () => 0, hash: blake2_256 });
    const wire = createConsensusWire(chain.genesisHash(), { publicKey: keys['Alice']!.publicKey, sign: (m) => keys['Alice']!.sign(m) });
    const host = new ConsensusHost(chain, executor, pool, wire, walLog(new ConsensusWal(kv)), network, {
      ownKey: keys['Alice']!.publicKey,
      timers: frozenTimers,
      logger: silentLogger(),
      metrics: nodeMetrics(noopMetrics(), { name: 't', version: '0', chain: 'local', role: 'authority' }),
      blockTimeMs: 1000,
    });
    host.start();
    return { host, chain, executor };
  }

  /** Waits until the host has handled everything queued, including what handling queued. */
  const settle = async (host: ConsensusHost): Promise<void> => {
    for (let i = 0; i < 5; i++) await host.whenIdle();
  };

  it('behavior: a restarted validator replays its WAL and re-sends the identical prevote, never a conflicting one', async () => {
    const kv = new MemoryKeyValueStore();
    const store = new ChainStore(kv);
    const network = new RecordingNetwork();
    const first = await startHost(kv, store, network);
    await settle(first.host);
    // Round 0's proposer of height 1 proposes a block built by a separate executor.
    const validators = NAMES.map((n) => ({ id: Buffer.from(keys[n]!.publicKey).toString('hex'), power: 1n }));
    const proposerId = proposer(validators, 1n, 0);
    const proposerName = NAMES.find((n) => Buffer.from(keys[n]!.publicKey).toString('hex') === proposerId)!;
    if (proposerName !== 'Alice') {
      const index = NAMES.indexOf(proposerName);
      const parent = first.chain.best;
      const built = first.executor.build({
        parent: { hash: parent.hash, number: 0n, stateRoot: parent.header.stateRoot },
        timestamp: 1_700_000_000_000n,
        author: undefined,
        preDigest: [encodePreDigest({ round: 0, proposerIndex: index })],
        candidates: [],
      });
      const other = createConsensusWire(first.chain.genesisHash(), { publicKey: keys[proposerName]!.publicKey, sign: (m) => keys[proposerName]!.sign(m) });
      const sealed = first.executor.withSeal(built, other.seal(built.header));
      const proposal = other.signProposal({ height: 1n, round: 0, validRound: -1, blockHash: sealed.hash, block: { header: encodeHeader(sealed.header), body: sealed.body } });
      assert.equal(await network.deliver(other.encode({ kind: 'proposal', proposal })), 'accept');
    }
    await settle(first.host);
    const wire = createConsensusWire(first.chain.genesisHash(), undefined);
    const prevotes = (msgs: Uint8Array[]) => msgs.map((m) => wire.decode(m)).filter((m) => m.kind === 'vote' && m.vote.type === 'prevote' && m.vote.round === 0);
    const before = prevotes(network.published);
    assert.equal(before.length, 1, 'alice prevoted once in round 0');
    assert.notEqual(before[0]!.kind === 'vote' && before[0]!.vote.blockHash, null, 'for the proposed block');

    // "Crash" and restart on the same store and WAL.
    const again = new RecordingNetwork();
    await first.host.stop();
    const second = await startHost(kv, store, again);
    await settle(second.host);
    await second.host.stop();
    const after = prevotes(again.published);
    assert.ok(after.length >= 1, 'the restarted host votes again after replaying');
    for (const m of after) assert.deepEqual(wire.encode(m), wire.encode(before[0]!), 'identical prevote bytes');
  });
});
