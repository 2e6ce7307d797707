import type { Handler } from './types.ts';

/**
 * `rpc_methods`: every callable method, subscribe and unsubscribe name, sorted.
 *
 * @example
 * // → {"methods":["author_pendingExtrinsics", …, "system_version"]}
 */
export const rpc_methods: Handler = ({ methodNames }) => ({ methods: [...methodNames()].sort() });
