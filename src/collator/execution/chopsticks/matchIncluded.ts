/**
 * Which of the payloads sent to `dev_newBlock` (in order) are in the built block, and at which
 * extrinsic index. The runtime keeps the order and only leaves payloads out, so a greedy forward
 * match after the block's inherents is exact, duplicates included (a later copy of an included
 * payload can only have been refused: same bytes, same signer, used nonce).
 *
 * @example
 * matchIncluded(['0xinh', '0xa', '0xb'], 1, [{ index: 0, hex: '0xa' }, { index: 1, hex: '0xa' }, { index: 2, hex: '0xb' }]);
 * // Map { 0 => 1, 2 => 2 }
 */
export function matchIncluded(
  extrinsics: readonly string[],
  inherentCount: number,
  sent: readonly { readonly index: number; readonly hex: string }[],
): Map<number, number> {
  const included = new Map<number, number>();
  let cursor = inherentCount;
  for (const { index, hex } of sent) {
    const at = extrinsics.indexOf(hex, cursor);
    if (at < 0) continue;
    included.set(index, at);
    cursor = at + 1;
  }
  return included;
}
