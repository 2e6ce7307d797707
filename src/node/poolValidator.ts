import type { Validator, Validity } from '../mempool/types.ts';
import type { BlockExecutor } from '../runtime/BlockExecutor.ts';
import { SEQUENCER_ERRORS } from '../runtime/pallets/sequencer.ts';
import type { TransactionSource } from '../runtime/Runtime.ts';
import { StorageOverlay } from '../runtime/storage/StorageOverlay.ts';
import { SEQUENCER_CUSTOM_BASE, type TransactionValidity } from '../runtime/TransactionValidity.ts';
import type { SignatureVerifier } from '../primitives/verifySignature.ts';
import type { Chain } from './Chain.ts';
import type { SignatureWorkers } from './SignatureWorkers.ts';

const SOURCE: Record<'external' | 'local' | 'inBlock', TransactionSource> = { external: 'External', local: 'Local', inBlock: 'InBlock' };

/** Signature verification ahead of validation, on worker threads. */
export interface PreVerification {
  readonly verifier: SignatureVerifier;
  readonly workers: SignatureWorkers;
}

/**
 * Adapts the runtime's transaction validation to the pool's Validator. With `pre`, the
 * signature is first verified on a worker thread and remembered by the runtime's verifier,
 * so that the (synchronous) runtime check is a cache hit and admission uses every core.
 */
export function poolValidator(chain: Chain, executor: BlockExecutor, pre?: PreVerification): Validator {
  return async (tx, source, at) => {
    const header = chain.header(at.hash);
    if (header === undefined) return { kind: 'unknown', reason: 'CannotLookup', detail: 'unknown block' };
    const state = new StorageOverlay(executor.stateAt(header.stateRoot));
    if (pre !== undefined) {
      const check = executor.runtime.signatureCheckOf(state, tx, at);
      if (check !== undefined && !pre.verifier.isKnown(check.signature, check.message, check.signer)) {
        if (await pre.workers.verify(check)) pre.verifier.rememberVerified(check.signature, check.message, check.signer);
      }
    }
    return toPoolValidity(executor.runtime.validateTransaction(state, SOURCE[source], tx, at));
  };
}

export function toPoolValidity(v: TransactionValidity): Validity {
  switch (v.kind) {
    case 'valid':
      return { kind: 'valid', value: { ...v.value, sender: Buffer.from(v.value.sender).toString('hex') } };
    case 'unknown':
      return { kind: 'unknown', reason: v.reason, detail: v.detail };
    case 'invalid': {
      if (v.reason === 'Custom' && v.custom !== undefined && v.custom >= SEQUENCER_CUSTOM_BASE) {
        const name = SEQUENCER_ERRORS[v.custom - SEQUENCER_CUSTOM_BASE];
        if (name === 'UnknownPara' || name === 'PayloadTooLarge') return { kind: 'invalid', reason: name, detail: v.detail };
        return { kind: 'invalid', reason: 'Custom', detail: `${v.custom} (${v.detail})` };
      }
      if (v.reason === 'Call' && v.detail.startsWith('Could not decode')) return { kind: 'invalid', reason: 'Malformed', detail: v.detail };
      return { kind: 'invalid', reason: v.reason, detail: v.detail };
    }
  }
}
