/** What {@link stopOnSignal} logs through. */
export interface SignalLogger {
  info(message: string): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * On the first SIGINT or SIGTERM: logs it, runs `stop` (the service's, then e.g. removing a
 * temporary base path) and exits 0, or 1 when stopping failed. Later signals are ignored while
 * stopping runs.
 */
export function stopOnSignal(stop: () => Promise<void>, logger: SignalLogger): void {
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info(`Received ${signal}, shutting down`);
    stop().then(
      () => process.exit(0),
      (e: unknown) => {
        logger.error('shutdown failed', { error: e });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
