import type { BlockRef, TxSource, Validity, Validator } from './types.ts';

/**
 * Test support: a toy chain whose transactions are `[sender, nonce, tip, death, variant, ...pad]`
 * and whose validator answers like FRAME's nonce/mortality checks:
 * provides `[sender, nonce]`, requires `[sender, nonce - 1]` when the nonce is ahead of the
 * account's, priority = tip, longevity = `death - at` (immortal when death is 0), invalid `Stale`
 * below the account nonce and `AncientBirthBlock` once `at >= death`. `overrides` answers chosen
 * transactions with a fixed validity (table-driven tests).
 */
export interface ToyTxFields {
  sender: number;
  nonce: number;
  tip?: number;
  /** Block number from which the transaction is dead; 0 = immortal. */
  death?: number;
  /** Distinguishes otherwise equal transactions (different hash). */
  variant?: number;
  /** Extra bytes, to control the size. */
  pad?: number;
}

export function toyTx(f: ToyTxFields): Uint8Array {
  const out = new Uint8Array(5 + (f.pad ?? 0));
  out.set([f.sender, f.nonce, f.tip ?? 0, f.death ?? 0, f.variant ?? 0]);
  return out;
}

export function toySender(sender: number): string {
  return `0x${sender.toString(16).padStart(2, '0')}`;
}

const IMMORTAL = (1n << 64n) - 1n;

export class ToyChain {
  /** Next nonce of each sender. */
  readonly nonces = new Map<number, number>();
  /** Fixed answers by transaction hex. */
  readonly overrides = new Map<string, Validity>();
  /** Every validation asked for: tx hex, source, block number. */
  readonly calls: Array<{ tx: string; source: TxSource; at: bigint }> = [];

  readonly validator: Validator = (tx: Uint8Array, source: TxSource, at: BlockRef): Validity => {
    const key = Buffer.from(tx).toString('hex');
    this.calls.push({ tx: key, source, at: at.number });
    const fixed = this.overrides.get(key);
    if (fixed !== undefined) return fixed;
    if (tx.length < 5) return { kind: 'invalid', reason: 'Malformed' };
    const [sender, nonce, tip, death] = [tx[0]!, tx[1]!, tx[2]!, tx[3]!];
    const current = this.nonces.get(sender) ?? 0;
    if (nonce < current) return { kind: 'invalid', reason: 'Stale' };
    if (death !== 0 && at.number >= BigInt(death)) return { kind: 'invalid', reason: 'AncientBirthBlock' };
    return {
      kind: 'valid',
      value: {
        priority: BigInt(tip),
        requires: nonce > current ? [Uint8Array.of(sender, nonce - 1)] : [],
        provides: [Uint8Array.of(sender, nonce)],
        longevity: death === 0 ? IMMORTAL : BigInt(death) - at.number,
        propagate: true,
        sender: toySender(sender),
      },
    };
  };

  override(tx: Uint8Array, validity: Validity): void {
    this.overrides.set(Buffer.from(tx).toString('hex'), validity);
  }

  /**
   * Executes `extrinsics` in order and returns the block of those that applied (a nonce equal
   * to the account's: it bumps it); the others are left out, as a block builder would.
   */
  block(
    number: bigint,
    extrinsics: readonly Uint8Array[],
    fork = 0,
  ): { hash: Uint8Array; number: bigint; extrinsics: readonly Uint8Array[] } {
    const applied: Uint8Array[] = [];
    for (const tx of extrinsics) {
      const [sender, nonce] = [tx[0]!, tx[1]!];
      if (nonce !== (this.nonces.get(sender) ?? 0)) continue;
      this.nonces.set(sender, nonce + 1);
      applied.push(tx);
    }
    const hash = new Uint8Array(32);
    new DataView(hash.buffer).setBigUint64(0, number);
    hash[8] = fork;
    return { hash, number, extrinsics: applied };
  }
}
