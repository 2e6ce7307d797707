import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * A raw chain spec that smoldot accepts, for tests: a standalone chain whose genesis storage is
 * only `:code` = a real Substrate runtime (Acala's, read at test time from the pinned
 * `@acala-network/chopsticks` package's own test snapshot; never committed). smoldot compiles the
 * runtime and computes the genesis block from this storage; without bootnodes it has no peers.
 */
export async function appChainRawSpec(opts: { id?: string; name?: string; bootNodes?: readonly string[] } = {}): Promise<string> {
  const main = createRequire(import.meta.url).resolve('@acala-network/chopsticks');
  const snapshot = join(dirname(main), 'plugins', 'run-block', '__snapshots__', 'index.test.ts.snap');
  const text = await readFile(snapshot, 'utf8');
  // Substrate's compressed-wasm magic (52bc5376 46db8e05) followed by a zstd frame.
  const match = /"(0x52bc537646db8e05[0-9a-f]+)"/.exec(text);
  if (match === null) throw new Error(`no runtime wasm in ${snapshot}`);
  return JSON.stringify({
    name: opts.name ?? 'Test App Chain',
    id: opts.id ?? 'test_app_chain',
    chainType: 'Development',
    bootNodes: opts.bootNodes ?? [],
    telemetryEndpoints: null,
    properties: { tokenSymbol: 'APP', tokenDecimals: 12, ss58Format: 42 },
    codeSubstitutes: {},
    genesis: { raw: { top: { '0x3a636f6465': match[1] }, childrenDefault: {} } },
  });
}
