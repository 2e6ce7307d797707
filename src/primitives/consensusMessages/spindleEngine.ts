/** Spindle's `ConsensusEngineId`, used for justifications, the pre-runtime digest and the seal. */
export const SPINDLE_ENGINE = 'SPDL';

/** `SPINDLE_ENGINE` as bytes: 0x5350444c. A fresh array each call, so no caller can change it for another. */
export function spindleEngineId(): Uint8Array {
  return Uint8Array.of(0x53, 0x50, 0x44, 0x4c);
}
