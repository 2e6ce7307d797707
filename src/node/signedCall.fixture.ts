import type { KeyringPair } from '@polkadot/keyring/types';
import type { SignatureOptions } from '@polkadot/types/types';
import type { RuntimeVersion } from '@polkadot/types/interfaces';
import type { TestBackend } from '../testing/createTestBackend.ts';

/**
 * Test support: a signed, immortal extrinsic for any call of the test backend's runtime
 * (`section`/`method` as the metadata names them, args by their declared snake_case names), encoded
 * with its length prefix, as `author_submitExtrinsic` takes it.
 *
 * @example
 * await t.backend.pool.submit(signedCall(t, t.pairs.Alice, 0, 'sequencer', 'submit', { para_id: 100, payload: '0xaa' }));
 */
export function signedCall(t: TestBackend, from: KeyringPair, nonce: number, section: string, method: string, args: Record<string, unknown>): Uint8Array {
  const registry = t.runtime.codec.registry;
  const pallet = t.runtime.decl.pallets.find((p) => p.name.toLowerCase() === section.toLowerCase())!;
  const snake = method.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const call = pallet.calls!.find((c) => c.name === snake)!;
  const ext = registry.createType('Extrinsic', { method: registry.createType('Call', { callIndex: [pallet.index, call.index], args }) });
  const genesisHash = t.chain.genesisHash();
  const opts: SignatureOptions = {
    blockHash: genesisHash,
    genesisHash,
    nonce,
    runtimeVersion: registry.createType('RuntimeVersion', {
      specVersion: t.runtime.config.specVersion,
      transactionVersion: t.runtime.config.transactionVersion,
    }) as RuntimeVersion,
    signedExtensions: registry.signedExtensions,
  };
  ext.sign(from, opts);
  return ext.toU8a();
}

/** Registers paras `ids` (manager: `from`, no sponsor) in one finalized block; returns the next nonce. */
export async function registerParas(t: TestBackend, from: KeyringPair, nonce: number, ids: readonly number[]): Promise<number> {
  for (const id of ids) await t.backend.pool.submit(signedCall(t, from, nonce++, 'paras', 'register', { para_id: id, sponsor: null }));
  const block = await t.produceBlock();
  for (const id of ids) if (!t.backend.paraSlices.isRegistered(block.hash, id)) throw new Error(`para ${id} was not registered`);
  return nonce;
}
