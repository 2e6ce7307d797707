/**
 * Gas of `SpindleAnchor.submit` on a real anvil, by signer count, and the per-signer slope
 * (ratios, no verdicts):
 *
 *   node --import tsx bench/anchorGas.ts [maxValidators=100]
 *
 * Each row deploys a fresh anchor with `size` equal-weight validators, anchors a warm-up range
 * (so the measured call writes the same storage slots as a steady-state submit), then submits
 * a 100-block range signed by the smallest > 2/3 quorum and by everyone.
 *
 * Then the batched figure: 4 periods of 16 relay blocks, each signed by a quorum, anchored by
 * 4 `submit` transactions vs one `submitBatch` (what AnchorSubmitter sends when behind): gas per
 * anchored relay block and the ratio.
 */
import { createPublicClient, createWalletClient, http, keccak256, stringToHex, type Hex } from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { loadAnchorArtifact } from '../src/anchor/anchorArtifact.ts';
import { commitmentDigest, type AnchorCommitment } from '../src/anchor/commitmentDigest.ts';
import { deployAnchor } from '../src/anchor/deployAnchor.ts';
import { signCommitment, type AnchorSignature } from '../src/anchor/signCommitment.ts';
import { startAnvil } from '../src/anchor/startAnvil.ts';

const ANVIL_KEY_0: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const ZERO32: Hex = `0x${'00'.repeat(32)}`;
const GENESIS: Hex = keccak256(stringToHex('spindle-bench-genesis'));
const MAX = Number(process.argv[2] ?? 100);
const SIZES = [4, 10, 25, 50, 100, 200].filter((n) => n <= MAX);

// Interval mining (50 ms): with automine, viem's waitForTransactionReceipt can miss the block mined
// right after eth_sendRawTransaction returns and wait forever for the next one.
const anvil = await startAnvil({ blockTime: 0.05 });
try {
  const { abi } = loadAnchorArtifact();
  const transport = http(anvil.rpcUrl);
  const publicClient = createPublicClient({ chain: foundry, transport, pollingInterval: 20 });
  const wallet = createWalletClient({ chain: foundry, transport, account: privateKeyToAccount(ANVIL_KEY_0), pollingInterval: 20 });

  const sign = (anchor: Hex, c: AnchorCommitment, signers: readonly PrivateKeyAccount[]): Promise<AnchorSignature[]> =>
    signCommitment(commitmentDigest({ chainId: BigInt(foundry.id), anchor, genesisHash: GENESIS, commitment: c }), signers);
  const send = async (anchor: Hex, functionName: 'submit' | 'submitBatch', args: readonly unknown[]): Promise<bigint> => {
    const hash = await wallet.writeContract({ address: anchor, abi, functionName, args });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`${functionName} reverted: ${hash}`);
    return receipt.gasUsed;
  };
  const submit = async (anchor: Hex, c: AnchorCommitment, signers: readonly PrivateKeyAccount[]): Promise<bigint> =>
    send(anchor, 'submit', [c, await sign(anchor, c, signers)]);
  const commitment = (fromBlock: bigint, toBlock: bigint): AnchorCommitment => ({
    fromBlock,
    toBlock,
    blocksRoot: keccak256(stringToHex(`root-${fromBlock}`)),
    setId: 0n,
    nextSetHash: ZERO32,
  });
  const deployWith = (validators: readonly PrivateKeyAccount[]): Promise<Hex> =>
    deployAnchor(wallet, publicClient, {
      genesisHash: GENESIS,
      firstBlock: 1n,
      validators: validators.map((v) => ({ address: v.address, weight: 1n })),
    });

  const rows: { size: number; signers: number; gas: bigint }[] = [];
  for (const size of SIZES) {
    const validators = Array.from({ length: size }, (_, i) => privateKeyToAccount(keccak256(stringToHex(`bench-${size}-${i}`))));
    const anchor = await deployWith(validators);
    await submit(anchor, commitment(1n, 1n), validators);
    const quorum = Math.floor((2 * size) / 3) + 1;
    rows.push({ size, signers: quorum, gas: await submit(anchor, commitment(2n, 101n), validators.slice(0, quorum)) });
    rows.push({ size, signers: size, gas: await submit(anchor, commitment(102n, 201n), validators) });
  }

  const first = rows[0]!;
  const last = rows.at(-1)!;
  const slope = Number(last.gas - first.gas) / (last.signers - first.signers);
  console.log('validators  signers  submit gas  gas/signer');
  for (const r of rows) {
    console.log(`${String(r.size).padStart(10)}  ${String(r.signers).padStart(7)}  ${String(r.gas).padStart(10)}  ${(Number(r.gas) / r.signers).toFixed(0).padStart(10)}`);
  }
  console.log(`marginal gas per extra signer: ${slope.toFixed(0)} (ecrecover precompile alone: 3000)`);
  console.log(`fixed part (extrapolated to 0 signers): ${(Number(first.gas) - slope * first.signers).toFixed(0)}`);

  const PERIODS = 4;
  const PERIOD_BLOCKS = 16n;
  const relayBlocks = BigInt(PERIODS) * PERIOD_BLOCKS;
  console.log(`\n${PERIODS} periods of ${PERIOD_BLOCKS} relay blocks: ${PERIODS} × submit vs 1 × submitBatch`);
  console.log('validators  signers  4 × submit  gas/relay block  submitBatch  gas/relay block  batch/single');
  for (const size of [4, 100].filter((n) => n <= MAX)) {
    const validators = Array.from({ length: size }, (_, i) => privateKeyToAccount(keccak256(stringToHex(`bench-batch-${size}-${i}`))));
    const quorum = validators.slice(0, Math.floor((2 * size) / 3) + 1);
    const single = await deployWith(validators);
    const batched = await deployWith(validators);
    for (const anchor of [single, batched]) await submit(anchor, commitment(1n, 1n), validators);
    const periods = Array.from({ length: PERIODS }, (_, i) => commitment(2n + BigInt(i) * PERIOD_BLOCKS, 1n + BigInt(i + 1) * PERIOD_BLOCKS));
    let singleGas = 0n;
    for (const c of periods) singleGas += await submit(single, c, quorum);
    const sigs: AnchorSignature[][] = [];
    for (const c of periods) sigs.push(await sign(batched, c, quorum));
    const batchGas = await send(batched, 'submitBatch', [periods, sigs]);
    console.log(
      `${String(size).padStart(10)}  ${String(quorum.length).padStart(7)}  ${String(singleGas).padStart(10)}  ${String(singleGas / relayBlocks).padStart(15)}  ${String(batchGas).padStart(11)}  ${String(batchGas / relayBlocks).padStart(15)}  ${(Number(batchGas) / Number(singleGas)).toFixed(3).padStart(12)}`,
    );
  }
} finally {
  await anvil.stop();
}
