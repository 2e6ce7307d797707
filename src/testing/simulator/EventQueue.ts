/**
 * The fake clock of a simulation: events ordered by time, ties by insertion order, so a run is a
 * deterministic function of its seed. A binary min-heap.
 */
export class EventQueue<T> {
  #heap: Array<{ time: number; seq: number; event: T }> = [];
  #seq = 0;
  #now = 0;

  /** The time of the event being processed (the fake clock). */
  get now(): number {
    return this.#now;
  }

  get size(): number {
    return this.#heap.length;
  }

  /** Schedules `event` at `time` (never before now). */
  push(time: number, event: T): void {
    const item = { time: Math.max(time, this.#now), seq: this.#seq++, event };
    const h = this.#heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  /** Removes the earliest event and advances the clock to it; undefined when empty. */
  pop(): { time: number; event: T } | undefined {
    const h = this.#heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    this.#now = top.time;
    return { time: top.time, event: top.event };
  }
}

function before(a: { time: number; seq: number }, b: { time: number; seq: number }): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
