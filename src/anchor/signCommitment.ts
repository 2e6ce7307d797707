import { parseSignature, type Hex, type LocalAccount } from 'viem';
import { compareAddresses } from './validatorSetHash.ts';

/** `SpindleAnchor.Signature`. */
export interface AnchorSignature {
  readonly r: Hex;
  readonly s: Hex;
  readonly v: number;
}

/**
 * Signs the raw commitment digest (no message prefix) with each account and returns the
 * signatures ordered by strictly increasing signer address, as `submit` requires.
 * viem signs canonically (low s, v in {27, 28}).
 */
export async function signCommitment(digest: Hex, signers: readonly LocalAccount[]): Promise<AnchorSignature[]> {
  const sorted = [...signers].sort((a, b) => compareAddresses(a.address, b.address));
  const out: AnchorSignature[] = [];
  for (const account of sorted) {
    if (account.sign === undefined) throw new TypeError(`account ${account.address} cannot sign a raw hash`);
    const { r, s, v, yParity } = parseSignature(await account.sign({ hash: digest }));
    out.push({ r, s, v: v === undefined ? 27 + yParity : Number(v) });
  }
  return out;
}
