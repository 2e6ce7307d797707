/** The relay node's default `--block-time` without `--dev` (see src/cli/nodeFlags.ts). */
export const DEFAULT_RELAY_BLOCK_TIME_MS = 6000;

/**
 * The `--block-time` a relay node's arguments set (`--block-time 1000` or `--block-time=1000`; the
 * last one wins, as with the node's own flag parser), else the node's default. The relay's genesis
 * (and so the genesis hash an anchor contract binds to) depends on it.
 * @example relayBlockTimeMs(['--block-time', '1000']) === 1000
 */
export function relayBlockTimeMs(args: readonly string[]): number {
  let found: number | undefined;
  args.forEach((a, i) => {
    const value = a === '--block-time' ? args[i + 1] : a.startsWith('--block-time=') ? a.slice('--block-time='.length) : undefined;
    if (value !== undefined && /^\d+$/.test(value)) found = Number(value);
  });
  return found ?? DEFAULT_RELAY_BLOCK_TIME_MS;
}
