import { t } from './typeInfo.ts';
import type { TypeInfo } from './typeInfo.ts';
import type { PalletDecl } from './RuntimeDecl.ts';

/** What the pallet-level and outer enums are built from: a pallet declaration without storage. */
export type PalletEnumSource = Pick<PalletDecl, 'name' | 'index' | 'crate' | 'calls' | 'events' | 'errors'>;

const CALL_DOCS = ['Contains a variant per dispatchable extrinsic that this pallet has.'];
const EVENT_DOCS = ['The `Event` enum of this pallet'];
const ERROR_DOCS = ['The `Error` enum of this pallet.'];

/** `<crate>::pallet::Call<T>`: one variant per call, named arguments; `undefined` when the pallet has no calls. */
export function palletCallType(p: PalletEnumSource): TypeInfo | undefined {
  if (p.calls === undefined) return undefined;
  return t.variant([p.crate, 'pallet', 'Call'], p.calls.map((c) => ({
    name: c.name, index: c.index, fields: c.args, ...(c.docs === undefined ? {} : { docs: c.docs }),
  })), { params: [{ name: 'T' }], docs: CALL_DOCS });
}

/** `<crate>::pallet::Event<T>`; `undefined` when the pallet has no events. */
export function palletEventType(p: PalletEnumSource): TypeInfo | undefined {
  if (p.events === undefined) return undefined;
  return t.variant([p.crate, 'pallet', 'Event'], p.events.map((e) => ({
    name: e.name, index: e.index, fields: e.fields, ...(e.docs === undefined ? {} : { docs: e.docs }),
  })), { params: [{ name: 'T' }], docs: EVENT_DOCS });
}

/** `<crate>::pallet::Error<T>`: variants without fields; `undefined` when the pallet has no errors. */
export function palletErrorType(p: PalletEnumSource): TypeInfo | undefined {
  if (p.errors === undefined) return undefined;
  return t.variant([p.crate, 'pallet', 'Error'], p.errors.map((e) => ({
    name: e.name, index: e.index, fields: [], ...(e.docs === undefined ? {} : { docs: e.docs }),
  })), { params: [{ name: 'T' }], docs: ERROR_DOCS });
}
