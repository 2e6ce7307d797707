import { jsonRpcHttp } from './jsonRpcHttp.ts';

/** The fields of a collator's `collator_status` the DSL reads (execution fields may be absent on older collators). */
export interface CollatorStatusView {
  readonly paraId: number;
  readonly queued: number;
  readonly lastScannedRelayBlock: number | null;
  /** The last relay block whose slice the app chain executed (null before the first or without an executor). */
  readonly executedRelayBlock?: number | null;
  /** The app chain's latest block the executor produced (null before the first). */
  readonly appBlockNumber?: number | null;
}

/** `collator_status` over http. */
export function collatorStatusOf(httpUrl: string, signal: AbortSignal): Promise<CollatorStatusView> {
  return jsonRpcHttp<CollatorStatusView>(httpUrl, 'collator_status', [], signal);
}

/** A one-line summary for `observed`, e.g. `para 100 queued=0 executedRelayBlock=12 appBlockNumber=3`. */
export function describeCollatorStatus(s: CollatorStatusView): string {
  const field = (v: number | null | undefined): string => (v === undefined ? 'absent' : String(v));
  return `para ${s.paraId} queued=${s.queued} lastScannedRelayBlock=${field(s.lastScannedRelayBlock)} executedRelayBlock=${field(s.executedRelayBlock)} appBlockNumber=${field(s.appBlockNumber)}`;
}
