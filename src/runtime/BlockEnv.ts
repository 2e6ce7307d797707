import { encodeValue } from './codec/scaleValue.ts';
import type { PalletDecl } from './metadata/RuntimeDecl.ts';

/** What depositing an event needs to know of its pallet. */
export type EventSource = Pick<PalletDecl, 'name' | 'index' | 'events'>;

/** `frame_system::Phase`. */
export type PhaseValue =
  | { readonly type: 'ApplyExtrinsic'; readonly value: number }
  | { readonly type: 'Finalization' }
  | { readonly type: 'Initialization' };

export interface EventRecordValue {
  readonly phase: PhaseValue;
  /** The encoded `RuntimeEvent`: pallet index ‖ event index ‖ fields. */
  readonly event: Uint8Array;
  readonly topics: readonly Uint8Array[];
}

export interface BlockEnvCheckpoint {
  readonly events: number;
  readonly slices: ReadonlyMap<number, number>;
}

/**
 * What the runtime keeps about the block being executed that is not storage: its number,
 * author, current phase, the events deposited so far, and each para's ordered payloads
 * (the para digest is computed from them at finalization).
 */
export class BlockEnv {
  phase: PhaseValue = { type: 'Initialization' };
  readonly events: EventRecordValue[] = [];
  readonly #paraSlices = new Map<number, Uint8Array[]>();

  constructor(
    readonly number: bigint,
    readonly parentHash: Uint8Array,
    /** Account the block's fees are paid to; undefined burns them. */
    readonly author: Uint8Array | undefined,
  ) {}

  deposit(pallet: EventSource, name: string, fields: Readonly<Record<string, unknown>> = {}): void {
    const event = pallet.events?.find((e) => e.name === name);
    if (event === undefined) throw new Error(`pallet ${pallet.name} declares no event ${name}`);
    const parts: Uint8Array[] = [Uint8Array.of(pallet.index, event.index)];
    for (const f of event.fields) parts.push(encodeValue(f.type, fields[f.name ?? '']));
    this.events.push({ phase: this.phase, event: Buffer.concat(parts), topics: [] });
  }

  /** Appends a payload to a para's slice of this block; returns its position in the slice. */
  appendPayload(paraId: number, payload: Uint8Array): number {
    let slice = this.#paraSlices.get(paraId);
    if (slice === undefined) {
      slice = [];
      this.#paraSlices.set(paraId, slice);
    }
    slice.push(payload);
    return slice.length - 1;
  }

  /** Next position a payload of `paraId` would get. */
  nextPosition(paraId: number): number {
    return this.#paraSlices.get(paraId)?.length ?? 0;
  }

  /** A point to roll events and para slices back to when a call fails (they follow storage transactions). */
  checkpoint(): BlockEnvCheckpoint {
    return { events: this.events.length, slices: new Map([...this.#paraSlices].map(([id, s]) => [id, s.length])) };
  }

  rollbackTo(checkpoint: BlockEnvCheckpoint): void {
    this.events.length = checkpoint.events;
    for (const [paraId, slice] of this.#paraSlices) {
      slice.length = checkpoint.slices.get(paraId) ?? 0;
      if (slice.length === 0) this.#paraSlices.delete(paraId);
    }
  }

  paraSlices(): { paraId: number; payloads: Uint8Array[] }[] {
    return [...this.#paraSlices].map(([paraId, payloads]) => ({ paraId, payloads }));
  }
}
