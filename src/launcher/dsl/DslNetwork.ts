/**
 * The narrow view of a running network that the zombienet DSL runner needs. The launcher adapts
 * its own network object to this; tests can build one over a single spawned node.
 */
export interface DslNode {
  readonly name: string;
  /** JSON-RPC over websocket (used by `system event contains`, through @polkadot/api). */
  readonly wsUrl: string;
  /** JSON-RPC over http (POST), used by every other chain query. */
  readonly httpUrl: string;
  /** Prometheus text endpoint, e.g. `http://127.0.0.1:9615/metrics`. */
  readonly metricsUrl: string;
  /** File the node's stdout+stderr are written to (read by the log assertions). */
  readonly logPath: string;
}

export interface DslNetwork {
  node(name: string): DslNode | undefined;
  /** Stops the node, waits `afterSeconds`, starts it again (same base path, same ports if it can). */
  restart(name: string, afterSeconds: number): Promise<void>;
  /** SIGSTOP. */
  pause(name: string): Promise<void>;
  /** SIGCONT. */
  resume(name: string): Promise<void>;
}
