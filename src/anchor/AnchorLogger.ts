/** What the anchoring service logs through; declared here by its user (the node passes its Logger). */
export interface AnchorLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that drops everything. */
export function silentAnchorLogger(): AnchorLogger {
  return { debug() {}, info() {}, warn() {}, error() {} };
}
