import * as C from '../metadata/commonTypes.ts';

/**
 * The FRAME / sp-runtime types Spindle's pallets use, under the names the pallets read
 * best. They are the shared definitions of metadata/commonTypes.ts (checked there against
 * real runtimes' metadata), so a type is registered once whoever uses it.
 */
export const u8 = C.u8;
export const u16 = C.u16;
export const u32 = C.u32;
export const u64 = C.u64;
export const u128 = C.u128;
export const bool = C.bool;
export const str = C.str;
export const Bytes = C.bytes;
export const AccountId32 = C.accountId32;
export const H256 = C.h256;
export const H160 = C.h160;
export const option = C.option;
export const MultiAddress = C.multiAddress();
export const DispatchInfo = C.dispatchEventInfo;
export const DispatchError = C.dispatchError;
export const AccountInfo = C.accountInfo();
export const Phase = C.phase;
export const Digest = C.digest;
export const eventRecord = C.eventRecord;
export const BlockWeights = C.blockWeights;
export const BlockLength = C.blockLength;
export const RuntimeDbWeight = C.runtimeDbWeight;
