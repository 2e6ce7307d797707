import type { CallDecl, PalletDecl } from './metadata/RuntimeDecl.ts';
import type { BlockEnv } from './BlockEnv.ts';
import type { StorageOverlay } from './storage/StorageOverlay.ts';

/** Who dispatches a call (`frame_system::RawOrigin`). */
export type Origin = { readonly kind: 'signed'; readonly who: Uint8Array } | { readonly kind: 'none' } | { readonly kind: 'root' };

/** What a dispatch sees: pending state, the block being built, and its origin. */
export interface DispatchContext {
  readonly state: StorageOverlay;
  readonly block: BlockEnv;
  readonly origin: Origin;
}

/** A call's implementation. Arguments arrive decoded with the call's own declared types. */
export type CallHandler = (ctx: DispatchContext, args: Record<string, unknown>) => void;

/** A pallet: its declaration (what metadata shows) and its call handlers, keyed by call name. */
export interface Pallet {
  readonly decl: PalletDecl;
  readonly calls: Readonly<Record<string, CallHandler>>;
  onInitialize?(state: StorageOverlay, block: BlockEnv): void;
  onFinalize?(state: StorageOverlay, block: BlockEnv): void;
}

/** `sp_runtime::DispatchError` values the runtime produces. */
export type DispatchErrorValue =
  | { readonly type: 'Other' }
  | { readonly type: 'BadOrigin' }
  | { readonly type: 'Module'; readonly value: { readonly index: number; readonly error: Uint8Array } }
  | { readonly type: 'Token'; readonly value: { readonly type: 'FundsUnavailable' | 'BelowMinimum' | 'CannotCreate' | 'NoFunds' } }
  | { readonly type: 'Arithmetic'; readonly value: { readonly type: 'Underflow' | 'Overflow' | 'DivisionByZero' } };

/** Thrown by call handlers; the executive rolls the call back and reports `ExtrinsicFailed`. */
export class DispatchError extends Error {
  override readonly name = 'DispatchError';
  constructor(
    readonly value: DispatchErrorValue,
    message: string,
  ) {
    super(message);
  }
}

/** A pallet's own error (`DispatchError::Module`), by the name it has in the pallet's Error enum. */
export function moduleError(pallet: PalletDecl, name: string): DispatchError {
  const error = pallet.errors?.find((e) => e.name === name);
  if (error === undefined) throw new Error(`pallet ${pallet.name} declares no error ${name}`);
  return new DispatchError(
    { type: 'Module', value: { index: pallet.index, error: Uint8Array.of(error.index, 0, 0, 0) } },
    `${pallet.name}.${name}`,
  );
}

export function badOrigin(): DispatchError {
  return new DispatchError({ type: 'BadOrigin' }, 'BadOrigin');
}

/** The signer of a signed origin, or BadOrigin. */
export function ensureSigned(origin: Origin): Uint8Array {
  if (origin.kind !== 'signed') throw badOrigin();
  return origin.who;
}

/** Indices of calls, events and errors are their position unless given. */
export function findCall(pallet: PalletDecl, index: number): CallDecl | undefined {
  return pallet.calls?.find((c) => c.index === index);
}
