import { decodeExtrinsicV4 } from '../primitives/extrinsic.ts';
import { decodeValue, decodeValuePrefix } from '../runtime/codec/scaleValue.ts';
import type { RuntimeDecl } from '../runtime/metadata/RuntimeDecl.ts';
import type { TypeInfo } from '../runtime/metadata/typeInfo.ts';
import { toSequencerCall, type SequencerCall } from '../runtime/pallets/sequencer.ts';

/** What deriving para slices needs to read from a stored block, bound to one runtime's declaration. */
export interface SequencerBlockDecoder {
  /** The sequencer call of a body extrinsic (length-prefixed), or undefined for any other call. Throws on undecodable bytes. */
  sequencerCall(extrinsic: Uint8Array): SequencerCall | undefined;
  /** Indices of the extrinsics with an `ExtrinsicSuccess` event in phase `ApplyExtrinsic(i)`, from encoded `System.Events`. */
  successfulExtrinsics(events: Uint8Array | undefined): Set<number>;
}

interface EventRecordValue {
  readonly phase: { readonly type: string; readonly value?: unknown };
  readonly event: { readonly type: string; readonly value?: { readonly type: string } };
}

/**
 * Builds the decoder from the runtime's own declaration (the same TypeInfo the runtime encodes
 * calls and events with), so it cannot drift from what blocks contain.
 *
 * @example
 * const decoder = sequencerBlockDecoder(runtime.decl);
 * decoder.sequencerCall(body[1]); // { method: 'submit', paraId: 100, payload }
 */
export function sequencerBlockDecoder(decl: RuntimeDecl): SequencerBlockDecoder {
  const sequencer = decl.pallets.find((p) => p.name === 'Sequencer');
  const system = decl.pallets.find((p) => p.name === 'System');
  const eventsItem = system?.storage?.items.find((i) => i.name === 'Events');
  if (sequencer === undefined || eventsItem === undefined || eventsItem.type.kind !== 'plain') {
    throw new TypeError('the runtime declares no Sequencer pallet or no System.Events');
  }
  const eventsType: TypeInfo = eventsItem.type.value;
  const calls = new Map((sequencer.calls ?? []).map((c) => [c.index, c]));
  return {
    sequencerCall(extrinsic) {
      const { callBytes } = decodeExtrinsicV4(extrinsic);
      if (callBytes[0] !== sequencer.index) return undefined;
      const call = calls.get(callBytes[1]!);
      if (call === undefined) throw new TypeError(`unknown sequencer call index ${callBytes[1]}`);
      const args: Record<string, unknown> = {};
      let at = 2;
      for (const a of call.args) {
        const d = decodeValuePrefix(a.type, callBytes, at);
        args[a.name!] = d.value;
        at += d.length;
      }
      if (at !== callBytes.length) throw new TypeError(`sequencer.${call.name} has ${callBytes.length - at} trailing bytes`);
      return toSequencerCall(call.name, args);
    },
    successfulExtrinsics(events) {
      const ok = new Set<number>();
      if (events === undefined) return ok;
      for (const r of decodeValue<EventRecordValue[]>(eventsType, events)) {
        if (r.phase.type === 'ApplyExtrinsic' && r.event.type === 'System' && r.event.value?.type === 'ExtrinsicSuccess') ok.add(r.phase.value as number);
      }
      return ok;
    },
  };
}
