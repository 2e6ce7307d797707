import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { StreamLogger } from '../node/Logger.ts';
import { endpointTable } from './endpointTable.ts';
import { LaunchError } from './LaunchError.ts';
import { NetworkDefinitionError } from './NetworkDefinitionError.ts';
import { NetworkLauncher } from './NetworkLauncher.ts';
import { parseNetworkToml } from './parseNetworkToml.ts';

export const LAUNCH_HELP = `Launch a local network from a zombienet-style TOML definition: the relay nodes,
the collators of each [[parachains]] (with a chopsticks node for app_chain = "chopsticks"),
and with [l1] an anvil L1 where the anchor contract is deployed and the validators anchor.

Usage: spindle launch FILE [OPTIONS]

  --run-dir <DIR>     Keep base paths and <name>.log here (default: a temp dir removed on exit)
  --relay-only        Start the relay chain nodes only, ignoring [[parachains]] and [l1]
  --spindle-bin <P>   The spindle binary for nodes without a command (default: this one)

Runs until SIGINT/SIGTERM, then stops every node.
`;

/** `spindle launch FILE`: launches, prints the endpoints, waits for SIGINT/SIGTERM, tears down. Returns the exit code. */
export async function launchCommand(args: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { 'run-dir': { type: 'string' }, 'relay-only': { type: 'boolean' }, 'spindle-bin': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`Error: ${(e as Error).message}\n${LAUNCH_HELP}`);
    return 2;
  }
  if (parsed.values.help === true) {
    process.stdout.write(LAUNCH_HELP);
    return 0;
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) {
    process.stderr.write(`Error: expected exactly one network file\n${LAUNCH_HELP}`);
    return 2;
  }
  const logger = new StreamLogger(process.stderr, 'info', 'launch');
  const abort = new AbortController();
  let signalled: (() => void) | undefined;
  const stopRequested = new Promise<void>((resolve) => (signalled = resolve));
  const onSignal = (sig: NodeJS.Signals): void => {
    logger.info(`Received ${sig}, stopping the network`);
    abort.abort();
    signalled?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const def = parseNetworkToml(await readFile(file, 'utf8'), file);
    const net = await new NetworkLauncher().launch(def, {
      spindleBin: parsed.values['spindle-bin'] ?? fileURLToPath(new URL('../cli/spindle.mjs', import.meta.url)),
      logger,
      relaychainOnly: parsed.values['relay-only'] === true,
      signal: abort.signal,
      ...(parsed.values['run-dir'] === undefined ? {} : { runDir: parsed.values['run-dir'] }),
    });
    try {
      process.stdout.write(`${endpointTable(net.nodes(), net.runDir, { collators: net.collators(), appChains: net.appChains(), l1: net.l1() })}\n\nPress Ctrl-C to stop.\n`);
      await stopRequested;
    } finally {
      await net.stop();
    }
    logger.info('network stopped');
    return 0;
  } catch (e) {
    if (e instanceof NetworkDefinitionError || e instanceof LaunchError) {
      process.stderr.write(`Error: ${e.message}\n`);
      return 2;
    }
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`Error: cannot read ${file}\n`);
      return 2;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
