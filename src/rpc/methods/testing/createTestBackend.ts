import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { SignatureOptions } from '@polkadot/types/types';
import type { RuntimeVersion } from '@polkadot/types/interfaces';
import { TxPool } from '../../../mempool/TxPool.ts';
import { isFinalStatus, type Validator, type Validity } from '../../../mempool/types.ts';
import { decodeExtrinsic } from '../../../primitives/extrinsic.ts';
import { blake2_256, initHashing } from '../../../primitives/hashing.ts';
import { SignatureVerifier } from '../../../primitives/verifySignature.ts';
import { BlockExecutor, type BuiltBlock } from '../../../runtime/BlockExecutor.ts';
import { genesisStorage } from '../../../runtime/genesis.ts';
import { Runtime } from '../../../runtime/Runtime.ts';
import { DEFAULT_RUNTIME_CONFIG } from '../../../runtime/RuntimeConfig.ts';
import { StorageOverlay } from '../../../runtime/storage/StorageOverlay.ts';
import type { TransactionValidity } from '../../../runtime/TransactionValidity.ts';
import { MemoryNodeSource } from '../../../runtime/trie/index.ts';
import { devPairs } from '../../../testing/devAccounts.ts';
import type { NodeInfo, RpcBackend, TxSubmitter, WatchStatus } from '../../RpcBackend.ts';
import { TestChain } from './TestChain.ts';

/** Free balance of each endowed dev account (10^18, i.e. a million units of 12 decimals). */
export const TEST_ENDOWMENT = 10n ** 18n;
const GENESIS_TIME = 1_700_000_000_000n;

/** What `NodeInfo` a test backend reports; tests may change `chainType` and `peerList`. */
export interface TestNodeInfo extends NodeInfo {
  chainType: string;
  peerList: { peerId: string; roles: string; bestHash: string; bestNumber: number }[];
}

export interface TestBackend {
  readonly backend: RpcBackend;
  readonly chain: TestChain;
  readonly pool: TxPool;
  readonly runtime: Runtime;
  readonly info: TestNodeInfo;
  readonly pairs: ReturnType<typeof devPairs>;
  /** Builds a block from the pool's ready transactions on the best head and imports it (finalized unless told). */
  produceBlock(opts?: { finalize?: boolean; justifications?: Uint8Array }): Promise<BuiltBlock>;
  /** A signed, immortal `balances.transfer_keep_alive`, encoded with its length prefix. */
  transfer(from: KeyringPair, to: Uint8Array, amount: bigint, nonce: number, tip?: bigint): Uint8Array;
}

/**
 * Test support: a small but real RPC backend — the relay runtime, a BlockExecutor over an
 * in-memory trie, a genesis endowing //Alice…//Ferdie, a TxPool validating through the runtime,
 * and a {@link TestChain} — as the node wires them, minus the store and the network.
 *
 * @example
 * const t = await createTestBackend();
 * await t.backend.pool.submit(t.transfer(t.pairs.Alice, t.pairs.Bob.publicKey, 10n ** 12n, 0));
 * const block = await t.produceBlock();
 */
export async function createTestBackend(): Promise<TestBackend> {
  await cryptoWaitReady();
  await initHashing();
  const config = DEFAULT_RUNTIME_CONFIG;
  const runtime = new Runtime(config, new SignatureVerifier());
  const nodes = new MemoryNodeSource();
  const executor = new BlockExecutor(runtime, nodes);
  const pairs = devPairs();
  const genesis = executor.genesis(
    genesisStorage(config, { balances: Object.values(pairs).map((p) => [p.publicKey, TEST_ENDOWMENT] as const), paras: [], validators: [] }),
  );
  const chain = new TestChain(executor, nodes, genesis);

  const validator: Validator = (tx, _source, at) => {
    const header = chain.header(at.hash);
    if (header === undefined) return { kind: 'unknown', reason: 'CannotLookup', detail: 'unknown block' };
    const state = new StorageOverlay(executor.stateAt(header.stateRoot));
    return toPoolValidity(runtime.validateTransaction(state, 'External', tx, at));
  };
  const pool = new TxPool(validator, {
    maxReady: 1000,
    maxFuture: 100,
    maxBytes: 1 << 24,
    maxPerSender: 64,
    banTimeMs: 60_000,
    now: () => 0,
    hash: blake2_256,
  });
  const best = (): { hash: Uint8Array; number: bigint } => ({ hash: chain.bestHash(), number: chain.bestHeader.number });

  const submitter: TxSubmitter = {
    submit: (tx) => pool.submit(tx, 'external', best()),
    async submitAndWatch(tx, onStatus) {
      const { hash, watcher } = await pool.submitAndWatch(tx, 'external', best());
      let done = false;
      const off = watcher.on((s) => {
        if (done) return;
        onStatus(s as WatchStatus);
        done = isFinalStatus(s);
      });
      return { hash, stop: () => (off(), watcher.stop()) };
    },
    pending: () => pool.pending(),
  };

  const info: TestNodeInfo = {
    name: 'Spindle',
    version: '0.0.0-test',
    chain: 'Spindle Test',
    chainType: 'Development',
    properties: { ss58Format: 42, tokenDecimals: 12, tokenSymbol: 'UNIT' },
    roles: ['Authority'],
    peerList: [],
    localPeerId: () => '12D3KooWTestPeer',
    localListenAddresses: () => ['/ip4/127.0.0.1/tcp/30333/ws/p2p/12D3KooWTestPeer'],
    peers() {
      return info.peerList;
    },
    isSyncing: () => false,
    shouldHavePeers: () => false,
    syncState: () => ({ startingBlock: 0, currentBlock: Number(chain.bestHeader.number), highestBlock: Number(chain.bestHeader.number) }),
  };

  const backend: RpcBackend = {
    chain,
    state: chain,
    pool: submitter,
    info,
    async accountNextIndex(accountId) {
      let next = BigInt(runtime.accountNonce(executor.stateAt(chain.bestHeader.stateRoot), accountId));
      const nonces = new Set<bigint>();
      for (const tx of pool.pending()) {
        const signed = decodeExtrinsic(runtime.codec.registry, tx).signed;
        if (signed !== undefined && Buffer.from(signed.signer).equals(Buffer.from(accountId))) nonces.add(signed.nonce);
      }
      while (nonces.has(next)) next++;
      return Number(next);
    },
    queryInfo(tx, at) {
      chain.runtimeVersion(at); // throws UnknownBlockError for an unknown block
      const q = runtime.queryInfo(tx);
      return { weight: { refTime: q.weight.ref_time, proofSize: q.weight.proof_size }, class: q.class, partialFee: q.partialFee };
    },
  };

  const balancesIndex = runtime.decl.pallets.find((p) => p.name === 'Balances')!.index;
  const transferIndex = runtime.decl.pallets.find((p) => p.name === 'Balances')!.calls!.find((c) => c.name === 'transfer_keep_alive')!.index;

  return {
    backend,
    chain,
    pool,
    runtime,
    info,
    pairs,
    async produceBlock(opts = {}) {
      const parent = chain.bestHeader;
      const block = executor.build({
        parent: { hash: chain.bestHash(), number: parent.number, stateRoot: parent.stateRoot },
        timestamp: GENESIS_TIME + (parent.number + 1n) * config.targetBlockTimeMs,
        author: undefined,
        candidates: pool.ready(),
      });
      for (const r of block.rejected) pool.markInvalid(r.hash);
      chain.importBlock(block, { finalize: false, ...(opts.justifications === undefined ? {} : { justifications: opts.justifications }) });
      await pool.onBlockImported({ hash: block.hash, number: block.header.number, extrinsics: block.extrinsics });
      if (opts.finalize !== false) {
        chain.finalize(block.hash);
        pool.onBlockFinalized(block.hash);
      }
      return block;
    },
    transfer(from, to, amount, nonce, tip = 0n) {
      const registry = runtime.codec.registry;
      const call = registry.createType('Call', { callIndex: [balancesIndex, transferIndex], args: { dest: { Id: to }, value: amount } });
      const ext = registry.createType('Extrinsic', { method: call });
      const genesisHash = chain.genesisHash();
      const opts: SignatureOptions = {
        blockHash: genesisHash,
        genesisHash,
        nonce,
        tip,
        runtimeVersion: registry.createType('RuntimeVersion', { specVersion: config.specVersion, transactionVersion: config.transactionVersion }) as RuntimeVersion,
        signedExtensions: registry.signedExtensions,
      };
      ext.sign(from, opts);
      return ext.toU8a();
    },
  };
}

/** The runtime's verdict in the pool's terms (what the node's pool validator does, minus sequencer details). */
function toPoolValidity(v: TransactionValidity): Validity {
  switch (v.kind) {
    case 'valid':
      return { kind: 'valid', value: { ...v.value, sender: Buffer.from(v.value.sender).toString('hex') } };
    case 'unknown':
      return { kind: 'unknown', reason: v.reason, detail: v.detail };
    case 'invalid':
      return v.reason === 'Custom' ? { kind: 'invalid', reason: 'Custom', detail: String(v.custom ?? 0) } : { kind: 'invalid', reason: v.reason, detail: v.detail };
  }
}
