import { u8aConcat, u8aToHex } from '@polkadot/util';
import { xxhashAsU8a } from '@polkadot/util-crypto';

/** Storage key of `Paras.Paras(id)`: twox128("Paras") ++ twox128("Paras") ++ twox64(id LE) ++ id LE. */
export function parasStorageKey(paraId: number): `0x${string}` {
  const id = new Uint8Array(4);
  new DataView(id.buffer).setUint32(0, paraId, true);
  const pallet = xxhashAsU8a('Paras', 128);
  return u8aToHex(u8aConcat(pallet, xxhashAsU8a('Paras', 128), xxhashAsU8a(id, 64), id));
}
