import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import type { Logger } from '../node/Logger.ts';
import { LaunchError } from './LaunchError.ts';
import type { LaunchedAppChain, RunningAppChain } from './startChopsticksAppChain.ts';
import type { LaunchedL1, RunningNetworkL1 } from './startNetworkL1.ts';
import { waitForCollatorReady } from './waitForCollatorReady.ts';
import { waitForNodeReady } from './waitForNodeReady.ts';

/** Everything fixed about one relay node of a launched network (it survives restarts). */
export interface RelayNodePlan {
  readonly kind: 'relay';
  readonly name: string;
  readonly validator: boolean;
  /** Executable and arguments (`node spindle.mjs --chain … ` for the spindle binary). */
  readonly command: string;
  readonly argv: readonly string[];
  readonly rpcPort: number;
  readonly p2pPort: number;
  readonly prometheusPort: number;
  readonly peerId: string;
  readonly nodeKey: string;
  /** `/ip4/127.0.0.1/tcp/P2P/p2p/PEER_ID`. */
  readonly multiaddr: string;
  readonly basePath: string;
  readonly logPath: string;
}

/** Who executes the relay's order for a collator's app chain. */
export type CollatorExecutor = 'reference' | 'chopsticks' | 'none';

/** Everything fixed about one collator of a launched network (it survives restarts). */
export interface CollatorPlan {
  readonly kind: 'collator';
  readonly name: string;
  readonly paraId: number;
  readonly executes: CollatorExecutor;
  readonly command: string;
  readonly argv: readonly string[];
  readonly rpcPort: number;
  readonly basePath: string;
  readonly logPath: string;
}

/** A process the network starts itself and can restart, pause and resume by name. */
export type ProcessPlan = RelayNodePlan | CollatorPlan;

/** A relay node of a launched network as the outside sees it. `pid` is that of the current process. */
export interface LaunchedNode {
  readonly name: string;
  readonly pid: number;
  readonly validator: boolean;
  readonly rpcPort: number;
  readonly wsUrl: string;
  readonly httpUrl: string;
  readonly prometheusPort: number;
  readonly metricsUrl: string;
  readonly p2pPort: number;
  readonly peerId: string;
  readonly multiaddr: string;
  readonly basePath: string;
  readonly logPath: string;
  /** False after kill(name) or once the process exited on its own; true while paused. */
  readonly running: boolean;
  readonly paused: boolean;
}

/** A collator of a launched network: its own JSON-RPC (`collator_status`, `author_submitExtrinsic`) on ws and http. */
export interface LaunchedCollator {
  readonly name: string;
  readonly pid: number;
  readonly paraId: number;
  readonly executes: CollatorExecutor;
  readonly rpcPort: number;
  readonly wsUrl: string;
  readonly httpUrl: string;
  readonly basePath: string;
  readonly logPath: string;
  readonly running: boolean;
  readonly paused: boolean;
}

interface Running {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<void>;
  done: boolean;
  paused: boolean;
}

export interface LaunchedNetworkOptions {
  readonly runDir: string;
  /** Remove `runDir` on stop() (true when the launcher created it). */
  readonly removeRunDir: boolean;
  readonly logger: Logger;
  /** Time a process gets to exit after SIGTERM before SIGKILL (default 10 s). */
  readonly stopGraceMs?: number;
  /** Bound on each readiness wait (start, restart). */
  readonly readyTimeoutMs: number;
}

const TAIL_BYTES = 4000;

/**
 * The processes of one network run: relay nodes and collators (spawned here, by plan), and the
 * app chains and L1 started by the launcher and handed over with attach…(). Every process is
 * tracked by its pid and signalled by it alone. stop() is idempotent and leaves no process of the
 * run alive: collators, then relay nodes, then app chains, then the L1.
 */
export class LaunchedNetwork {
  readonly runDir: string;
  readonly #plans = new Map<string, ProcessPlan>();
  readonly #running = new Map<string, Running>();
  readonly #pids: number[] = [];
  readonly #appChains: RunningAppChain[] = [];
  #l1: RunningNetworkL1 | undefined;
  readonly #opts: LaunchedNetworkOptions;
  #stopping: Promise<void> | undefined;

  constructor(opts: LaunchedNetworkOptions) {
    this.runDir = opts.runDir;
    this.#opts = opts;
  }

  /** Adds processes to start (with startAll). Names are unique across relay nodes and collators. */
  add(plans: readonly ProcessPlan[]): void {
    this.#checkNotStopped();
    for (const p of plans) this.#plans.set(p.name, p);
  }

  /** Takes ownership of a started L1: stop() stops it last. Attached to a stopped network, it is stopped at once. */
  async attachL1(l1: RunningNetworkL1): Promise<void> {
    this.#pids.push(l1.pid);
    if (this.#stopping !== undefined) return l1.stop();
    this.#l1 = l1;
  }

  /** Takes ownership of a started app chain (stopped after the relay nodes). */
  async attachAppChain(appChain: RunningAppChain): Promise<void> {
    this.#pids.push(appChain.pid);
    if (this.#stopping !== undefined) return appChain.stop();
    this.#appChains.push(appChain);
  }

  /** The relay nodes, in definition order. */
  nodes(): LaunchedNode[] {
    return [...this.#plans.values()].filter((p) => p.kind === 'relay').map((p) => this.node(p.name));
  }

  /** One relay node by name; throws LaunchError UNKNOWN_NODE. */
  node(name: string): LaunchedNode {
    const plan = this.#plan(name);
    if (plan.kind !== 'relay') throw this.#unknown(name, 'relay node');
    const run = this.#running.get(name);
    return {
      name: plan.name,
      pid: run?.pid ?? -1,
      validator: plan.validator,
      rpcPort: plan.rpcPort,
      wsUrl: `ws://127.0.0.1:${plan.rpcPort}`,
      httpUrl: `http://127.0.0.1:${plan.rpcPort}`,
      prometheusPort: plan.prometheusPort,
      metricsUrl: `http://127.0.0.1:${plan.prometheusPort}/metrics`,
      p2pPort: plan.p2pPort,
      peerId: plan.peerId,
      multiaddr: plan.multiaddr,
      basePath: plan.basePath,
      logPath: plan.logPath,
      running: run !== undefined && !run.done,
      paused: run?.paused === true && !run.done,
    };
  }

  /** The collators, in definition order. */
  collators(): LaunchedCollator[] {
    return [...this.#plans.values()].filter((p) => p.kind === 'collator').map((p) => this.collator(p.name));
  }

  /** One collator by name; throws LaunchError UNKNOWN_NODE. */
  collator(name: string): LaunchedCollator {
    const plan = this.#plan(name);
    if (plan.kind !== 'collator') throw this.#unknown(name, 'collator');
    const run = this.#running.get(name);
    return {
      name: plan.name,
      pid: run?.pid ?? -1,
      paraId: plan.paraId,
      executes: plan.executes,
      rpcPort: plan.rpcPort,
      wsUrl: `ws://127.0.0.1:${plan.rpcPort}`,
      httpUrl: `http://127.0.0.1:${plan.rpcPort}`,
      basePath: plan.basePath,
      logPath: plan.logPath,
      running: run !== undefined && !run.done,
      paused: run?.paused === true && !run.done,
    };
  }

  /** The chopsticks app chains, in start order. */
  appChains(): LaunchedAppChain[] {
    return this.#appChains.map(({ paraId, kind, wsUrl, httpUrl, pid, logPath }) => ({ paraId, kind, wsUrl, httpUrl, pid, logPath }));
  }

  /** The L1 (anvil and the anchor contract), if the network has one. */
  l1(): LaunchedL1 | undefined {
    const l1 = this.#l1;
    return l1 === undefined ? undefined : { rpcUrl: l1.rpcUrl, chainId: l1.chainId, contract: l1.contract, pid: l1.pid, logPath: l1.logPath };
  }

  /** Every pid this run has started (restarts, app chains and anvil included), e.g. to check that none outlives stop(). */
  pids(): readonly number[] {
    return [...this.#pids];
  }

  /** Starts every added process that is not running and waits until all are ready. */
  async startAll(signal?: AbortSignal): Promise<void> {
    const names = [...this.#plans.keys()].filter((n) => !this.#isRunning(n));
    for (const name of names) this.#spawn(name);
    await Promise.all(names.map((n) => this.#waitReady(n, signal)));
  }

  /**
   * Stops a relay node or collator (SIGTERM, then SIGKILL after the grace), waits `afterMs` (default 0),
   * and starts it again with the same identity, ports and base path; resolves when it is ready. Also
   * brings back a killed one.
   */
  async restart(name: string, opts: { readonly afterMs?: number; readonly signal?: AbortSignal } = {}): Promise<void> {
    this.#checkNotStopped();
    this.#plan(name);
    await this.#terminate(name, 'SIGTERM');
    if ((opts.afterMs ?? 0) > 0) await new Promise((r) => setTimeout(r, opts.afterMs));
    this.#spawn(name);
    await this.#waitReady(name, opts.signal);
  }

  /** SIGKILL, and wait for the process to be gone. It can be brought back with restart(name). */
  async kill(name: string): Promise<void> {
    this.#plan(name);
    await this.#terminate(name, 'SIGKILL');
  }

  /** SIGSTOP: the process freezes (sockets stay open). */
  pause(name: string): void {
    const run = this.#live(name);
    run.child.kill('SIGSTOP');
    run.paused = true;
  }

  /** SIGCONT after pause(name). */
  resume(name: string): void {
    const run = this.#live(name);
    run.child.kill('SIGCONT');
    run.paused = false;
  }

  /** The last `bytes` of a process's log file. */
  async logTail(name: string, bytes = TAIL_BYTES): Promise<string> {
    const text = await readFile(this.#plan(name).logPath, 'utf8').catch(() => '');
    return text.slice(-bytes);
  }

  /**
   * Stops every process by its pid (SIGTERM, SIGKILL after the grace): collators, relay nodes, app
   * chains, the L1; then removes the run directory if ours. Idempotent.
   */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      const grace = this.#opts.stopGraceMs ?? 10_000;
      const names = (kind: ProcessPlan['kind']): string[] => [...this.#running.keys()].filter((n) => this.#plans.get(n)?.kind === kind);
      await Promise.all(names('collator').map((n) => this.#terminate(n, 'SIGTERM')));
      await Promise.all(names('relay').map((n) => this.#terminate(n, 'SIGTERM')));
      await Promise.all(this.#appChains.map((a) => a.stop(grace)));
      await this.#l1?.stop(grace);
      if (this.#opts.removeRunDir) await rm(this.runDir, { recursive: true, force: true });
    })();
    return this.#stopping;
  }

  #checkNotStopped(): void {
    if (this.#stopping !== undefined) throw new LaunchError('STOPPED', 'the network was stopped');
  }

  #isRunning(name: string): boolean {
    const run = this.#running.get(name);
    return run !== undefined && !run.done;
  }

  #unknown(name: string, what: string): LaunchError {
    const names = [...this.#plans.keys()];
    return new LaunchError('UNKNOWN_NODE', `no ${what} named "${name}" (relay nodes and collators: ${names.join(', ')})`, { node: name });
  }

  #plan(name: string): ProcessPlan {
    const plan = this.#plans.get(name);
    if (plan === undefined) throw this.#unknown(name, 'node or collator');
    return plan;
  }

  #live(name: string): Running {
    const plan = this.#plan(name);
    const run = this.#running.get(name);
    if (run === undefined || run.done) throw new LaunchError('NOT_RUNNING', `${plan.kind === 'relay' ? 'node' : 'collator'} ${name} is not running`, { node: name });
    return run;
  }

  #spawn(name: string): void {
    this.#checkNotStopped();
    const plan = this.#plan(name);
    const fd = openSync(plan.logPath, 'a');
    let child: ChildProcess;
    try {
      child = spawn(plan.command, [...plan.argv], { stdio: ['ignore', fd, fd], env: process.env });
    } finally {
      closeSync(fd);
    }
    if (child.pid === undefined) throw new LaunchError('NODE_EXITED', `could not start ${name} (${plan.command})`, { node: name });
    const run: Running = {
      child,
      pid: child.pid,
      done: false,
      paused: false,
      exited: new Promise((resolve) => {
        child.once('exit', (code, sig) => {
          run.done = true;
          if (this.#stopping === undefined) this.#opts.logger.debug(`${name} exited`, { pid: child.pid, code, signal: sig });
          resolve();
        });
        child.once('error', (e) => {
          this.#opts.logger.error(`${name} failed to spawn`, { error: e.message });
          run.done = true;
          resolve();
        });
      }),
    };
    this.#pids.push(run.pid);
    this.#running.set(name, run);
    this.#opts.logger.info(`started ${name}`, { pid: run.pid, log: plan.logPath });
  }

  async #waitReady(name: string, signal?: AbortSignal): Promise<void> {
    const plan = this.#plan(name);
    const run = this.#running.get(name)!;
    const deadline = Date.now() + this.#opts.readyTimeoutMs;
    try {
      if (plan.kind === 'relay') await waitForNodeReady({ name, rpcPort: plan.rpcPort, prometheusPort: plan.prometheusPort, exited: run.exited }, deadline, signal);
      else await waitForCollatorReady({ name, rpcPort: plan.rpcPort, paraId: plan.paraId, exited: run.exited }, deadline, signal);
    } catch (e) {
      if (e instanceof LaunchError) {
        const logTail = await this.logTail(name);
        throw new LaunchError(e.code, `${e.message}; last lines of ${plan.logPath}:\n${logTail}`, { node: name, logTail }, { cause: e });
      }
      throw e;
    }
  }

  async #terminate(name: string, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const run = this.#running.get(name);
    if (run === undefined || run.done) return;
    run.child.kill(signal);
    if (run.paused) run.child.kill('SIGCONT');
    run.paused = false;
    const timer = signal === 'SIGTERM' ? setTimeout(() => run.done || run.child.kill('SIGKILL'), this.#opts.stopGraceMs ?? 10_000) : undefined;
    await run.exited;
    clearTimeout(timer);
  }
}
