import { ScaleWriter } from './scaleWriter.ts';
import type { MetadataModel, PalletModel, StorageEntryModel } from './metadataModel.ts';
import { writeDocs, writePortableRegistry } from './encodePortableRegistry.ts';
import type { StorageHasher } from './RuntimeDecl.ts';

/** `0x6d657461`, "meta", the `RuntimeMetadataPrefixed` magic. */
const MAGIC = new Uint8Array([0x6d, 0x65, 0x74, 0x61]);

const HASHER_INDEX: Readonly<Record<StorageHasher, number>> = {
  Blake2_128: 0, Blake2_256: 1, Blake2_128Concat: 2, Twox128: 3, Twox256: 4, Twox64Concat: 5, Identity: 6,
};

/**
 * SCALE-encodes `RuntimeMetadataPrefixed` (magic, version byte, body) as frame-metadata
 * defines V14 and V15. Type ids are `Compact<u32>` everywhere, as scale-info's portable form.
 */
export function encodeRuntimeMetadata(m: MetadataModel, version: 14 | 15): Uint8Array {
  const w = new ScaleWriter();
  w.raw(MAGIC).u8(version);
  writePortableRegistry(w, m.types);
  w.vec(m.pallets, (w, p) => writePallet(w, p, version));
  const x = m.extrinsic;
  const writeExtensions = (w: ScaleWriter): void => {
    w.vec(x.signedExtensions, (w, e) => w.str(e.identifier).compact(e.type).compact(e.additionalSigned));
  };
  if (version === 14) {
    w.compact(x.uncheckedExtrinsic).u8(x.version);
    writeExtensions(w);
    w.compact(m.runtime);
    return w.finish();
  }
  w.u8(x.version).compact(x.address).compact(x.call).compact(x.signature).compact(x.extra);
  writeExtensions(w);
  w.compact(m.runtime);
  w.vec(m.apis, (w, api) => {
    w.str(api.name);
    w.vec(api.methods, (w, me) => {
      w.str(me.name);
      w.vec(me.inputs, (w, i) => w.str(i.name).compact(i.type));
      w.compact(me.output);
      writeDocs(w, me.docs);
    });
    writeDocs(w, api.docs);
  });
  w.compact(m.outerEnums.call).compact(m.outerEnums.event).compact(m.outerEnums.error);
  w.compact(0); // custom: empty BTreeMap<String, CustomValueMetadata>
  return w.finish();
}

function writePallet(w: ScaleWriter, p: PalletModel, version: 14 | 15): void {
  w.str(p.name);
  w.option(p.storage, (w, s) => w.str(s.prefix).vec(s.items, writeStorageEntry));
  w.option(p.calls, (w, id) => w.compact(id));
  w.option(p.event, (w, id) => w.compact(id));
  w.vec(p.constants, (w, c) => {
    w.str(c.name).compact(c.type).bytes(c.value);
    writeDocs(w, c.docs);
  });
  w.option(p.error, (w, id) => w.compact(id));
  w.u8(p.index);
  if (version === 15) writeDocs(w, p.docs);
}

function writeStorageEntry(w: ScaleWriter, e: StorageEntryModel): void {
  w.str(e.name).u8(e.modifier === 'Optional' ? 0 : 1);
  const ty = e.type;
  if (ty.kind === 'plain') w.u8(0).compact(ty.value);
  else w.u8(1).vec(ty.hashers, (w, h) => w.u8(HASHER_INDEX[h])).compact(ty.key).compact(ty.value);
  w.bytes(e.fallback);
  writeDocs(w, e.docs);
}
