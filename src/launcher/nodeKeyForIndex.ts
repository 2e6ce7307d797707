/**
 * The `--node-key` of the node at `index` in a network definition: fixed, so a node keeps its peer id
 * across restarts and runs. 32 bytes, hex: the index + 1, big-endian, behind a `5350` ("SP") tag.
 * @example nodeKeyForIndex(0) === '5350' + '0'.repeat(59) + '1'
 */
export function nodeKeyForIndex(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`node index must be a whole number ≥ 0, got ${index}`);
  return `5350${(index + 1).toString(16).padStart(60, '0')}`;
}
