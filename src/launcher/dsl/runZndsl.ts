import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import type { Logger } from '../../node/Logger.ts';
import { checkOnce, type PolledCheck, type Probe } from './checkOnce.ts';
import { compare } from './comparator.ts';
import type { DslNetwork, DslNode } from './DslNetwork.ts';
import { SystemEventWatcher } from './systemEventWatcher.ts';
import type { Assertion, Check, TestFile } from './TestFile.ts';

/** Interval between two evaluations of a check that has not passed yet. */
export const POLL_INTERVAL_MS = 250;
/** Upper bound of one http request / one script evaluation step. */
const REQUEST_TIMEOUT_MS = 5_000;

export interface RunZndslOptions {
  readonly logger: Logger;
  /** Clock in ms (deadlines and `ms`); defaults to `Date.now`. */
  readonly now?: () => number;
}

export interface AssertionResult {
  readonly line: number;
  readonly text: string;
  readonly node: string;
  readonly ok: boolean;
  /** The last value seen (height, metric value, matching log line, error text…). */
  readonly observed?: string;
  /** When failed: `line N (node): text — observed: …`. */
  readonly message?: string;
  readonly ms: number;
}

export interface RunZndslResult {
  readonly passed: boolean;
  /** One per assertion run; the run stops at the first failure, so later lines are absent. */
  readonly results: readonly AssertionResult[];
}

/**
 * Runs the assertions of `test` in order against `network`. Each check is polled every 250 ms until
 * it holds or `within` elapses; the run stops at the first failure. Never throws for a failing
 * check: errors (unreachable node, bad script) become a failed result naming line, node and error.
 */
export async function runZndsl(test: TestFile, network: DslNetwork, opts: RunZndslOptions): Promise<RunZndslResult> {
  const now = opts.now ?? Date.now;
  const results: AssertionResult[] = [];
  for (const a of test.assertions) {
    const started = now();
    const node = network.node(a.node);
    const probe: Probe =
      node === undefined ? { ok: false, observed: `no node named "${a.node}" in the network` } : await runOne(a, node, test, network, now).catch((e: unknown) => ({ ok: false, observed: errorText(e) }));
    const ms = now() - started;
    const result: AssertionResult = {
      line: a.line,
      text: a.text,
      node: a.node,
      ok: probe.ok,
      observed: probe.observed,
      ms,
      ...(probe.ok ? {} : { message: `line ${a.line} (${a.node}): ${a.text} — failed after ${(ms / 1000).toFixed(1)}s; observed: ${probe.observed}` }),
    };
    results.push(result);
    if (probe.ok) {
      opts.logger.info(`✅ line ${a.line}: ${a.text}`, { ms, observed: probe.observed });
    } else {
      opts.logger.error(`❌ ${result.message}`, { ms });
      return { passed: false, results };
    }
  }
  return { passed: true, results };
}

async function runOne(a: Assertion, node: DslNode, test: TestFile, network: DslNetwork, now: () => number): Promise<Probe> {
  const check: Check = a.check;
  const deadline = now() + a.withinSeconds * 1000;
  switch (check.kind) {
    case 'restart':
      await network.restart(a.node, check.afterSeconds);
      return { ok: true, observed: `restarted after ${check.afterSeconds}s` };
    case 'pause':
      await network.pause(a.node);
      return { ok: true, observed: 'paused' };
    case 'resume':
      await network.resume(a.node);
      return { ok: true, observed: 'resumed' };
    case 'jsScript':
      return runScript(check, node, test, network, a.withinSeconds * 1000);
    case 'systemEvent': {
      const watcher = await SystemEventWatcher.open(node.wsUrl, Math.max(1000, deadline - now()));
      try {
        return await poll(deadline, now, async () => {
          const m = await watcher.check(check.match, check.pattern);
          return { ok: m.found, observed: m.observed };
        });
      } finally {
        await watcher.close();
      }
    }
    default:
      return poll(deadline, now, (signal) => checkOnce(check as PolledCheck, node, signal, network));
  }
}

/** Evaluates `probe` until ok, final, or past `deadline` (at least once); each evaluation is bounded by its signal. */
async function poll(deadline: number, now: () => number, probe: (signal: AbortSignal) => Promise<Probe>): Promise<Probe> {
  for (;;) {
    const limitMs = Math.max(500, Math.min(REQUEST_TIMEOUT_MS, deadline - now()));
    const signal = AbortSignal.timeout(limitMs);
    const aborted = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error(`no answer within ${limitMs} ms`)), { once: true }));
    const p = await Promise.race([probe(signal), aborted]).catch((e: unknown): Probe => ({ ok: false, observed: errorText(e) }));
    if (p.ok || p.final === true || now() + POLL_INTERVAL_MS > deadline) return p;
    await sleep(POLL_INTERVAL_MS);
  }
}

/**
 * Imports the script (path relative to the test file) and awaits its `run(nodeName, networkInfo, args)`
 * export once, bounded by `timeoutMs`. Scripts are not re-run while polling: they may have effects.
 * `networkInfo` is `{node, nodesByName}` (every relay node and collator, with zombienet's `wsUri` and
 * `prometheusUri` aliases) plus Spindle's `l1` (`{rpcUrl, contract}`) when the network has one.
 */
async function runScript(check: Extract<Check, { kind: 'jsScript' }>, node: DslNode, test: TestFile, network: DslNetwork, timeoutMs: number): Promise<Probe> {
  const path = resolve(dirname(test.file), check.path);
  const mod = (await import(pathToFileURL(path).href)) as { run?: unknown; default?: { run?: unknown } };
  const run = typeof mod.run === 'function' ? mod.run : mod.default?.run;
  if (typeof run !== 'function') return { ok: false, observed: `${check.path} exports no run(nodeName, networkInfo, args) function` };
  const nodesByName = Object.fromEntries([...network.nodes(), node].map((n) => [n.name, { ...n, wsUri: n.wsUrl, prometheusUri: n.metricsUrl }]));
  const l1 = network.l1();
  const networkInfo = { node, nodesByName, ...(l1 === undefined ? {} : { l1 }) };
  let timer: NodeJS.Timeout | undefined;
  const value: unknown = await Promise.race([
    Promise.resolve((run as (n: string, i: unknown, a: readonly string[]) => unknown)(node.name, networkInfo, check.args)),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${check.path} did not return within ${timeoutMs / 1000}s`)), timeoutMs))),
  ]).finally(() => clearTimeout(timer));
  if (check.expect === undefined) return { ok: true, observed: `returned ${String(value)}` };
  const n = Number(value);
  if (!Number.isFinite(n)) return { ok: false, observed: `returned ${String(value)}, not a number` };
  return { ok: compare(check.expect.comparator, n, check.expect.target), observed: `returned ${n}` };
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const cause = e.cause instanceof Error ? ` (${e.cause.message})` : '';
    return `error: ${e.message}${cause}`;
  }
  return `error: ${String(e)}`;
}
