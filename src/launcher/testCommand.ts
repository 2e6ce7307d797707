import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { StreamLogger } from '../node/Logger.ts';
import { dslNetworkOf } from './dslNetworkOf.ts';
import { DslError } from './dsl/DslError.ts';
import { parseZndsl } from './dsl/parseZndsl.ts';
import { runZndsl } from './dsl/runZndsl.ts';
import type { LaunchedNetwork } from './LaunchedNetwork.ts';
import { LaunchError } from './LaunchError.ts';
import { NetworkDefinitionError } from './NetworkDefinitionError.ts';
import { NetworkLauncher } from './NetworkLauncher.ts';
import { parseNetworkToml } from './parseNetworkToml.ts';

export const TEST_HELP = `Run a zombienet-style test file: launch its network, check each assertion in order, tear down.

Usage: spindle test FILE.zndsl

Exits 0 when every assertion holds, 1 on the first that does not (naming its line, node and
the observed value), 2 when the test or network file is malformed (nothing is started then).
`;

/** `4 nodes`, or `4 nodes + 2 collators + 1 app chain + L1`. */
function networkSummary(net: LaunchedNetwork): string {
  const parts = [`${net.nodes().length} nodes`];
  const collators = net.collators().length;
  const appChains = net.appChains().length;
  if (collators > 0) parts.push(`${collators} collator${collators === 1 ? '' : 's'}`);
  if (appChains > 0) parts.push(`${appChains} app chain${appChains === 1 ? '' : 's'}`);
  if (net.l1() !== undefined) parts.push('L1');
  return parts.join(' + ');
}

/** `spindle test FILE.zndsl`. Returns the exit code. */
export async function testCommand(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(TEST_HELP);
    return 0;
  }
  const [file, ...extra] = args;
  if (file === undefined || extra.length > 0) {
    process.stderr.write(`Error: expected exactly one .zndsl file\n${TEST_HELP}`);
    return 2;
  }
  const logger = new StreamLogger(process.stderr, 'info', 'test');
  // Everything is parsed and validated before any process starts.
  let test;
  let def;
  try {
    test = parseZndsl(await readFile(file, 'utf8'), file);
    def = parseNetworkToml(await readFile(test.networkPath, 'utf8'), test.networkPath);
  } catch (e) {
    if (e instanceof DslError || e instanceof NetworkDefinitionError || (e as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`Error: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
  const abort = new AbortController();
  let net: LaunchedNetwork | undefined;
  // Ctrl-C: cancel a launch in progress, or stop the network under a running test (its checks then fail).
  const onSignal = (): void => {
    abort.abort();
    void net?.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    net = await new NetworkLauncher().launch(def, {
      spindleBin: fileURLToPath(new URL('../cli/spindle.mjs', import.meta.url)),
      logger,
      signal: abort.signal,
    });
  } catch (e) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (e instanceof LaunchError) {
      process.stderr.write(`Error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  try {
    process.stdout.write(`Test: ${test.name}${test.description === undefined ? '' : ` — ${test.description}`}\n`);
    process.stdout.write(`Network: ${networkSummary(net)}, pids ${net.pids().join(', ')}\n`);
    const { passed, results } = await runZndsl(test, dslNetworkOf(net), { logger });
    for (const r of results) {
      const mark = r.ok ? '✔' : '✘';
      process.stdout.write(`${mark} line ${r.line} (${(r.ms / 1000).toFixed(1)}s): ${r.text}${r.ok ? '' : `\n  ${r.message ?? ''}`}\n`);
    }
    process.stdout.write(passed ? `${results.length} passed, 0 failed\n` : `${results.filter((r) => r.ok).length} passed, 1 failed\n`);
    return passed ? 0 : 1;
  } finally {
    await net.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
