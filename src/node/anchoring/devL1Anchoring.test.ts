import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { BaseError, ContractFunctionRevertedError, createPublicClient, http, keccak256, type Address, type Hex, type PublicClient } from 'viem';
import { foundry } from 'viem/chains';
import { loadAnchorArtifact } from '../../anchor/anchorArtifact.ts';
import { connectApi } from '../../testing/connectApi.ts';
import { spawnNode, type SpawnedNode } from '../../testing/spawnNode.ts';
import { submitAndFinalize } from '../../testing/submitAndFinalize.ts';

/** JSON-RPC over http to the node. */
async function call<T>(node: SpawnedNode, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(node.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function revertName(e: unknown): string | undefined {
  if (!(e instanceof BaseError)) return undefined;
  const revert = e.walk((x) => x instanceof ContractFunctionRevertedError);
  return revert instanceof ContractFunctionRevertedError ? revert.data?.errorName : undefined;
}

interface ProofJson {
  commitment: { fromBlock: string; toBlock: string };
  number: string;
  headerHash: Hex;
  paraRoot: Hex;
  proof: Hex[];
}
interface SliceJson {
  blockNumber: number;
  paraRoot: Hex;
  sliceRoot: Hex;
  payloads: Hex[];
  proof: { leafIndex: number; leafCount: number; siblings: Hex[] } | null;
}

describe('spindle node --dev --dev-l1: anchoring on a local anvil', { timeout: 300_000 }, () => {
  let node: SpawnedNode;
  let api: ApiPromise;
  let l1: PublicClient;
  let contract: Address;
  const { abi } = loadAnchorArtifact();
  const read = (functionName: string, args: unknown[] = []): Promise<unknown> => l1.readContract({ address: contract, abi, functionName, args });

  before(async () => {
    await cryptoWaitReady();
    // Default confirmations (2), as `npm start` runs it: the dev L1 must keep making blocks for them to come.
    node = await spawnNode(['--dev', '--dev-l1', '--block-time', '300']);
    const line = await node.waitForLog(/Dev L1 \(anvil\) at (\S+), chain id \d+; SpindleAnchor deployed at (0x[0-9a-fA-F]{40})/);
    const [, url, address] = /at (\S+), chain id \d+; SpindleAnchor deployed at (0x[0-9a-fA-F]{40})/.exec(line)!;
    l1 = createPublicClient({ chain: foundry, transport: http(url!) });
    contract = address as Address;
    api = await connectApi(node.wsUrl);
  });

  after(async () => {
    await api?.disconnect();
    await node?.stop();
  });

  it('behavior: the domain is served over RPC and matches the deployed contract', async () => {
    const domain = await call<{ domainTag: Hex; chainId: string; contract: Address; genesisHash: Hex }>(node, 'spindle_anchorDomain');
    assert.equal(domain.contract.toLowerCase(), contract.toLowerCase());
    assert.equal(domain.chainId, String(foundry.id));
    assert.equal(domain.genesisHash, (await api.rpc.chain.getBlockHash(0)).toHex());
    assert.equal(await read('genesisHash'), domain.genesisHash);
  });

  it('behavior: a para slice of a real relay block is anchored and verifyParaSlice accepts it; tampering, a wrong position and an unanchored block are rejected', async () => {
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const payloads = ['0x01aa', '0x02bb'] as const;
    const { blockHash } = await submitAndFinalize(api, api.tx.sequencer.submitBundle([[100, payloads[0]], [200, payloads[1]]]), alice);
    const number = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
    await until(`block #${number} is anchored`, async () => (await read('latestAnchored')) as bigint >= BigInt(number));

    const blk = await call<ProofJson>(node, 'spindle_anchorProof', [number]);
    const slice = await call<SliceJson>(node, 'spindle_paraTransactions', [100, blockHash]);
    assert.equal(blk.paraRoot, slice.paraRoot, 'the anchored leaf carries the header para root');
    assert.deepEqual(slice.payloads, [payloads[0]]);
    const blockProof = { number: BigInt(blk.number), headerHash: blk.headerHash, paraRoot: blk.paraRoot, proof: blk.proof };
    const para = { paraId: 100, sliceRoot: slice.sliceRoot, count: slice.payloads.length, proof: slice.proof!.siblings, leafIndex: BigInt(slice.proof!.leafIndex), leafCount: BigInt(slice.proof!.leafCount) };
    await read('verifyParaSlice', [blockProof, para]);

    const failures: [string, unknown[], string][] = [
      ['tampered payload', [blockProof, { ...para, sliceRoot: keccak256('0x01ab') }], 'InvalidProof'],
      ['wrong position', [blockProof, { ...para, leafIndex: para.leafIndex + 1n }], 'InvalidProof'],
      ['other para id', [blockProof, { ...para, paraId: 200 }], 'InvalidProof'],
      ['block outside anchored ranges', [{ ...blockProof, number: BigInt(number) + 100_000n }, para], 'BlockNotAnchored'],
    ];
    for (const [what, args, error] of failures) {
      const outcome = await read('verifyParaSlice', args).then(() => 'accepted', revertName);
      assert.equal(outcome, error, what);
    }
  });

  it('behavior: anchoring keeps up; metrics report the anchored height and gas', async () => {
    const finalized = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toBigInt();
    const status = await call<{ lastCommittedBlock: string; signer: string }>(node, 'spindle_anchorStatus');
    assert.match(status.signer, /^0x[0-9a-fA-F]{40}$/);
    const target = BigInt(status.lastCommittedBlock);
    assert.ok(target > 0n && target <= finalized);
    await until(`the contract holds #${target}`, async () => (await read('latestAnchored')) as bigint >= target);
    // The submitter updates its metrics when it next reads the contract and confirms: wait for that.
    let metrics = '';
    const gauge = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
    await until('the metrics show the anchored height and gas', async () => {
      metrics = await (await fetch(node.metricsUrl!)).text();
      return gauge('spindle_anchor_anchored_height') >= 1 && gauge('spindle_anchor_gas_used_total') > 0;
    });
    assert.ok(gauge('spindle_anchor_committed_height') >= Number(target));
  });
});
