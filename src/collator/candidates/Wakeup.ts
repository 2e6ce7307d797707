/**
 * A loop's sleep that something else can cut short: `wait(ms)` resolves after `ms` or at the
 * next `wake()`, whichever comes first. A `wake()` while nobody waits is remembered, so the next
 * `wait` returns at once (no lost wake-ups).
 */
export class Wakeup {
  #pending = false;
  #resolve: (() => void) | null = null;

  wake(): void {
    const resolve = this.#resolve;
    if (resolve === null) {
      this.#pending = true;
      return;
    }
    this.#resolve = null;
    resolve();
  }

  wait(ms: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#resolve = null;
        resolve();
      }, Math.max(0, ms));
      this.#resolve = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
