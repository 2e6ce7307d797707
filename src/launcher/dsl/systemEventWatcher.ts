import { ApiPromise, WsProvider } from '@polkadot/api';
import { lineMatcher } from './lineMatcher.ts';

/** How many blocks before the best block (at open) are searched too, so a just-emitted event counts. */
export const EVENT_LOOKBACK_BLOCKS = 16;

export interface EventMatch {
  readonly found: boolean;
  /** When found: `section.method` and the block number; otherwise a summary of what was seen. */
  readonly observed: string;
}

/**
 * Reads `System.Events` of the canonical blocks from (best at open − lookback) up to the current
 * best, block by block, decoding them with the node's own metadata through @polkadot/api.
 * `check` may be called repeatedly (polling); each block is read once. `close()` is idempotent.
 */
export class SystemEventWatcher {
  #api: ApiPromise | undefined;
  #next = 0;
  #scanned = 0;
  #seen = new Set<string>();

  private constructor(api: ApiPromise) {
    this.#api = api;
  }

  static async open(wsUrl: string, timeoutMs: number): Promise<SystemEventWatcher> {
    const provider = new WsProvider(wsUrl, false);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`@polkadot/api could not connect to ${wsUrl} within ${timeoutMs} ms`)), timeoutMs)));
    try {
      await Promise.race([provider.connect(), timeout]);
      const api = await Promise.race([ApiPromise.create({ provider: provider as never, noInitWarn: true, throwOnConnect: true }), timeout]);
      const watcher = new SystemEventWatcher(api);
      const best = (await api.rpc.chain.getHeader()).number.toNumber();
      watcher.#next = Math.max(0, best - EVENT_LOOKBACK_BLOCKS);
      return watcher;
    } catch (e) {
      await provider.disconnect().catch(() => undefined);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Searches the blocks not yet read for an event matching `pattern`. */
  async check(match: 'contains' | 'regex', pattern: string): Promise<EventMatch> {
    const api = this.#api;
    if (api === undefined) throw new Error('SystemEventWatcher is closed');
    const matches = lineMatcher(match, pattern);
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    for (; this.#next <= best; this.#next++) {
      const hash = await api.rpc.chain.getBlockHash(this.#next);
      const at = await api.at(hash);
      const records = (await at.query['system']!['events']!()) as unknown as Iterable<{ event: { section: string; method: string; toHuman(): unknown } }>;
      this.#scanned++;
      for (const { event } of records) {
        const name = `${event.section}.${event.method}`;
        this.#seen.add(name);
        if (matches(name) || matches(JSON.stringify(event.toHuman()))) return { found: true, observed: `${name} in block #${this.#next}` };
      }
    }
    return { found: false, observed: `no matching event in ${this.#scanned} blocks (up to #${best}); seen: ${[...this.#seen].join(', ') || 'none'}` };
  }

  async close(): Promise<void> {
    const api = this.#api;
    this.#api = undefined;
    await api?.disconnect().catch(() => undefined);
  }
}
