import type { TxPool } from '../mempool/TxPool.ts';
import { decodeExtrinsic } from '../primitives/extrinsic.ts';
import { isFinalStatus } from '../mempool/types.ts';
import type { NodeInfo, RpcBackend, TxSubmitter, WatchStatus } from '../rpc/RpcBackend.ts';
import type { Chain } from './Chain.ts';

/** The RPC layer's view of this node, over the chain and the pool. */
export function nodeRpcBackend(chain: Chain, pool: TxPool, info: NodeInfo): RpcBackend {
  const best = (): { hash: Uint8Array; number: bigint } => ({ hash: chain.best.hash, number: chain.best.header.number });
  const submitter: TxSubmitter = {
    submit: (tx) => pool.submit(tx, 'external', best()),
    submitAndWatch: async (tx, onStatus) => {
      const { hash, watcher } = await pool.submitAndWatch(tx, 'external', best());
      const off = watcher.on((s) => {
        onStatus(s as WatchStatus);
        if (isFinalStatus(s)) off?.();
      });
      return {
        hash,
        stop: () => {
          off();
          watcher.stop();
        },
      };
    },
    pending: () => pool.pending(),
  };
  return {
    chain,
    state: chain,
    pool: submitter,
    info,
    async accountNextIndex(accountId) {
      const nonce = chain.executor.runtime.accountNonce(chain.executor.stateAt(chain.best.header.stateRoot), accountId);
      // Count this account's pool transactions with consecutive nonces (Substrate does the same
      // through the pool's provided tags). Linear in the pool size.
      const nonces = new Set<bigint>();
      const who = Buffer.from(accountId);
      for (const tx of pool.pending()) {
        try {
          const signed = decodeExtrinsic(chain.executor.runtime.codec.registry, tx).signed;
          if (signed !== undefined && who.equals(signed.signer)) nonces.add(signed.nonce);
        } catch {
          // The pool only holds decodable transactions; skip defensively.
        }
      }
      let next = BigInt(nonce);
      while (nonces.has(next)) next++;
      return Number(next);
    },
    queryInfo(tx, at) {
      chain.blockRef(at);
      const info = chain.executor.runtime.queryInfo(tx);
      return { weight: { refTime: info.weight.ref_time, proofSize: info.weight.proof_size }, class: info.class, partialFee: info.partialFee };
    },
  };
}
