import { PoolError, poolErrorToRpc } from '../mempool/PoolError.ts';
import type { TxPool } from '../mempool/TxPool.ts';
import { encodeU32 } from '../primitives/scale.ts';
import type { NodeInfo, RpcBackend, TxSubmitter, WatchStatus } from '../rpc/RpcBackend.ts';
import { TxRejectedError } from '../rpc/TxRejectedError.ts';
import type { Chain } from './Chain.ts';
import { NodeParaSlices } from './NodeParaSlices.ts';

/** A pool refusal as the RPC layer sees it (Substrate's 1010…1019 error); anything else passes. */
function rejected(e: unknown): never {
  if (e instanceof PoolError) throw new TxRejectedError(poolErrorToRpc(e), e.code === 'INVALID' || e.code === 'UNKNOWN', e.message, { cause: e });
  throw e;
}

/** The RPC layer's view of this node, over the chain and the pool. */
/** `onAccepted` hears every transaction a user submitted and the pool accepted (to gossip it). */
export function nodeRpcBackend(chain: Chain, pool: TxPool, info: NodeInfo, onAccepted: (tx: Uint8Array) => void = () => {}): RpcBackend {
  const best = (): { hash: Uint8Array; number: bigint } => ({ hash: chain.best.hash, number: chain.best.header.number });
  const submitter: TxSubmitter = {
    submit: async (tx) => {
      const hash = await pool.submit(tx, 'external', best()).catch(rejected);
      onAccepted(tx);
      return hash;
    },
    submitAndWatch: async (tx, onStatus) => {
      const { hash, watcher } = await pool.submitAndWatch(tx, 'external', best()).catch(rejected);
      onAccepted(tx);
      // The watcher replays earlier statuses synchronously inside on(); it stops by itself after a final one.
      const off = watcher.on((s) => onStatus(s as WatchStatus));
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
    paraSlices: new NodeParaSlices(chain),
    async accountNextIndex(accountId) {
      const nonce = chain.executor.runtime.accountNonce(chain.executor.stateAt(chain.best.header.stateRoot), accountId);
      // Like Substrate: follow the (who, nonce) tags the pool's transactions provide.
      let next = nonce;
      while (pool.providesTag(Buffer.concat([accountId, encodeU32(next)]))) next++;
      return next;
    },
    queryInfo(tx, at) {
      chain.blockRef(at);
      const info = chain.executor.runtime.queryInfo(tx);
      return { weight: { refTime: info.weight.ref_time, proofSize: info.weight.proof_size }, class: info.class, partialFee: info.partialFee };
    },
  };
}
