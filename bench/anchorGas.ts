/**
 * Gas of `SpindleAnchor.submit` on a real anvil, by signer count, and the per-signer slope
 * (ratios, no verdicts):
 *
 *   node --import tsx bench/anchorGas.ts [maxValidators=100]
 *
 * Each row deploys a fresh anchor with `size` equal-weight validators, anchors a warm-up range
 * (so the measured call writes the same storage slots as a steady-state submit), then submits
 * a 100-block range signed by the smallest > 2/3 quorum and by everyone.
 */
import { createPublicClient, createWalletClient, http, keccak256, stringToHex, type Hex } from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { loadAnchorArtifact } from '../src/anchor/anchorArtifact.ts';
import { commitmentDigest, type AnchorCommitment } from '../src/anchor/commitmentDigest.ts';
import { deployAnchor } from '../src/anchor/deployAnchor.ts';
import { signCommitment } from '../src/anchor/signCommitment.ts';
import { startAnvil } from '../src/anchor/startAnvil.ts';

const ANVIL_KEY_0: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const ZERO32: Hex = `0x${'00'.repeat(32)}`;
const GENESIS: Hex = keccak256(stringToHex('spindle-bench-genesis'));
const MAX = Number(process.argv[2] ?? 100);
const SIZES = [4, 10, 25, 50, 100, 200].filter((n) => n <= MAX);

const anvil = await startAnvil();
try {
  const { abi } = loadAnchorArtifact();
  const transport = http(anvil.rpcUrl);
  const publicClient = createPublicClient({ chain: foundry, transport, pollingInterval: 20 });
  const wallet = createWalletClient({ chain: foundry, transport, account: privateKeyToAccount(ANVIL_KEY_0), pollingInterval: 20 });

  const submit = async (anchor: Hex, c: AnchorCommitment, signers: readonly PrivateKeyAccount[]): Promise<bigint> => {
    const digest = commitmentDigest({ chainId: BigInt(foundry.id), anchor, genesisHash: GENESIS, commitment: c });
    const sigs = await signCommitment(digest, signers);
    const hash = await wallet.writeContract({ address: anchor, abi, functionName: 'submit', args: [c, sigs] });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`submit reverted: ${hash}`);
    return receipt.gasUsed;
  };

  const rows: { size: number; signers: number; gas: bigint }[] = [];
  for (const size of SIZES) {
    const validators = Array.from({ length: size }, (_, i) => privateKeyToAccount(keccak256(stringToHex(`bench-${size}-${i}`))));
    const anchor = await deployAnchor(wallet, publicClient, {
      genesisHash: GENESIS,
      firstBlock: 1n,
      validators: validators.map((v) => ({ address: v.address, weight: 1n })),
    });
    const commitment = (fromBlock: bigint, toBlock: bigint): AnchorCommitment => ({
      fromBlock,
      toBlock,
      blocksRoot: keccak256(stringToHex(`root-${fromBlock}`)),
      setId: 0n,
      nextSetHash: ZERO32,
    });
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
} finally {
  await anvil.stop();
}
