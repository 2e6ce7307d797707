import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { MultiSignature } from '../primitives/verifySignature.ts';

export interface SignatureCheck {
  readonly signature: MultiSignature;
  readonly message: Uint8Array;
  readonly signer: Uint8Array;
}

interface Pending {
  readonly items: SignatureCheck[];
  readonly resolvers: ((ok: boolean) => void)[];
}

/**
 * Verifies signatures on worker threads, so that admitting transactions uses every core (no
 * library offers batch verification). Requests made in the same tick are sent as one batch to
 * the least busy worker. Each worker runs the runtime's own SignatureVerifier.
 */
export class SignatureWorkers {
  readonly #workers: { worker: Worker; inFlight: number; ready: Promise<void> }[] = [];
  readonly #waiting = new Map<number, { resolvers: ((ok: boolean) => void)[]; worker: number }>();
  #batch: Pending | undefined;
  #nextId = 0;
  #closed = false;

  constructor(count = Math.max(1, availableParallelism() - 1)) {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(new URL('./signatureWorkerEntry.mjs', import.meta.url));
      const ready = new Promise<void>((resolve, reject) => {
        worker.once('error', reject);
        worker.once('message', () => resolve());
      });
      worker.on('message', (msg: { id?: number; results?: boolean[] }) => {
        if (msg.id === undefined) return;
        const waiting = this.#waiting.get(msg.id);
        this.#waiting.delete(msg.id);
        if (waiting === undefined) return;
        const w = this.#workers[waiting.worker]!;
        w.inFlight -= waiting.resolvers.length;
        // Idle workers must not keep the process alive; busy ones must.
        if (w.inFlight === 0) w.worker.unref();
        waiting.resolvers.forEach((r, k) => r(msg.results![k] === true));
      });
      worker.unref();
      this.#workers.push({ worker, inFlight: 0, ready });
    }
  }

  /** Resolves with the verdict; a closed pool answers false (the runtime then verifies itself). */
  verify(check: SignatureCheck): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      if (this.#batch === undefined) {
        this.#batch = { items: [], resolvers: [] };
        setImmediate(() => void this.#flush());
      }
      this.#batch.items.push(check);
      this.#batch.resolvers.push(resolve);
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#batch!;
    this.#batch = undefined;
    let index = 0;
    for (let i = 1; i < this.#workers.length; i++) if (this.#workers[i]!.inFlight < this.#workers[index]!.inFlight) index = i;
    const target = this.#workers[index]!;
    target.worker.ref();
    try {
      await target.ready;
    } catch {
      batch.resolvers.forEach((r) => r(false));
      return;
    }
    const id = this.#nextId++;
    target.inFlight += batch.items.length;
    target.worker.ref();
    this.#waiting.set(id, { resolvers: batch.resolvers, worker: index });
    target.worker.postMessage({ id, items: batch.items });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const w of this.#waiting.values()) w.resolvers.forEach((r) => r(false));
    this.#waiting.clear();
    await Promise.all(this.#workers.map((w) => w.worker.terminate()));
  }
}
