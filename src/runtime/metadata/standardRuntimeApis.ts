import { t } from './typeInfo.ts';
import type { TypeInfo } from './typeInfo.ts';
import type { RuntimeApiDecl, RuntimeApiMethodDecl } from './RuntimeDecl.ts';
import type { RuntimeTypes } from './runtimeTypes.ts';
import {
  accountId32, applyExtrinsicResult, bytes, checkInherentsResult, extrinsicInclusionMode, feeDetails, h256,
  inherentData, opaqueMetadata, option, runtimeDispatchInfo, runtimeVersion, transactionSource,
  transactionValidity, u128, u32, unit, weight,
} from './commonTypes.ts';

function method(name: string, inputs: [string, TypeInfo][], output: TypeInfo, docs: string[]): RuntimeApiMethodDecl {
  return { name, inputs: inputs.map(([n, type]) => ({ name: n, type })), output, docs };
}

/** `sp_core::crypto::KeyTypeId([u8; 4])` */
const keyTypeId = t.composite(['sp_core', 'crypto', 'KeyTypeId'], [{ type: t.array(4, t.primitive('u8')), typeName: '[u8; 4]' }]);

/**
 * The runtime APIs every Substrate relay node answers, with FRAME's names and signatures:
 * Core, Metadata, BlockBuilder, TaggedTransactionQueue, OffchainWorkerApi, SessionKeys,
 * AccountNonceApi, TransactionPaymentApi and TransactionPaymentCallApi.
 */
export function standardRuntimeApis(
  types: Pick<RuntimeTypes, 'header' | 'block' | 'uncheckedExtrinsic' | 'runtimeCall'>,
  opts: { accountId?: TypeInfo; nonce?: TypeInfo; balance?: TypeInfo } = {},
): RuntimeApiDecl[] {
  const { header, block, uncheckedExtrinsic: uxt, runtimeCall } = types;
  const accountId = opts.accountId ?? accountId32;
  const nonce = opts.nonce ?? u32;
  const balance = opts.balance ?? u128;
  return [
    {
      name: 'Core',
      docs: [' The `Core` runtime api that every Substrate runtime needs to implement.'],
      methods: [
        method('version', [], runtimeVersion, [' Returns the version of the runtime.']),
        method('execute_block', [['block', block]], unit, [' Execute the given block.']),
        method('initialize_block', [['header', header]], extrinsicInclusionMode,
          [' Initialize a block with the given header and return the runtime executive mode.']),
      ],
    },
    {
      name: 'Metadata',
      docs: [' The `Metadata` api trait that returns metadata for the runtime.'],
      methods: [
        method('metadata', [], opaqueMetadata, [' Returns the metadata of a runtime.']),
        method('metadata_at_version', [['version', u32]], option(opaqueMetadata),
          [' Returns the metadata at a given version, or `None` if that version is not supported.']),
        method('metadata_versions', [], t.sequence(u32), [' Returns the supported metadata versions.']),
      ],
    },
    {
      name: 'BlockBuilder',
      docs: [' The `BlockBuilder` api trait that provides the required functionality for building a block.'],
      methods: [
        method('apply_extrinsic', [['extrinsic', uxt]], applyExtrinsicResult, [' Apply the given extrinsic.']),
        method('finalize_block', [], header, [' Finish the current block.']),
        method('inherent_extrinsics', [['inherent', inherentData]], t.sequence(uxt),
          [' Generate inherent extrinsics from the inherent data.']),
        method('check_inherents', [['block', block], ['data', inherentData]], checkInherentsResult,
          [' Check that the inherents of the block are valid.']),
      ],
    },
    {
      name: 'TaggedTransactionQueue',
      docs: [' The `TaggedTransactionQueue` api trait for interfering with the transaction queue.'],
      methods: [
        method('validate_transaction', [['source', transactionSource], ['tx', uxt], ['block_hash', h256]], transactionValidity,
          [' Validate the transaction against the state of the block `block_hash`.']),
      ],
    },
    {
      name: 'OffchainWorkerApi',
      docs: [' The offchain worker api.'],
      methods: [method('offchain_worker', [['header', header]], unit, [' Starts the off-chain task for given block header.'])],
    },
    {
      name: 'SessionKeys',
      docs: [' Session keys runtime api.'],
      methods: [
        method('generate_session_keys', [['seed', option(bytes)]], bytes,
          [' Generate a set of session keys, optionally from a seed; returns the concatenated SCALE encoded public keys.']),
        method('decode_session_keys', [['encoded', bytes]], option(t.sequence(t.tuple(bytes, keyTypeId))),
          [' Decode the given public session keys into raw public keys and key types.']),
      ],
    },
    {
      name: 'AccountNonceApi',
      docs: [' The API to query account nonce.'],
      methods: [method('account_nonce', [['account', accountId]], nonce, [' Get current account nonce of given `AccountId`.'])],
    },
    {
      name: 'TransactionPaymentApi',
      docs: [],
      methods: [
        method('query_info', [['uxt', uxt], ['len', u32]], runtimeDispatchInfo(balance), []),
        method('query_fee_details', [['uxt', uxt], ['len', u32]], feeDetails(balance), []),
        method('query_weight_to_fee', [['weight', weight]], balance, []),
        method('query_length_to_fee', [['length', u32]], balance, []),
      ],
    },
    {
      name: 'TransactionPaymentCallApi',
      docs: [],
      methods: [
        method('query_call_info', [['call', runtimeCall], ['len', u32]], runtimeDispatchInfo(balance),
          [' Query information of a dispatch class, weight, and fee of a given encoded `Call`.']),
        method('query_call_fee_details', [['call', runtimeCall], ['len', u32]], feeDetails(balance),
          [' Query fee details of a given encoded `Call`.']),
        method('query_weight_to_fee', [['weight', weight]], balance, [' Query the output of the current `WeightToFee` given some input.']),
        method('query_length_to_fee', [['length', u32]], balance, [' Query the output of the current `LengthToFee` given some input.']),
      ],
    },
  ];
}
