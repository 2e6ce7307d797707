import { freePort } from '../launcher/freePort.ts';
import { peerIdFromNodeKey } from '../network/index.ts';
import { createTempDir, type TempDir } from '../store/index.ts';
import { spawnNode, type SpawnedNode } from './spawnNode.ts';

export const LOCAL_VALIDATORS = ['alice', 'bob', 'charlie', 'dave'] as const;

/** Fixed node keys, listen ports and base paths of a local network's processes, to start and restart them. */
export class LocalNetwork {
  readonly nodes = new Map<string, SpawnedNode>();
  readonly #dirs = new Map<string, TempDir>();
  readonly #ports = new Map<string, number>();
  readonly #keys = new Map<string, string>();

  private constructor(private readonly blockTimeMs: number) {}

  /** Allocates ports, keys and directories for the four `local` validators (nothing started). */
  static async create(blockTimeMs: number): Promise<LocalNetwork> {
    const net = new LocalNetwork(blockTimeMs);
    for (const name of LOCAL_VALIDATORS) await net.#allocate(name);
    return net;
  }

  async #allocate(name: string): Promise<void> {
    if (this.#dirs.has(name)) return;
    this.#dirs.set(name, await createTempDir(`spindle-${name}-`));
    this.#ports.set(name, await freePort());
    this.#keys.set(name, (this.#keys.size + 1).toString(16).padStart(64, '0'));
  }

  bootnode(name: string): string {
    return `/ip4/127.0.0.1/tcp/${this.#ports.get(name)}/p2p/${peerIdFromNodeKey(this.#keys.get(name)!)}`;
  }

  /** Starts (or restarts, on the same base path and identity) a validator, or a full node for any other name. */
  async start(name: string, extraArgs: readonly string[] = []): Promise<SpawnedNode> {
    await this.#allocate(name);
    const validator = (LOCAL_VALIDATORS as readonly string[]).includes(name);
    const node = await spawnNode([
      '--chain', 'local', '--name', name,
      ...(validator ? [`--${name}`, '--validator'] : []),
      '--base-path', this.#dirs.get(name)!.path,
      '--node-key', this.#keys.get(name)!,
      '--listen-addr', `/ip4/127.0.0.1/tcp/${this.#ports.get(name)}`,
      '--block-time', String(this.blockTimeMs),
      ...LOCAL_VALIDATORS.filter((n) => n !== name).flatMap((n) => ['--bootnodes', this.bootnode(n)]),
      ...extraArgs,
    ]);
    this.nodes.set(name, node);
    return node;
  }

  async stop(name: string, how: 'term' | 'kill' = 'term'): Promise<void> {
    const node = this.nodes.get(name);
    this.nodes.delete(name);
    if (how === 'kill') await node?.kill9();
    else await node?.stop();
  }

  /** Stops every process by its pid and removes every directory. */
  async close(): Promise<void> {
    for (const name of [...this.nodes.keys()]) await this.stop(name);
    for (const d of this.#dirs.values()) await d.remove();
  }
}
