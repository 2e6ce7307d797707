import type { TypeInfo } from './typeInfo.ts';
import type { SignedExtensionDecl } from './RuntimeDecl.ts';
import {
  byteArray, chargeTransactionPayment, checkGenesis, checkMetadataHash, checkMortality, checkNonZeroSender,
  checkNonce, checkSpecVersion, checkTxVersion, checkWeight, h256, option, u128, u32, unit,
} from './commonTypes.ts';

/**
 * The nine signed extensions of a polkadot-sdk relay runtime, in FRAME's order, with the
 * types of their extrinsic data and of their additional signed data:
 * CheckNonZeroSender, CheckSpecVersion (u32), CheckTxVersion (u32), CheckGenesis (H256),
 * CheckMortality (Era; H256), CheckNonce (Compact<nonce>), CheckWeight,
 * ChargeTransactionPayment (Compact<balance> tip), CheckMetadataHash (Mode; Option<[u8; 32]>).
 */
export function standardSignedExtensions(opts: { nonce?: TypeInfo; balance?: TypeInfo } = {}): SignedExtensionDecl[] {
  return [
    { identifier: 'CheckNonZeroSender', type: checkNonZeroSender, additionalSigned: unit },
    { identifier: 'CheckSpecVersion', type: checkSpecVersion, additionalSigned: u32 },
    { identifier: 'CheckTxVersion', type: checkTxVersion, additionalSigned: u32 },
    { identifier: 'CheckGenesis', type: checkGenesis, additionalSigned: h256 },
    { identifier: 'CheckMortality', type: checkMortality, additionalSigned: h256 },
    { identifier: 'CheckNonce', type: checkNonce(opts.nonce ?? u32), additionalSigned: unit },
    { identifier: 'CheckWeight', type: checkWeight, additionalSigned: unit },
    { identifier: 'ChargeTransactionPayment', type: chargeTransactionPayment(opts.balance ?? u128), additionalSigned: unit },
    { identifier: 'CheckMetadataHash', type: checkMetadataHash, additionalSigned: option(byteArray(32)) },
  ];
}
