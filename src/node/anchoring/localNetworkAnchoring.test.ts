import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { bytesToHex, createPublicClient, createWalletClient, http, parseEventLogs, type Address, type PublicClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { loadAnchorArtifact } from '../../anchor/anchorArtifact.ts';
import { deployAnchor } from '../../anchor/deployAnchor.ts';
import { startAnvil, type RunningAnvil } from '../../anchor/startAnvil.ts';
import { initHashing } from '../../primitives/hashing.ts';
import { connectApi } from '../../testing/connectApi.ts';
import { LOCAL_VALIDATORS, LocalNetwork } from '../../testing/localNetwork.ts';
import { submitAndFinalize } from '../../testing/submitAndFinalize.ts';
import { builtinChainSpec } from '../chainSpec.ts';
import { devAnchorAddress } from '../devAnchorKey.ts';
import { genesisHashOf, runtimeConfigFor } from '../genesisOf.ts';

const BLOCK_TIME_MS = 500;
const PERIOD = 8n;
const CONFIRMATIONS = 1n;
const ANVIL_DEPLOYER = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Acceptance: four validators anchor continuously on a real anvil; two of them submit (so they
 * race), two only sign. Ranges on L1 stay contiguous with no range submitted twice, and a
 * validator set change on the relay is handed over to the contract.
 */
describe('local network: 4 validators anchor on anvil', { timeout: 600_000 }, () => {
  let anvil: RunningAnvil;
  let net: LocalNetwork;
  let api: ApiPromise;
  let l1: PublicClient;
  let contract: Address;
  const { abi } = loadAnchorArtifact();
  const read = (functionName: string, args: unknown[] = []): Promise<unknown> => l1.readContract({ address: contract, abi, functionName, args });
  const finalized = async (): Promise<bigint> => (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toBigInt();

  before(async () => {
    await cryptoWaitReady();
    await initHashing();
    anvil = await startAnvil();
    const transport = http(anvil.rpcUrl);
    l1 = createPublicClient({ chain: foundry, transport, pollingInterval: 50 });
    const wallet = createWalletClient({ chain: foundry, transport, account: privateKeyToAccount(ANVIL_DEPLOYER), pollingInterval: 50 });
    const names = ['Alice', 'Bob', 'Charlie', 'Dave'];
    contract = await deployAnchor(wallet, l1, {
      genesisHash: bytesToHex(genesisHashOf(builtinChainSpec('local'), runtimeConfigFor(BLOCK_TIME_MS))),
      firstBlock: 1n,
      validators: names.map((n) => ({ address: devAnchorAddress(n) as Address, weight: 1n })),
    });
    for (const n of ['Alice', 'Bob']) {
      await l1.request({ method: 'anvil_setBalance' as never, params: [devAnchorAddress(n), '0x3635c9adc5dea00000'] as never });
    }
    net = await LocalNetwork.create(BLOCK_TIME_MS);
    const submitting = ['--l1-rpc', anvil.rpcUrl, '--anchor-contract', contract, '--anchor-confirmations', String(CONFIRMATIONS)];
    const signing = ['--anchor-contract', contract, '--l1-chain-id', String(foundry.id)];
    for (const name of LOCAL_VALIDATORS) await net.start(name, name === 'alice' || name === 'bob' ? submitting : signing);
    api = await connectApi(net.nodes.get('alice')!.wsUrl);
  });

  after(async () => {
    await api?.disconnect();
    await net?.close();
    await anvil?.stop();
  });

  it('behavior: the contract trails the finalized head by at most a period plus the confirmation depth, once caught up', async (t: TestContext) => {
    await until('three periods are anchored', async () => ((await read('latestAnchored')) as bigint) >= 3n * PERIOD);
    // Sample the lag while the chain runs; a slow machine may lag more, so the bound is checked
    // on a caught-up sample: some sample must be within one period plus the confirmation depth.
    let best = Number.MAX_SAFE_INTEGER;
    let worst = 0;
    for (let i = 0; i < 20; i++) {
      const anchored = (await read('latestAnchored')) as bigint;
      const lag = Number((await finalized()) - anchored);
      best = Math.min(best, lag);
      worst = Math.max(worst, lag);
      await new Promise((r) => setTimeout(r, 300));
    }
    t.diagnostic(`lag behind the finalized head: ${best}..${worst} blocks (period ${PERIOD}, confirmations ${CONFIRMATIONS})`);
    assert.ok(best <= Number(PERIOD + CONFIRMATIONS) + 2, `lag ${best} blocks`);
  });

  it('behavior: a validator set change on the relay is followed by the contract', async () => {
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const current = (await api.query.session.validators()) as unknown as { toJSON(): { account: string; consensusKey: string; anchorAddress: string; power: number }[] };
    const next = current.toJSON().map((v, i) => ({ ...v, power: i === 0 ? 2 : 1 }));
    const { events, blockHash } = await submitAndFinalize(api, api.tx.session.setValidators(next), alice);
    assert.ok(events.some((e) => e.event.section === 'session' && e.event.method === 'NewSession'));
    const changedAt = (await api.rpc.chain.getHeader(blockHash)).number.toBigInt();
    await until('the contract rotated to set 1 and anchored past the change', async () => (await read('setId')) === 1n && ((await read('latestAnchored')) as bigint) > changedAt + PERIOD);
    assert.equal(await read('weightOf', [devAnchorAddress('Alice')]), 2n);
    assert.equal(await read('totalWeight'), 5n);
  });

  it('behavior: the Anchored ranges on L1 are contiguous from block 1 with no range twice, though two validators submit', async () => {
    const logs = await l1.getLogs({ address: contract, fromBlock: 0n, toBlock: 'latest' });
    const anchored = parseEventLogs({ abi, logs, eventName: 'Anchored' }) as unknown as { args: { fromBlock: bigint; toBlock: bigint; setId: bigint } }[];
    assert.ok(anchored.length >= 4);
    let next = 1n;
    for (const { args } of anchored) {
      assert.equal(args.fromBlock, next, `range starting at ${args.fromBlock}`);
      next = args.toBlock + 1n;
    }
    assert.deepEqual([...new Set(anchored.map((a) => a.args.setId))], [0n, 1n]);
  });
});
