import type { WatchStatus } from '../RpcBackend.ts';
import { toHex } from './paramHelpers.ts';

/** A transaction status as Substrate's `TransactionStatus` serialises (`author_extrinsicUpdate`). */
export type WatchStatusJson =
  | 'future'
  | 'ready'
  | 'dropped'
  | 'invalid'
  | { broadcast: string[] }
  | { inBlock: string }
  | { retracted: string }
  | { finalized: string }
  | { usurped: string };

/**
 * @example
 * watchStatusJson({ kind: 'ready' })                       // "ready"
 * watchStatusJson({ kind: 'inBlock', blockHash })          // {"inBlock":"0x…"}
 */
export function watchStatusJson(s: WatchStatus): WatchStatusJson {
  switch (s.kind) {
    case 'future':
    case 'ready':
    case 'dropped':
    case 'invalid':
      return s.kind;
    case 'broadcast':
      return { broadcast: [...s.peers] };
    case 'inBlock':
      return { inBlock: toHex(s.blockHash) };
    case 'retracted':
      return { retracted: toHex(s.blockHash) };
    case 'finalized':
      return { finalized: toHex(s.blockHash) };
    case 'usurped':
      return { usurped: toHex(s.by) };
  }
}

/** After these, nothing more is sent and the subscription ends. */
export function isFinalWatchStatus(s: WatchStatus): boolean {
  return s.kind === 'finalized' || s.kind === 'usurped' || s.kind === 'dropped' || s.kind === 'invalid';
}
