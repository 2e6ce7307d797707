import type { Hash, PublicClient, TransactionReceipt } from 'viem';

export class AwaitReceiptError extends Error {
  override readonly name = 'AwaitReceiptError';
  readonly code = 'RECEIPT_TIMEOUT' as const;
  constructor(readonly hash: Hash, readonly timeoutMs: number) {
    super(`no receipt for ${hash} within ${timeoutMs} ms`);
  }
}

/**
 * Polls `eth_getTransactionReceipt` until the transaction is mined. Unlike viem's
 * `waitForTransactionReceipt`, which watches for new blocks and can miss the block an automining
 * anvil produces right after the send, it asks for the receipt itself every `intervalMs`.
 */
export async function awaitReceipt(client: PublicClient, hash: Hash, { intervalMs = 50, timeoutMs = 120_000 } = {}): Promise<TransactionReceipt> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const receipt = await client.getTransactionReceipt({ hash }).catch(() => undefined);
    if (receipt !== undefined) return receipt;
    if (Date.now() > deadline) throw new AwaitReceiptError(hash, timeoutMs);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
