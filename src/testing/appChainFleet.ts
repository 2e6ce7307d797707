import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { CollatorService } from '../collator/CollatorService.ts';
import { silentLogger } from '../collator/CollatorLogger.ts';
import { kvKeyPairFromSeed, signKvTransaction, type KvKeyPair } from '../collator/execution/reference/index.ts';
import { builtinChainSpec, type ChainSpec } from '../node/chainSpec.ts';
import { createTempDir, type TempDir } from '../store/index.ts';
import { spawnNode, type SpawnedNode } from './spawnNode.ts';

/** First para id of a fleet; para `FIRST_PARA + i` is chain i. */
export const FIRST_PARA = 1000;

/** A dev chain spec with `count` extra paras (1000, 1001, …), each with a funded collator account `//Collator<i>`. */
export function fleetChainSpec(count: number): ChainSpec {
  const spec = builtinChainSpec('dev');
  if (!('runtimeGenesis' in spec.genesis)) throw new Error('dev spec is not a runtime genesis');
  const patch = spec.genesis.runtimeGenesis.patch;
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  for (let i = 0; i < count; i++) {
    const collator = keyring.addFromUri(`//Collator${i}`).address;
    patch.balances.balances.push([collator, (10n ** 21n).toString()]);
    patch.paras.paras.push([FIRST_PARA + i, collator, null]);
  }
  return { ...spec, id: 'spindle_fleet', name: `Spindle fleet of ${count} app chains` };
}

export interface FleetChain {
  readonly paraId: number;
  readonly service: CollatorService;
  readonly rpcUrl: string;
  readonly user: KvKeyPair;
  /** Submission time of each transaction by nonce, and its execution time once executed. */
  readonly submittedAt: Map<bigint, number>;
  readonly executedAt: Map<bigint, number>;
}

/**
 * A relay node and `count` reference app chains, each with an in-process collator
 * (CollatorService: candidates + relay follower + reference executor). For tests and benches
 * of many app chains on one relay.
 */
export class AppChainFleet {
  readonly chains: FleetChain[] = [];

  private constructor(
    readonly relay: SpawnedNode,
    private readonly dir: TempDir,
  ) {}

  static async start(count: number, opts: { blockTimeMs: number }): Promise<AppChainFleet> {
    const dir = await createTempDir('spindle-fleet-');
    const specPath = join(dir.path, 'fleet.json');
    await writeFile(specPath, JSON.stringify(fleetChainSpec(count)));
    let relay: SpawnedNode | undefined;
    try {
      relay = await spawnNode(['--chain', specPath, '--alice', '--base-path', join(dir.path, 'relay'), '--block-time', String(opts.blockTimeMs), '--no-prometheus']);
      const fleet = new AppChainFleet(relay, dir);
      const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
      for (let i = 0; i < count; i++) await fleet.#add(FIRST_PARA + i, keyring.addFromUri(`//Collator${i}`), i);
      return fleet;
    } catch (e) {
      await relay?.stop();
      await dir.remove();
      throw e;
    }
  }

  async #add(paraId: number, signer: KeyringPair, index: number): Promise<void> {
    const executedAt = new Map<bigint, number>();
    const user = kvKeyPairFromSeed(new Uint8Array(32).fill(index + 1));
    const service = new CollatorService({
      paraId,
      relayUrl: this.relay.wsUrl,
      signer,
      basePath: join(this.dir.path, `para-${paraId}`),
      rpc: { host: '127.0.0.1', port: 0 },
      executor: { kind: 'reference' },
      logger: silentLogger(),
      onExecuted: (_slice, report) => {
        const now = Date.now();
        for (const block of report.blocks) for (let k = 0; k < block.positions.length; k++) executedAt.set(BigInt(executedAt.size), now);
      },
    });
    const { rpcPort } = await service.start();
    this.chains.push({ paraId, service, rpcUrl: `http://127.0.0.1:${rpcPort}`, user, submittedAt: new Map(), executedAt });
  }

  /** Signs the next transaction of chain `c`'s user (nonce = transactions sent so far) and submits it to its collator. */
  async submit(c: FleetChain): Promise<void> {
    const nonce = BigInt(c.submittedAt.size);
    const payload = signKvTransaction(c.user.privateKey, { paraId: c.paraId, nonce, operations: [{ type: 'set', key: Buffer.from(`n${nonce}`), value: Buffer.from([Number(nonce % 256n)]) }] });
    c.submittedAt.set(nonce, Date.now());
    const response = await fetch(c.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'author_submitExtrinsic', params: [`0x${Buffer.from(payload).toString('hex')}`] }) });
    const body = (await response.json()) as { error?: { message: string } };
    if (body.error !== undefined) throw new Error(`para ${c.paraId}: ${body.error.message}`);
  }

  /** Stops every collator, then the relay, and removes the directory. */
  async stop(): Promise<void> {
    for (const c of this.chains) await c.service.stop();
    await this.relay.stop();
    await this.dir.remove();
  }
}
