import type { ConnectorStatus, ConnectorStatusEvent } from './AppChainConnector.ts';

/** Holds a connector's status and tells listeners about each change, in order (repeats are dropped). */
export class StatusNotifier {
  #status: ConnectorStatus = 'idle';
  readonly #listeners = new Set<(event: ConnectorStatusEvent) => void>();

  get status(): ConnectorStatus {
    return this.#status;
  }

  set(status: ConnectorStatus, error?: Error): void {
    if (status === this.#status || this.#status === 'closed') return;
    this.#status = status;
    const event: ConnectorStatusEvent = error === undefined ? { status } : { status, error };
    for (const listener of [...this.#listeners]) listener(event);
  }

  listen(listener: (event: ConnectorStatusEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
}
