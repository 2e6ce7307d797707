import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { EventRecord } from '@polkadot/types/interfaces';

export interface Finalized {
  readonly blockHash: string;
  readonly events: EventRecord[];
  readonly txHash: string;
}

/** Signs and sends with @polkadot/api and resolves when the transaction is finalized (rejects on invalid/dropped). */
export function submitAndFinalize(api: ApiPromise, tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair, options: Record<string, unknown> = {}): Promise<Finalized> {
  void api;
  return new Promise((resolve, reject) => {
    let unsub: (() => void) | undefined;
    tx.signAndSend(signer, options, (result) => {
      if (result.isFinalized) {
        unsub?.();
        resolve({ blockHash: result.status.asFinalized.toHex(), events: result.events, txHash: tx.hash.toHex() });
      } else if (result.isError || result.status.isInvalid || result.status.isDropped || result.status.isUsurped) {
        unsub?.();
        reject(new Error(`transaction ended as ${result.status.type}`));
      }
    })
      .then((u) => {
        unsub = u;
      })
      .catch(reject);
  });
}
