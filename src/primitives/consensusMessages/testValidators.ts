import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { Keyring } from '@polkadot/keyring';
import type { ConsensusSigner, ConsensusValidator } from './types.ts';

/** A validator for tests: its key pair is derived deterministically from `//Name` as ed25519. */
export interface TestValidator extends ConsensusValidator, ConsensusSigner {
  readonly name: string;
}

/**
 * Deterministic ed25519 validators for tests, `//Alice`, `//Bob`, … as Substrate's dev keys (the
 * same consensus keys as the dev and local chain specs). Needs `cryptoWaitReady()` first.
 * Signatures come from @polkadot/util-crypto; verification in the code under test uses node:crypto.
 */
export function testValidators(names: readonly string[] = ['Alice', 'Bob', 'Charlie', 'Dave'], powers?: readonly bigint[]): TestValidator[] {
  const keyring = new Keyring({ type: 'ed25519' });
  return names.map((name, i) => {
    const pair = keyring.addFromUri(`//${name}`);
    return { name, publicKey: pair.publicKey, power: powers?.[i] ?? 1n, sign: (message: Uint8Array) => pair.sign(message) };
  });
}

/** An ed25519 signer on node:crypto from a 32-byte seed, to check the two implementations agree. */
export function nodeCryptoSigner(seed: Uint8Array): ConsensusSigner {
  const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
  const privateKey = createPrivateKey({ key: Buffer.concat([pkcs8Prefix, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { publicKey: new Uint8Array(spki.subarray(spki.length - 32)), sign: (message) => new Uint8Array(sign(null, message, privateKey)) };
}
