import { hexToU8a } from '@polkadot/util';
import { hexParam } from '../server/index.ts';

/**
 * The `callParameters` of `chainHead_v1_call`/`archive_v1_call`: `0x` hex bytes, or `""` for
 * none (polkadot-api sends an empty string for APIs without arguments).
 */
export function callParametersParam(params: readonly unknown[], i: number): Uint8Array {
  return params[i] === '' ? new Uint8Array(0) : hexToU8a(hexParam(params, i, { name: 'callParameters' }));
}
