import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { SNAPSHOT_RUNTIME_SIGNED_EXTENSIONS } from '../../src/collator/execution/chopsticks/devAppChainGenesis.ts';

/** What this script reads of the DSL runner's `networkInfo`. */
interface NetworkInfo {
  readonly nodesByName: Readonly<Record<string, { readonly wsUrl: string; readonly paraId?: number }>>;
}

/** Bound on waiting for one transaction to be executed (the DSL line's `within` usually ends the run first). */
const WAIT_MS = 120_000;

/**
 * js-script for a chopsticks app chain (`app_chain = "chopsticks"`), run on its collator:
 *
 *   collator-200: js-script ./substrate-traffic.ts with "2" return is at least 3 within 180 seconds
 *
 * Signs `N` (default 1) `system.remark`s by the dev account //Alice against the collator (which
 * forwards reads to chopsticks) and submits them to it one at a time, each once the app chain's head
 * rose past the previous one. Returns the app chain's height at the end.
 */
export async function run(nodeName: string, networkInfo: NetworkInfo, args: readonly string[]): Promise<number> {
  const node = networkInfo.nodesByName[nodeName];
  if (node?.paraId === undefined) throw new Error(`${nodeName} is not a collator`);
  const count = Number(args[0] ?? 1);
  if (!Number.isInteger(count) || count < 1) throw new Error(`expected a number of transactions, got "${args[0]}"`);
  await cryptoWaitReady();
  const alice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
  const api = await ApiPromise.create({ provider: new WsProvider(node.wsUrl) as never, signedExtensions: SNAPSHOT_RUNTIME_SIGNED_EXTENSIONS, noInitWarn: true });
  try {
    const height = async (): Promise<number> => (await api.rpc.chain.getHeader()).number.toNumber();
    let reached = await height();
    for (let i = 0; i < count; i++) {
      const nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
      const tx = await api.tx['system']!['remark']!(`zndsl ${nodeName} #${i}`).signAsync(alice, { nonce });
      await api.rpc.author.submitExtrinsic(tx);
      const before = reached;
      const deadline = Date.now() + WAIT_MS;
      while ((reached = await height()) <= before) {
        if (Date.now() > deadline) throw new Error(`remark ${i} was not executed within ${WAIT_MS / 1000}s (app height ${reached})`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    return reached;
  } finally {
    await api.disconnect();
  }
}
