import type { ApiPromise } from '@polkadot/api';
import type { EventRecord } from '@polkadot/types/interfaces';

/** One payload sequenced for a para, read back from a finalized relay block. */
export interface SequencedPayload {
  readonly block: number;
  /** Index of the extrinsic that carried it. */
  readonly extrinsic: number;
  readonly method: string;
  readonly payload: `0x${string}`;
}

/**
 * Reads para `paraId`'s payloads from finalized relay blocks `from..to`, for tests, independently
 * of the collator's own scanner: from the `sequencer.CandidateIncluded` / `Submitted` events and
 * the calls of the extrinsics they belong to.
 */
export async function readParaPayloads(api: ApiPromise, paraId: number, from: number, to: number): Promise<SequencedPayload[]> {
  const out: SequencedPayload[] = [];
  for (let n = from; n <= to; n++) {
    const hash = await api.rpc.chain.getBlockHash(n);
    const [block, events] = await Promise.all([api.rpc.chain.getBlock(hash), api.query.system.events.at(hash) as unknown as Promise<EventRecord[]>]);
    const extrinsics = block.block.extrinsics;
    for (const { phase, event } of events) {
      if (!phase.isApplyExtrinsic) continue;
      const i = phase.asApplyExtrinsic.toNumber();
      const call = extrinsics[i]!.method;
      if (event.section === 'sequencer' && event.method === 'CandidateIncluded' && Number(event.data[0]!.toString()) === paraId) {
        const payloads = call.args[2] as unknown as { toHex(): `0x${string}` }[];
        for (const p of payloads) out.push({ block: n, extrinsic: i, method: 'submitCandidate', payload: p.toHex() });
      } else if (event.section === 'sequencer' && event.method === 'Submitted' && Number(event.data[0]!.toString()) === paraId && call.method === 'submit') {
        out.push({ block: n, extrinsic: i, method: 'submit', payload: (call.args[1] as unknown as { toHex(): `0x${string}` }).toHex() });
      }
    }
  }
  return out;
}

export async function finalizedNumber(api: ApiPromise): Promise<number> {
  return (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
}

/**
 * Follows finalized relay blocks from `from` and resolves with everything sequenced for the para
 * once `done(all)` holds (checked at every new finalized block). Rejects after `timeoutMs`.
 */
export async function waitForParaPayloads(api: ApiPromise, paraId: number, from: number, done: (all: readonly SequencedPayload[]) => boolean, timeoutMs = 180_000): Promise<SequencedPayload[]> {
  const all: SequencedPayload[] = [];
  let next = from;
  let busy = false;
  let latest = from - 1;
  return new Promise((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    let finished = false;
    const finish = (error?: Error): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      unsubscribe?.();
      if (error === undefined) resolve(all);
      else reject(error);
    };
    const timer = setTimeout(() => finish(new Error(`para ${paraId}: condition not met by block ${next - 1}; sequenced so far: ${all.length}`)), timeoutMs);
    const check = async (head: number): Promise<void> => {
      if (head > latest) latest = head;
      if (busy || finished) return;
      busy = true;
      try {
        while (next <= latest && !finished) {
          all.push(...(await readParaPayloads(api, paraId, next, next)));
          next++;
          if (done(all)) finish();
        }
      } catch (e) {
        finish(e as Error);
      } finally {
        busy = false;
      }
    };
    api.rpc.chain
      .subscribeFinalizedHeads((header) => void check(header.number.toNumber()))
      .then((u) => {
        unsubscribe = u;
        if (finished) u();
      }, (e: unknown) => finish(e as Error));
  });
}

/** Payloads in `all` whose hex starts with `prefix`, in order. */
export function withPrefix(all: readonly SequencedPayload[], prefix: string): string[] {
  return all.filter((p) => p.payload.startsWith(prefix)).map((p) => p.payload);
}

/** Resolves once relay block `n` is finalized. */
export async function waitForFinalized(api: ApiPromise, n: number): Promise<void> {
  await waitForParaPayloads(api, -1, n, () => true);
}
