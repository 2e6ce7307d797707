/**
 * A level-free wake-up: `wait()` resolves at the next `notify()`. Waiters re-check their own
 * condition after waking, so a notify that nobody awaited is never needed later.
 *
 * @example
 * while (queue.length === 0) await signal.wait();
 */
export class WakeSignal {
  #waiters: (() => void)[] = [];

  wait(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}
