import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import type { Logger } from '../node/Logger.ts';
import { LaunchError } from './LaunchError.ts';
import { waitForNodeReady } from './waitForNodeReady.ts';

/** Everything fixed about one node of a launched network (it survives restarts). */
export interface NodePlan {
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

/** A node of a launched network as the outside sees it. `pid` is that of the current process. */
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
  /** Time a node gets to exit after SIGTERM before SIGKILL (default 10 s). */
  readonly stopGraceMs?: number;
  /** Bound on each readiness wait (start, restart). */
  readonly readyTimeoutMs: number;
}

const TAIL_BYTES = 4000;

/**
 * The processes of one network run. Built by NetworkLauncher.launch; every process is tracked by
 * its pid and signalled by it alone. stop() is idempotent and leaves no process of the run alive.
 */
export class LaunchedNetwork {
  readonly runDir: string;
  readonly #plans = new Map<string, NodePlan>();
  readonly #running = new Map<string, Running>();
  readonly #pids: number[] = [];
  readonly #opts: LaunchedNetworkOptions;
  #stopping: Promise<void> | undefined;

  constructor(plans: readonly NodePlan[], opts: LaunchedNetworkOptions) {
    for (const p of plans) this.#plans.set(p.name, p);
    this.runDir = opts.runDir;
    this.#opts = opts;
  }

  /** The nodes, in definition order. */
  nodes(): LaunchedNode[] {
    return [...this.#plans.keys()].map((n) => this.node(n));
  }

  /** One node by name; throws LaunchError UNKNOWN_NODE. */
  node(name: string): LaunchedNode {
    const plan = this.#plan(name);
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

  /** Every pid this run has spawned (restarts included), e.g. to check that none outlives stop(). */
  pids(): readonly number[] {
    return [...this.#pids];
  }

  /** Starts every node not running and waits until all are ready; on failure stops everything. */
  async startAll(signal?: AbortSignal): Promise<void> {
    try {
      for (const name of this.#plans.keys()) if (!this.node(name).running) this.#spawn(name);
      await Promise.all([...this.#plans.keys()].map((n) => this.#waitReady(n, signal)));
    } catch (e) {
      await this.stop();
      throw e instanceof LaunchError ? new LaunchError(e.code, e.message, { ...e.data, pids: this.pids() }, { cause: e.cause }) : e;
    }
  }

  /**
   * Stops a node (SIGTERM, then SIGKILL after the grace), waits `afterMs` (default 0), and starts it again
   * with the same identity, ports and base path; resolves when it is ready. Also brings back a killed node.
   */
  async restart(name: string, opts: { readonly afterMs?: number; readonly signal?: AbortSignal } = {}): Promise<LaunchedNode> {
    this.#checkNotStopped();
    this.#plan(name);
    await this.#terminate(name, 'SIGTERM');
    if ((opts.afterMs ?? 0) > 0) await new Promise((r) => setTimeout(r, opts.afterMs));
    this.#spawn(name);
    await this.#waitReady(name, opts.signal);
    return this.node(name);
  }

  /** SIGKILL, and wait for the process to be gone. The node can be brought back with restart(name). */
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

  /** The last `bytes` of a node's log file. */
  async logTail(name: string, bytes = TAIL_BYTES): Promise<string> {
    const text = await readFile(this.#plan(name).logPath, 'utf8').catch(() => '');
    return text.slice(-bytes);
  }

  /** Stops every process by its pid (SIGTERM, SIGKILL after the grace), then removes the run directory if ours. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await Promise.all([...this.#running.keys()].map((n) => this.#terminate(n, 'SIGTERM')));
      if (this.#opts.removeRunDir) await rm(this.runDir, { recursive: true, force: true });
    })();
    return this.#stopping;
  }

  #checkNotStopped(): void {
    if (this.#stopping !== undefined) throw new LaunchError('STOPPED', 'the network was stopped');
  }

  #plan(name: string): NodePlan {
    const plan = this.#plans.get(name);
    if (plan === undefined) throw new LaunchError('UNKNOWN_NODE', `no node named "${name}" (nodes: ${[...this.#plans.keys()].join(', ')})`, { node: name });
    return plan;
  }

  #live(name: string): Running {
    this.#plan(name);
    const run = this.#running.get(name);
    if (run === undefined || run.done) throw new LaunchError('NOT_RUNNING', `node ${name} is not running`, { node: name });
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
          if (this.#stopping === undefined) this.#opts.logger.debug(`node ${name} exited`, { pid: child.pid, code, signal: sig });
          resolve();
        });
        child.once('error', (e) => {
          this.#opts.logger.error(`node ${name} failed to spawn`, { error: e.message });
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
    try {
      await waitForNodeReady({ name, rpcPort: plan.rpcPort, prometheusPort: plan.prometheusPort, exited: run.exited }, Date.now() + this.#opts.readyTimeoutMs, signal);
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
