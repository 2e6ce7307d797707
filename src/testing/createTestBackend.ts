import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { SignatureOptions } from '@polkadot/types/types';
import type { RuntimeVersion } from '@polkadot/types/interfaces';
import { TxPool } from '../mempool/TxPool.ts';
import { Chain } from '../node/Chain.ts';
import { nodeRpcBackend } from '../node/NodeRpcBackend.ts';
import { poolValidator } from '../node/poolValidator.ts';
import { blake2_256, initHashing } from '../primitives/hashing.ts';
import { SignatureVerifier } from '../primitives/verifySignature.ts';
import { BlockExecutor, type BuiltBlock } from '../runtime/BlockExecutor.ts';
import { genesisStorage } from '../runtime/genesis.ts';
import { Runtime } from '../runtime/Runtime.ts';
import { DEFAULT_RUNTIME_CONFIG } from '../runtime/RuntimeConfig.ts';
import type { NodeInfo, RpcBackend } from '../rpc/RpcBackend.ts';
import { ChainStore, MemoryKeyValueStore } from '../store/index.ts';
import { devPairs } from './devAccounts.ts';

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
  readonly chain: Chain;
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
 * and the node's own Chain over an in-memory store — wired as the node wires them, minus the network.
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
  const store = new ChainStore(new MemoryKeyValueStore());
  const executor = new BlockExecutor(runtime, store.stateNodes);
  const pairs = devPairs();
  const genesis = executor.genesis(
    genesisStorage(config, { balances: Object.values(pairs).map((p) => [p.publicKey, TEST_ENDOWMENT] as const), paras: [], validators: [] }),
  );
  const chain = await Chain.open(store, executor, genesis);

  const pool = new TxPool(poolValidator(chain, executor), {
    maxReady: 1000,
    maxFuture: 100,
    maxBytes: 1 << 24,
    maxPerSender: 64,
    banTimeMs: 60_000,
    now: () => 0,
    hash: blake2_256,
  });
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
    syncState: () => ({ startingBlock: 0, currentBlock: Number(chain.best.header.number), highestBlock: Number(chain.best.header.number) }),
  };

  const backend: RpcBackend = nodeRpcBackend(chain, pool, info);

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
      const parent = chain.best.header;
      const block = executor.build({
        parent: { hash: chain.bestHash(), number: parent.number, stateRoot: parent.stateRoot },
        timestamp: GENESIS_TIME + (parent.number + 1n) * config.targetBlockTimeMs,
        author: undefined,
        candidates: pool.ready(),
      });
      for (const r of block.rejected) pool.markInvalid(r.hash);
      await chain.importBlock(block, { finalize: false });
      await pool.onBlockImported({ hash: block.hash, number: block.header.number, extrinsics: block.extrinsics });
      if (opts.finalize !== false) {
        await chain.finalize(block.hash, opts.justifications);
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
