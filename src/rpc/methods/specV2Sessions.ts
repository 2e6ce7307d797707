import type { SubscriptionSink } from '../server/index.ts';
import type { MethodDeps } from './types.ts';

/**
 * Limits of the new JSON-RPC interface on this server (the spec's guaranteed minimums):
 * - `maxFollowsPerConnection`: `chainHead_v1_follow` subscriptions per connection; one more → -32800.
 * - `maxPinnedBlocks`: blocks pinned per follow subscription; reporting one more block sends
 *   the `stop` event and ends the subscription (a follower that never unpins cannot grow memory).
 * - `maxOperations`: body/call/storage operations in progress per follow subscription; one more
 *   answers `{"result": "limitReached"}`.
 * - `storageItemsPerPage`: items per `operationStorageItems`; more items wait for `chainHead_v1_continue`.
 * - `maxBroadcastsPerConnection`: `transaction_v1_broadcast` operations per connection; one more answers `null`.
 */
export const SPEC_V2_LIMITS = {
  maxFollowsPerConnection: 2,
  maxPinnedBlocks: 32,
  maxOperations: 16,
  storageItemsPerPage: 64,
  maxBroadcastsPerConnection: 64,
} as const;

/** One operation (`chainHead_v1_body`/`_call`/`_storage`) of a follow subscription. */
export interface FollowOperation {
  readonly id: string;
  /** Set by `chainHead_v1_stopOperation` or when the subscription ends: send nothing more. */
  stopped: boolean;
  /** Set while the operation waits for `chainHead_v1_continue`, which calls it. */
  resume: (() => void) | undefined;
}

/** The server side of one `chainHead_v1_follow` subscription. */
export interface Follow {
  readonly id: string;
  readonly connectionId: number;
  readonly withRuntime: boolean;
  readonly sink: SubscriptionSink;
  /** Pinned blocks: hex hash → hash. */
  readonly pinned: Map<string, Uint8Array>;
  readonly operations: Map<string, FollowOperation>;
  nextOperation: number;
}

/** One `transaction_v1_broadcast` operation. */
export interface Broadcast {
  readonly connectionId: number;
  stop(): void;
}

/**
 * The state the new JSON-RPC handlers share across calls (follow subscriptions, their pinned
 * blocks and operations; broadcasts), one per method table.
 */
export class SpecV2Sessions {
  readonly follows = new Map<string, Follow>();
  readonly broadcasts = new Map<string, Broadcast>();
  #nextBroadcast = 0;

  /** The live follow subscription `id` of this connection, or undefined (invalid or stale). */
  follow(id: unknown, connectionId: number): Follow | undefined {
    if (typeof id !== 'string') return undefined;
    const f = this.follows.get(id);
    return f === undefined || f.connectionId !== connectionId || f.sink.closed ? undefined : f;
  }

  followCount(connectionId: number): number {
    let n = 0;
    for (const f of this.follows.values()) if (f.connectionId === connectionId && !f.sink.closed) n++;
    return n;
  }

  broadcastCount(connectionId: number): number {
    let n = 0;
    for (const b of this.broadcasts.values()) if (b.connectionId === connectionId) n++;
    return n;
  }

  newBroadcastId(): string {
    return `broadcast-${++this.#nextBroadcast}`;
  }
}

/** The sessions of one method table (created with it, in createRpcMethods). */
export function specV2Sessions(deps: MethodDeps): SpecV2Sessions {
  return deps.specV2;
}
