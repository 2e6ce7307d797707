import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { initHashing } from '../primitives/hashing.ts';
import { SignatureWorkers } from './SignatureWorkers.ts';

describe('SignatureWorkers', () => {
  let workers: SignatureWorkers;
  before(async () => {
    await cryptoWaitReady();
    await initHashing();
    workers = new SignatureWorkers(2);
  });
  after(() => workers.close());

  it('behavior: verifies sr25519, ed25519 and ecdsa on worker threads, in batches, with the right verdict for each', async () => {
    const message = new TextEncoder().encode('spindle');
    const checks = (['sr25519', 'ed25519', 'ecdsa'] as const).flatMap((type) => {
      const pair = new Keyring({ type }).addFromUri('//Alice');
      const signer = type === 'ecdsa' ? blake2AsU8a(pair.publicKey, 256) : pair.publicKey;
      const kind = type === 'sr25519' ? 'Sr25519' : type === 'ed25519' ? 'Ed25519' : 'Ecdsa';
      const signature = pair.sign(message);
      return [
        { check: { signature: { type: kind, signature }, message, signer }, expected: true },
        { check: { signature: { type: kind, signature }, message: Uint8Array.of(1), signer }, expected: false },
      ] as const;
    });
    const verdicts = await Promise.all(checks.map((c) => workers.verify(c.check)));
    assert.deepEqual(verdicts, checks.map((c) => c.expected));
  });
});
