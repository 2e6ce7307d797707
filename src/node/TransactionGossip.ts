import type { TxPool } from '../mempool/TxPool.ts';
import { PoolError } from '../mempool/PoolError.ts';
import type { Logger } from './Logger.ts';
import type { Chain } from './Chain.ts';

type Verdict = 'accept' | 'ignore' | 'reject';

/** What transaction gossip needs of the network. */
export interface TransactionNetwork {
  publish(topic: 'transactions', data: Uint8Array): void;
  onGossip(topic: 'transactions', handler: (data: Uint8Array, from: string) => Verdict | Promise<Verdict>): void;
}

/**
 * Spreads transactions between nodes: what a user submits to any node reaches every pool,
 * so whichever validator proposes next can include it. A peer that sends transactions
 * with bad signatures or undecodable bytes is penalised (reject); duplicates and
 * transactions that are merely not valid yet are ignored.
 */
export class TransactionGossip {
  constructor(
    private readonly network: TransactionNetwork,
    private readonly pool: TxPool,
    private readonly chain: Chain,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.network.onGossip('transactions', (data) => this.#receive(data));
  }

  /** Publishes a transaction the local pool accepted. */
  broadcast(tx: Uint8Array): void {
    this.network.publish('transactions', tx);
  }

  async #receive(data: Uint8Array): Promise<Verdict> {
    try {
      await this.pool.submit(data, 'external', { hash: this.chain.best.hash, number: this.chain.best.header.number });
      return 'accept';
    } catch (e) {
      if (!(e instanceof PoolError)) {
        this.logger.warn('gossiped transaction failed', { error: e });
        return 'ignore';
      }
      const t = e.type;
      if (t.code === 'INVALID' && (t.reason === 'BadProof' || t.reason === 'Malformed' || t.reason === 'Call')) return 'reject';
      return 'ignore';
    }
  }
}
