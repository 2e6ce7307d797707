/**
 * The standard Substrate / FRAME types as {@link TypeInfo}, with the paths, generic
 * parameters, field names and Rust type names current polkadot-sdk runtimes emit, so that
 * clients (polkadot-js, papi, subxt) recognise them: polkadot-js maps e.g.
 * `sp_core::crypto::AccountId32`, `sp_runtime::multiaddress::MultiAddress` and
 * `sp_runtime::generic::era::Era` to its own classes, and derives `Call` / `Event` from the
 * parameters of `UncheckedExtrinsic` and `frame_system::EventRecord`.
 *
 * Values are immutable; the parameterised ones are functions. Types carry no docs, as in
 * FRAME metadata.
 */
import { t } from './typeInfo.ts';
import type { Field, TypeInfo, Variant } from './typeInfo.ts';

// ---------------------------------------------------------------- small helpers

/** A field, optionally named, with its Rust type name. */
function f(name: string | undefined, type: TypeInfo, typeName?: string): Field {
  return { ...(name === undefined ? {} : { name }), type, ...(typeName === undefined ? {} : { typeName }) };
}

/** Variants without fields, indexed in order. */
function unitVariants(names: readonly string[]): Variant[] {
  return names.map((name, index) => ({ name, index, fields: [] }));
}

// ---------------------------------------------------------------- primitives and containers

export const bool = t.primitive('bool');
export const str = t.primitive('str');
export const u8 = t.primitive('u8');
export const u16 = t.primitive('u16');
export const u32 = t.primitive('u32');
export const u64 = t.primitive('u64');
export const u128 = t.primitive('u128');
export const u256 = t.primitive('u256');
export const i8 = t.primitive('i8');
export const i16 = t.primitive('i16');
export const i32 = t.primitive('i32');
export const i64 = t.primitive('i64');
export const i128 = t.primitive('i128');
/** `Compact<T>` */
export const compact = (of: TypeInfo): TypeInfo => t.compact(of);
/** `Vec<T>` */
export const vec = (of: TypeInfo): TypeInfo => t.sequence(of);
/** `()` */
export const unit = t.tuple();
/** `Vec<u8>` */
export const bytes = t.sequence(u8);
/** `[u8; N]` */
export const byteArray = (len: number): TypeInfo => t.array(len, u8);

/** `Option<T>`: `None` = 0, `Some(T)` = 1. */
export function option(of: TypeInfo): TypeInfo {
  return t.variant(['Option'], [
    { name: 'None', index: 0, fields: [] },
    { name: 'Some', index: 1, fields: [f(undefined, of)] },
  ], { params: [{ name: 'T', type: of }] });
}

/** `Result<T, E>`: `Ok(T)` = 0, `Err(E)` = 1. */
export function result(ok: TypeInfo, err: TypeInfo): TypeInfo {
  return t.variant(['Result'], [
    { name: 'Ok', index: 0, fields: [f(undefined, ok)] },
    { name: 'Err', index: 1, fields: [f(undefined, err)] },
  ], { params: [{ name: 'T', type: ok }, { name: 'E', type: err }] });
}

/** `BTreeMap<K, V>`, encoded as `Vec<(K, V)>`. */
export function btreeMap(key: TypeInfo, value: TypeInfo): TypeInfo {
  return t.composite(['BTreeMap'], [f(undefined, t.sequence(t.tuple(key, value)))], {
    params: [{ name: 'K', type: key }, { name: 'V', type: value }],
  });
}

/** `Cow<'static, T>` as recent sp_version emits it: a wrapper with one unnamed field. */
export function cow(of: TypeInfo): TypeInfo {
  return t.composite(['Cow'], [f(undefined, of)], { params: [{ name: 'T', type: of }] });
}

// ---------------------------------------------------------------- accounts, hashes, signatures

/** `sp_core::crypto::AccountId32([u8; 32])` */
export const accountId32 = t.composite(['sp_core', 'crypto', 'AccountId32'], [f(undefined, byteArray(32), '[u8; 32]')]);

/** `primitive_types::H160([u8; 20])`: an Ethereum address. */
export const h160 = t.composite(['primitive_types', 'H160'], [f(undefined, byteArray(20), '[u8; 20]')]);

/** `primitive_types::H256([u8; 32])` */
export const h256 = t.composite(['primitive_types', 'H256'], [f(undefined, byteArray(32), '[u8; 32]')]);

/**
 * `sp_runtime::multiaddress::MultiAddress<AccountId, AccountIndex>`; relay runtimes use
 * `AccountIndex = ()`.
 */
export function multiAddress(accountId: TypeInfo = accountId32, accountIndex: TypeInfo = unit): TypeInfo {
  return t.variant(['sp_runtime', 'multiaddress', 'MultiAddress'], [
    { name: 'Id', index: 0, fields: [f(undefined, accountId, 'AccountId')] },
    { name: 'Index', index: 1, fields: [f(undefined, t.compact(accountIndex), 'AccountIndex')] },
    { name: 'Raw', index: 2, fields: [f(undefined, bytes, 'Vec<u8>')] },
    { name: 'Address32', index: 3, fields: [f(undefined, byteArray(32), '[u8; 32]')] },
    { name: 'Address20', index: 4, fields: [f(undefined, byteArray(20), '[u8; 20]')] },
  ], { params: [{ name: 'AccountId', type: accountId }, { name: 'AccountIndex', type: accountIndex }] });
}

/**
 * `sp_runtime::MultiSignature`. Current sp_core signatures are `[u8; N]` aliases, so the
 * fields are plain arrays with the alias as type name.
 */
export const multiSignature = t.variant(['sp_runtime', 'MultiSignature'], [
  { name: 'Ed25519', index: 0, fields: [f(undefined, byteArray(64), 'ed25519::Signature')] },
  { name: 'Sr25519', index: 1, fields: [f(undefined, byteArray(64), 'sr25519::Signature')] },
  { name: 'Ecdsa', index: 2, fields: [f(undefined, byteArray(65), 'ecdsa::Signature')] },
]);

/** `sp_runtime::generic::era::Era`: `Immortal` = 0, then `MortalN(u8)` = N for N in 1..=255. */
export const era = t.variant(['sp_runtime', 'generic', 'era', 'Era'], [
  { name: 'Immortal', index: 0, fields: [] },
  ...Array.from({ length: 255 }, (_, i): Variant => ({ name: `Mortal${i + 1}`, index: i + 1, fields: [f(undefined, u8)] })),
]);

// ---------------------------------------------------------------- weights and dispatch

/** `sp_weights::weight_v2::Weight { ref_time: Compact<u64>, proof_size: Compact<u64> }` */
export const weight = t.composite(['sp_weights', 'weight_v2', 'Weight'], [
  f('ref_time', t.compact(u64), 'u64'),
  f('proof_size', t.compact(u64), 'u64'),
]);

/** `frame_support::dispatch::DispatchClass` */
export const dispatchClass = t.variant(['frame_support', 'dispatch', 'DispatchClass'], unitVariants(['Normal', 'Operational', 'Mandatory']));

/** `frame_support::dispatch::Pays` */
export const pays = t.variant(['frame_support', 'dispatch', 'Pays'], unitVariants(['Yes', 'No']));

/**
 * `frame_system::DispatchEventInfo { weight, class, pays_fee }`: what current polkadot-sdk
 * puts in `ExtrinsicSuccess` / `ExtrinsicFailed` (it replaced `DispatchInfo` there; the
 * encoding is the same, and polkadot-js decodes it from the metadata).
 */
export const dispatchEventInfo = t.composite(['frame_system', 'DispatchEventInfo'], [
  f('weight', weight, 'Weight'),
  f('class', dispatchClass, 'DispatchClass'),
  f('pays_fee', pays, 'Pays'),
]);

/** `frame_support::dispatch::PostDispatchInfo { actual_weight: Option<Weight>, pays_fee }` */
export const postDispatchInfo = t.composite(['frame_support', 'dispatch', 'PostDispatchInfo'], [
  f('actual_weight', option(weight), 'Option<Weight>'),
  f('pays_fee', pays, 'Pays'),
]);

/** `sp_runtime::ModuleError { index: u8, error: [u8; 4] }` */
export const moduleError = t.composite(['sp_runtime', 'ModuleError'], [
  f('index', u8, 'u8'),
  f('error', byteArray(4), '[u8; MAX_MODULE_ERROR_ENCODED_SIZE]'),
]);

/** `sp_runtime::TokenError` */
export const tokenError = t.variant(['sp_runtime', 'TokenError'], unitVariants([
  'FundsUnavailable', 'OnlyProvider', 'BelowMinimum', 'CannotCreate', 'UnknownAsset',
  'Frozen', 'Unsupported', 'CannotCreateHold', 'NotExpendable', 'Blocked',
]));

/** `sp_arithmetic::ArithmeticError` */
export const arithmeticError = t.variant(['sp_arithmetic', 'ArithmeticError'], unitVariants(['Underflow', 'Overflow', 'DivisionByZero']));

/** `sp_runtime::TransactionalError` */
export const transactionalError = t.variant(['sp_runtime', 'TransactionalError'], unitVariants(['LimitReached', 'NoLayer']));

/** `sp_runtime::proving_trie::TrieError` */
export const trieError = t.variant(['sp_runtime', 'proving_trie', 'TrieError'], unitVariants([
  'InvalidStateRoot', 'IncompleteDatabase', 'ValueAtIncompleteKey', 'DecoderError', 'InvalidHash',
  'DuplicateKey', 'ExtraneousNode', 'ExtraneousValue', 'ExtraneousHashReference',
  'InvalidChildReference', 'ValueMismatch', 'IncompleteProof', 'RootMismatch', 'DecodeError',
]));

/** `sp_runtime::DispatchError`, all 15 variants of current polkadot-sdk. */
export const dispatchError = t.variant(['sp_runtime', 'DispatchError'], [
  { name: 'Other', index: 0, fields: [] },
  { name: 'CannotLookup', index: 1, fields: [] },
  { name: 'BadOrigin', index: 2, fields: [] },
  { name: 'Module', index: 3, fields: [f(undefined, moduleError, 'ModuleError')] },
  { name: 'ConsumerRemaining', index: 4, fields: [] },
  { name: 'NoProviders', index: 5, fields: [] },
  { name: 'TooManyConsumers', index: 6, fields: [] },
  { name: 'Token', index: 7, fields: [f(undefined, tokenError, 'TokenError')] },
  { name: 'Arithmetic', index: 8, fields: [f(undefined, arithmeticError, 'ArithmeticError')] },
  { name: 'Transactional', index: 9, fields: [f(undefined, transactionalError, 'TransactionalError')] },
  { name: 'Exhausted', index: 10, fields: [] },
  { name: 'Corruption', index: 11, fields: [] },
  { name: 'Unavailable', index: 12, fields: [] },
  { name: 'RootNotAllowed', index: 13, fields: [] },
  { name: 'Trie', index: 14, fields: [f(undefined, trieError, 'TrieError')] },
]);

/** `Result<(), DispatchError>` */
export const dispatchResult = result(unit, dispatchError);

// ---------------------------------------------------------------- frame_system

/** `frame_system::Phase` */
export const phase = t.variant(['frame_system', 'Phase'], [
  { name: 'ApplyExtrinsic', index: 0, fields: [f(undefined, u32, 'u32')] },
  { name: 'Finalization', index: 1, fields: [] },
  { name: 'Initialization', index: 2, fields: [] },
]);

/** `frame_system::EventRecord<E = RuntimeEvent, T = H256> { phase, event, topics: Vec<T> }` */
export function eventRecord(runtimeEvent: TypeInfo, hash: TypeInfo = h256): TypeInfo {
  return t.composite(['frame_system', 'EventRecord'], [
    f('phase', phase, 'Phase'),
    f('event', runtimeEvent, 'E'),
    f('topics', t.sequence(hash), 'Vec<T>'),
  ], { params: [{ name: 'E', type: runtimeEvent }, { name: 'T', type: hash }] });
}

/** `pallet_balances::types::ExtraFlags(u128)` */
export const extraFlags = t.composite(['pallet_balances', 'types', 'ExtraFlags'], [f(undefined, u128, 'u128')]);

/** `pallet_balances::types::AccountData<Balance> { free, reserved, frozen, flags }` */
export function accountData(balance: TypeInfo = u128): TypeInfo {
  return t.composite(['pallet_balances', 'types', 'AccountData'], [
    f('free', balance, 'Balance'),
    f('reserved', balance, 'Balance'),
    f('frozen', balance, 'Balance'),
    f('flags', extraFlags, 'ExtraFlags'),
  ], { params: [{ name: 'Balance', type: balance }] });
}

/** `frame_system::AccountInfo<Nonce, AccountData> { nonce, consumers, providers, sufficients, data }` */
export function accountInfo(nonce: TypeInfo = u32, data: TypeInfo = accountData()): TypeInfo {
  return t.composite(['frame_system', 'AccountInfo'], [
    f('nonce', nonce, 'Nonce'),
    f('consumers', u32, 'RefCount'),
    f('providers', u32, 'RefCount'),
    f('sufficients', u32, 'RefCount'),
    f('data', data, 'AccountData'),
  ], { params: [{ name: 'Nonce', type: nonce }, { name: 'AccountData', type: data }] });
}

/** `frame_system::CodeUpgradeAuthorization<T> { code_hash, check_version }` */
export const codeUpgradeAuthorization = t.composite(['frame_system', 'CodeUpgradeAuthorization'], [
  f('code_hash', h256, 'T::Hash'),
  f('check_version', bool, 'bool'),
], { params: [{ name: 'T' }] });

/** `frame_support::dispatch::PerDispatchClass<T> { normal, operational, mandatory }` */
export function perDispatchClass(of: TypeInfo): TypeInfo {
  return t.composite(['frame_support', 'dispatch', 'PerDispatchClass'], [
    f('normal', of, 'T'),
    f('operational', of, 'T'),
    f('mandatory', of, 'T'),
  ], { params: [{ name: 'T', type: of }] });
}

/** `frame_system::limits::WeightsPerClass` */
export const weightsPerClass = t.composite(['frame_system', 'limits', 'WeightsPerClass'], [
  f('base_extrinsic', weight, 'Weight'),
  f('max_extrinsic', option(weight), 'Option<Weight>'),
  f('max_total', option(weight), 'Option<Weight>'),
  f('reserved', option(weight), 'Option<Weight>'),
]);

/** `frame_system::limits::BlockWeights` (type of the `System::BlockWeights` constant) */
export const blockWeights = t.composite(['frame_system', 'limits', 'BlockWeights'], [
  f('base_block', weight, 'Weight'),
  f('max_block', weight, 'Weight'),
  f('per_class', perDispatchClass(weightsPerClass), 'PerDispatchClass<WeightsPerClass>'),
]);

/** `frame_system::limits::BlockLength` (type of the `System::BlockLength` constant) */
export const blockLength = t.composite(['frame_system', 'limits', 'BlockLength'], [
  f('max', perDispatchClass(u32), 'PerDispatchClass<u32>'),
]);

/** `sp_weights::RuntimeDbWeight` (type of the `System::DbWeight` constant) */
export const runtimeDbWeight = t.composite(['sp_weights', 'RuntimeDbWeight'], [
  f('read', u64, 'u64'),
  f('write', u64, 'u64'),
]);

/**
 * `sp_version::RuntimeVersion` (type of `System::Version` and output of `Core_version`), as
 * current polkadot-sdk emits it: names and the api list wrapped in `Cow`, `system_version: u8`
 * last.
 */
export const runtimeVersion = t.composite(['sp_version', 'RuntimeVersion'], [
  f('spec_name', cow(str), "Cow<'static, str>"),
  f('impl_name', cow(str), "Cow<'static, str>"),
  f('authoring_version', u32, 'u32'),
  f('spec_version', u32, 'u32'),
  f('impl_version', u32, 'u32'),
  f('apis', cow(t.sequence(t.tuple(byteArray(8), u32))), 'ApisVec'),
  f('transaction_version', u32, 'u32'),
  f('system_version', u8, 'u8'),
]);

// ---------------------------------------------------------------- headers and digests

/** `sp_runtime::generic::digest::DigestItem` (variants in declaration order, FRAME indices). */
export const digestItem = t.variant(['sp_runtime', 'generic', 'digest', 'DigestItem'], [
  { name: 'PreRuntime', index: 6, fields: [f(undefined, byteArray(4), 'ConsensusEngineId'), f(undefined, bytes, 'Vec<u8>')] },
  { name: 'Consensus', index: 4, fields: [f(undefined, byteArray(4), 'ConsensusEngineId'), f(undefined, bytes, 'Vec<u8>')] },
  { name: 'Seal', index: 5, fields: [f(undefined, byteArray(4), 'ConsensusEngineId'), f(undefined, bytes, 'Vec<u8>')] },
  { name: 'Other', index: 0, fields: [f(undefined, bytes, 'Vec<u8>')] },
  { name: 'RuntimeEnvironmentUpdated', index: 8, fields: [] },
]);

/** `sp_runtime::generic::digest::Digest { logs: Vec<DigestItem> }` */
export const digest = t.composite(['sp_runtime', 'generic', 'digest', 'Digest'], [
  f('logs', t.sequence(digestItem), 'Vec<DigestItem>'),
]);

/** `sp_runtime::generic::header::Header<Number, Hash = BlakeTwo256 (no type info)>` */
export function header(number: TypeInfo = u32, hash: TypeInfo = h256): TypeInfo {
  return t.composite(['sp_runtime', 'generic', 'header', 'Header'], [
    f('parent_hash', hash, 'Hash::Output'),
    f('number', t.compact(number), 'Number'),
    f('state_root', hash, 'Hash::Output'),
    f('extrinsics_root', hash, 'Hash::Output'),
    f('digest', digest, 'Digest'),
  ], { params: [{ name: 'Number', type: number }, { name: 'Hash' }] });
}

// ---------------------------------------------------------------- extrinsics

/**
 * `sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic<Address, Call, Signature, Extra>`:
 * like FRAME, an opaque `Vec<u8>` whose generic parameters tell clients the parts.
 */
export function uncheckedExtrinsic(address: TypeInfo, call: TypeInfo, signature: TypeInfo, extra: TypeInfo): TypeInfo {
  return t.composite(['sp_runtime', 'generic', 'unchecked_extrinsic', 'UncheckedExtrinsic'], [f(undefined, bytes)], {
    params: [
      { name: 'Address', type: address },
      { name: 'Call', type: call },
      { name: 'Signature', type: signature },
      { name: 'Extra', type: extra },
    ],
  });
}

/** `sp_runtime::generic::block::Block<Header, Extrinsic> { header, extrinsics }` */
export function block(blockHeader: TypeInfo, extrinsic: TypeInfo): TypeInfo {
  return t.composite(['sp_runtime', 'generic', 'block', 'Block'], [
    f('header', blockHeader, 'Header'),
    f('extrinsics', t.sequence(extrinsic), 'Vec<Extrinsic>'),
  ], { params: [{ name: 'Header', type: blockHeader }, { name: 'Extrinsic', type: extrinsic }] });
}

/** A `frame_system::extensions::<module>::<Name><T>` signed extension. */
function systemExtension(module: string, name: string, fields: readonly Field[]): TypeInfo {
  return t.composite(['frame_system', 'extensions', module, name], fields, { params: [{ name: 'T' }] });
}

export const checkNonZeroSender = systemExtension('check_non_zero_sender', 'CheckNonZeroSender', []);
export const checkSpecVersion = systemExtension('check_spec_version', 'CheckSpecVersion', []);
export const checkTxVersion = systemExtension('check_tx_version', 'CheckTxVersion', []);
export const checkGenesis = systemExtension('check_genesis', 'CheckGenesis', []);
/** `CheckMortality(Era)` */
export const checkMortality = systemExtension('check_mortality', 'CheckMortality', [f(undefined, era, 'Era')]);
/** `CheckNonce(Compact<Nonce>)` */
export function checkNonce(nonce: TypeInfo = u32): TypeInfo {
  return systemExtension('check_nonce', 'CheckNonce', [f(undefined, t.compact(nonce), 'T::Nonce')]);
}
export const checkWeight = systemExtension('check_weight', 'CheckWeight', []);

/** `pallet_transaction_payment::ChargeTransactionPayment(Compact<Balance>)`: the tip. */
export function chargeTransactionPayment(balance: TypeInfo = u128): TypeInfo {
  return t.composite(['pallet_transaction_payment', 'ChargeTransactionPayment'], [f(undefined, t.compact(balance), 'BalanceOf<T>')], {
    params: [{ name: 'T' }],
  });
}

/** `frame_metadata_hash_extension::Mode` */
export const metadataHashMode = t.variant(['frame_metadata_hash_extension', 'Mode'], unitVariants(['Disabled', 'Enabled']));

/** `frame_metadata_hash_extension::CheckMetadataHash { mode }`; its additional signed data is `Option<[u8; 32]>`. */
export const checkMetadataHash = t.composite(['frame_metadata_hash_extension', 'CheckMetadataHash'], [
  f('mode', metadataHashMode, 'Mode'),
], { params: [{ name: 'T' }] });

// ---------------------------------------------------------------- runtime API types

/** `sp_core::OpaqueMetadata(Vec<u8>)` */
export const opaqueMetadata = t.composite(['sp_core', 'OpaqueMetadata'], [f(undefined, bytes, 'Vec<u8>')]);

/** `sp_runtime::ExtrinsicInclusionMode` (output of `Core_initialize_block`) */
export const extrinsicInclusionMode = t.variant(['sp_runtime', 'ExtrinsicInclusionMode'], unitVariants(['AllExtrinsics', 'OnlyInherents']));

/** `sp_runtime::transaction_validity::TransactionSource` */
export const transactionSource = t.variant(['sp_runtime', 'transaction_validity', 'TransactionSource'], unitVariants(['InBlock', 'Local', 'External']));

/** `sp_runtime::transaction_validity::InvalidTransaction` */
export const invalidTransaction = t.variant(['sp_runtime', 'transaction_validity', 'InvalidTransaction'], [
  ...unitVariants(['Call', 'Payment', 'Future', 'Stale', 'BadProof', 'AncientBirthBlock', 'ExhaustsResources']),
  { name: 'Custom', index: 7, fields: [f(undefined, u8, 'u8')] },
  ...unitVariants(['BadMandatory', 'MandatoryValidation', 'BadSigner', 'IndeterminateImplicit', 'UnknownOrigin'])
    .map((v) => ({ ...v, index: v.index + 8 })),
]);

/** `sp_runtime::transaction_validity::UnknownTransaction` */
export const unknownTransaction = t.variant(['sp_runtime', 'transaction_validity', 'UnknownTransaction'], [
  { name: 'CannotLookup', index: 0, fields: [] },
  { name: 'NoUnsignedValidator', index: 1, fields: [] },
  { name: 'Custom', index: 2, fields: [f(undefined, u8, 'u8')] },
]);

/** `sp_runtime::transaction_validity::TransactionValidityError` */
export const transactionValidityError = t.variant(['sp_runtime', 'transaction_validity', 'TransactionValidityError'], [
  { name: 'Invalid', index: 0, fields: [f(undefined, invalidTransaction, 'InvalidTransaction')] },
  { name: 'Unknown', index: 1, fields: [f(undefined, unknownTransaction, 'UnknownTransaction')] },
]);

/** `sp_runtime::transaction_validity::ValidTransaction` */
export const validTransaction = t.composite(['sp_runtime', 'transaction_validity', 'ValidTransaction'], [
  f('priority', u64, 'TransactionPriority'),
  f('requires', t.sequence(bytes), 'Vec<TransactionTag>'),
  f('provides', t.sequence(bytes), 'Vec<TransactionTag>'),
  f('longevity', u64, 'TransactionLongevity'),
  f('propagate', bool, 'bool'),
]);

/** `TransactionValidity = Result<ValidTransaction, TransactionValidityError>` (output of `TaggedTransactionQueue_validate_transaction`) */
export const transactionValidity = result(validTransaction, transactionValidityError);

/** `ApplyExtrinsicResult = Result<Result<(), DispatchError>, TransactionValidityError>` */
export const applyExtrinsicResult = result(dispatchResult, transactionValidityError);

/** `sp_inherents::InherentData { data: BTreeMap<[u8; 8], Vec<u8>> }` */
export const inherentData = t.composite(['sp_inherents', 'InherentData'], [
  f('data', btreeMap(byteArray(8), bytes), 'BTreeMap<InherentIdentifier, Vec<u8>>'),
]);

/** `sp_inherents::CheckInherentsResult` */
export const checkInherentsResult = t.composite(['sp_inherents', 'CheckInherentsResult'], [
  f('okay', bool, 'bool'),
  f('fatal_error', bool, 'bool'),
  f('errors', inherentData, 'InherentData'),
]);

/** `pallet_transaction_payment::types::RuntimeDispatchInfo<Balance, Weight> { weight, class, partial_fee }` */
export function runtimeDispatchInfo(balance: TypeInfo = u128): TypeInfo {
  return t.composite(['pallet_transaction_payment', 'types', 'RuntimeDispatchInfo'], [
    f('weight', weight, 'Weight'),
    f('class', dispatchClass, 'DispatchClass'),
    f('partial_fee', balance, 'Balance'),
  ], { params: [{ name: 'Balance', type: balance }, { name: 'Weight', type: weight }] });
}

/** `pallet_transaction_payment::types::InclusionFee<Balance>` */
export function inclusionFee(balance: TypeInfo = u128): TypeInfo {
  return t.composite(['pallet_transaction_payment', 'types', 'InclusionFee'], [
    f('base_fee', balance, 'Balance'),
    f('len_fee', balance, 'Balance'),
    f('adjusted_weight_fee', balance, 'Balance'),
  ], { params: [{ name: 'Balance', type: balance }] });
}

/** `pallet_transaction_payment::types::FeeDetails<Balance> { inclusion_fee: Option<InclusionFee>, tip }` */
export function feeDetails(balance: TypeInfo = u128): TypeInfo {
  return t.composite(['pallet_transaction_payment', 'types', 'FeeDetails'], [
    f('inclusion_fee', option(inclusionFee(balance)), 'Option<InclusionFee<Balance>>'),
    f('tip', balance, 'Balance'),
  ], { params: [{ name: 'Balance', type: balance }] });
}
