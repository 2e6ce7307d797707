/** What the collator's services log through, declared here by their user (a command passes its own). */
export interface CollatorLogger {
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** A logger that drops everything. */
export function silentLogger(): CollatorLogger {
  const drop = (): void => {};
  return { debug: drop, info: drop, warn: drop, error: drop };
}
