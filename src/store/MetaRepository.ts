import { decodeU32BE, encodeU32BE } from './bytes.ts';
import type { KeyValueStore, WriteOp } from './KeyValueStore.ts';
import { StoreError } from './StoreError.ts';

/** The typed entries of the meta column. */
export interface MetaFields {
  bestHash: Uint8Array;
  finalizedHash: Uint8Array;
  genesisHash: Uint8Array;
  schemaVersion: number;
}

export type MetaKey = keyof MetaFields;

interface Codec<T> {
  encode(value: T): Uint8Array;
  decode(raw: Uint8Array): T;
}

const rawBytes: Codec<Uint8Array> = { encode: (v) => v, decode: (raw) => raw };
const u32: Codec<number> = { encode: encodeU32BE, decode: decodeU32BE };

const CODECS: { readonly [K in MetaKey]: Codec<MetaFields[K]> } = {
  bestHash: rawBytes,
  finalizedHash: rawBytes,
  genesisHash: rawBytes,
  schemaVersion: u32,
};

const textEncoder = new TextEncoder();

/** Key bytes: the field name in ASCII. */
function metaKeyBytes(key: MetaKey): Uint8Array {
  return textEncoder.encode(key);
}

/** Typed get/set over the meta column. */
export class MetaRepository {
  constructor(private readonly kv: KeyValueStore) {}

  get<K extends MetaKey>(key: K): MetaFields[K] | undefined {
    const raw = this.kv.get('meta', metaKeyBytes(key));
    if (raw === undefined) return undefined;
    try {
      return CODECS[key].decode(raw);
    } catch (cause) {
      throw new StoreError({ code: 'CORRUPTED', path: `meta/${key}` }, `meta entry ${key} cannot be decoded`, { cause });
    }
  }

  putOp<K extends MetaKey>(key: K, value: MetaFields[K]): WriteOp {
    return { column: 'meta', key: metaKeyBytes(key), value: CODECS[key].encode(value) };
  }

  deleteOp(key: MetaKey): WriteOp {
    return { column: 'meta', key: metaKeyBytes(key), value: null };
  }

  set<K extends MetaKey>(key: K, value: MetaFields[K]): Promise<void> {
    return this.kv.write([this.putOp(key, value)]);
  }

  delete(key: MetaKey): Promise<void> {
    return this.kv.write([this.deleteOp(key)]);
  }
}
