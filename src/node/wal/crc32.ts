/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as zlib/PNG compute it. Pure. */

function buildTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** A constant lookup table, computed once at import and never written afterwards. */
const TABLE: Uint32Array = buildTable();

/**
 * The CRC-32 of `bytes` as an unsigned 32-bit number.
 * @example crc32(new TextEncoder().encode('123456789')) === 0xcbf43926
 */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
