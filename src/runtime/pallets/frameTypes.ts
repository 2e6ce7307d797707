import { t, type TypeInfo } from '../metadata/typeInfo.ts';

/**
 * The FRAME / sp-runtime types Spindle's pallets use, with the paths and generic
 * parameters real runtimes emit so that polkadot-js, papi and subxt map them to their
 * known types.
 */
export const u8 = t.primitive('u8');
export const u16 = t.primitive('u16');
export const u32 = t.primitive('u32');
export const u64 = t.primitive('u64');
export const u128 = t.primitive('u128');
export const bool = t.primitive('bool');
export const str = t.primitive('str');
export const Bytes = t.sequence(u8);
export const Unit = t.tuple();

export const AccountId32 = t.composite(['sp_core', 'crypto', 'AccountId32'], [{ type: t.array(32, u8), typeName: '[u8; 32]' }]);
export const H256 = t.composite(['primitive_types', 'H256'], [{ type: t.array(32, u8), typeName: '[u8; 32]' }]);

export function option(of: TypeInfo): TypeInfo {
  return t.variant(
    ['Option'],
    [
      { name: 'None', index: 0, fields: [] },
      { name: 'Some', index: 1, fields: [{ type: of }] },
    ],
    { params: [{ name: 'T', type: of }] },
  );
}

export const MultiAddress = t.variant(
  ['sp_runtime', 'multiaddress', 'MultiAddress'],
  [
    { name: 'Id', index: 0, fields: [{ type: AccountId32, typeName: 'AccountId' }] },
    { name: 'Index', index: 1, fields: [{ type: t.compact(Unit), typeName: 'AccountIndex' }] },
    { name: 'Raw', index: 2, fields: [{ type: Bytes, typeName: 'Vec<u8>' }] },
    { name: 'Address32', index: 3, fields: [{ type: t.array(32, u8), typeName: '[u8; 32]' }] },
    { name: 'Address20', index: 4, fields: [{ type: t.array(20, u8), typeName: '[u8; 20]' }] },
  ],
  { params: [{ name: 'AccountId', type: AccountId32 }, { name: 'AccountIndex', type: Unit }] },
);

const signature = (crate: string, len: number): TypeInfo =>
  t.composite(['sp_core', crate, 'Signature'], [{ type: t.array(len, u8), typeName: `[u8; ${len}]` }]);

export const MultiSignature = t.variant(
  ['sp_runtime', 'MultiSignature'],
  [
    { name: 'Ed25519', index: 0, fields: [{ type: signature('ed25519', 64), typeName: 'ed25519::Signature' }] },
    { name: 'Sr25519', index: 1, fields: [{ type: signature('sr25519', 64), typeName: 'sr25519::Signature' }] },
    { name: 'Ecdsa', index: 2, fields: [{ type: signature('ecdsa', 65), typeName: 'ecdsa::Signature' }] },
  ],
);

export const Weight = t.composite(
  ['sp_weights', 'weight_v2', 'Weight'],
  [
    { name: 'ref_time', type: t.compact(u64), typeName: 'u64' },
    { name: 'proof_size', type: t.compact(u64), typeName: 'u64' },
  ],
);

export const DispatchClass = t.variant(
  ['frame_support', 'dispatch', 'DispatchClass'],
  [
    { name: 'Normal', index: 0, fields: [] },
    { name: 'Operational', index: 1, fields: [] },
    { name: 'Mandatory', index: 2, fields: [] },
  ],
);

export const Pays = t.variant(
  ['frame_support', 'dispatch', 'Pays'],
  [
    { name: 'Yes', index: 0, fields: [] },
    { name: 'No', index: 1, fields: [] },
  ],
);

export const DispatchInfo = t.composite(
  ['frame_support', 'dispatch', 'DispatchInfo'],
  [
    { name: 'weight', type: Weight, typeName: 'Weight' },
    { name: 'class', type: DispatchClass, typeName: 'DispatchClass' },
    { name: 'pays_fee', type: Pays, typeName: 'Pays' },
  ],
);

const unitEnum = (path: string[], names: readonly string[]): TypeInfo =>
  t.variant(
    path,
    names.map((name, index) => ({ name, index, fields: [] })),
  );

export const ModuleError = t.composite(
  ['sp_runtime', 'ModuleError'],
  [
    { name: 'index', type: u8, typeName: 'u8' },
    { name: 'error', type: t.array(4, u8), typeName: '[u8; MAX_MODULE_ERROR_ENCODED_SIZE]' },
  ],
);

export const TokenError = unitEnum(
  ['sp_runtime', 'TokenError'],
  ['FundsUnavailable', 'OnlyProvider', 'BelowMinimum', 'CannotCreate', 'UnknownAsset', 'Frozen', 'Unsupported', 'CannotCreateHold', 'NotExpendable', 'Blocked'],
);
export const ArithmeticError = unitEnum(['sp_arithmetic', 'ArithmeticError'], ['Underflow', 'Overflow', 'DivisionByZero']);
export const TransactionalError = unitEnum(['sp_runtime', 'TransactionalError'], ['LimitReached', 'NoLayer']);

export const DispatchError = t.variant(
  ['sp_runtime', 'DispatchError'],
  [
    { name: 'Other', index: 0, fields: [] },
    { name: 'CannotLookup', index: 1, fields: [] },
    { name: 'BadOrigin', index: 2, fields: [] },
    { name: 'Module', index: 3, fields: [{ type: ModuleError, typeName: 'ModuleError' }] },
    { name: 'ConsumerRemaining', index: 4, fields: [] },
    { name: 'NoProviders', index: 5, fields: [] },
    { name: 'TooManyConsumers', index: 6, fields: [] },
    { name: 'Token', index: 7, fields: [{ type: TokenError, typeName: 'TokenError' }] },
    { name: 'Arithmetic', index: 8, fields: [{ type: ArithmeticError, typeName: 'ArithmeticError' }] },
    { name: 'Transactional', index: 9, fields: [{ type: TransactionalError, typeName: 'TransactionalError' }] },
    { name: 'Exhausted', index: 10, fields: [] },
    { name: 'Corruption', index: 11, fields: [] },
    { name: 'Unavailable', index: 12, fields: [] },
    { name: 'RootNotAllowed', index: 13, fields: [] },
  ],
);

export const AccountData = t.composite(
  ['pallet_balances', 'types', 'AccountData'],
  [
    { name: 'free', type: u128, typeName: 'Balance' },
    { name: 'reserved', type: u128, typeName: 'Balance' },
    { name: 'frozen', type: u128, typeName: 'Balance' },
    { name: 'flags', type: t.composite(['pallet_balances', 'types', 'ExtraFlags'], [{ type: u128, typeName: 'u128' }]), typeName: 'ExtraFlags' },
  ],
  { params: [{ name: 'Balance', type: u128 }] },
);

export const AccountInfo = t.composite(
  ['frame_system', 'AccountInfo'],
  [
    { name: 'nonce', type: u32, typeName: 'Nonce' },
    { name: 'consumers', type: u32, typeName: 'RefCount' },
    { name: 'providers', type: u32, typeName: 'RefCount' },
    { name: 'sufficients', type: u32, typeName: 'RefCount' },
    { name: 'data', type: AccountData, typeName: 'AccountData' },
  ],
  { params: [{ name: 'Nonce', type: u32 }, { name: 'AccountData', type: AccountData }] },
);

export const Phase = t.variant(
  ['frame_system', 'Phase'],
  [
    { name: 'ApplyExtrinsic', index: 0, fields: [{ type: u32, typeName: 'u32' }] },
    { name: 'Finalization', index: 1, fields: [] },
    { name: 'Initialization', index: 2, fields: [] },
  ],
);

export const DigestItem = t.variant(
  ['sp_runtime', 'generic', 'digest', 'DigestItem'],
  [
    { name: 'PreRuntime', index: 6, fields: [{ type: t.array(4, u8), typeName: 'ConsensusEngineId' }, { type: Bytes, typeName: 'Vec<u8>' }] },
    { name: 'Consensus', index: 4, fields: [{ type: t.array(4, u8), typeName: 'ConsensusEngineId' }, { type: Bytes, typeName: 'Vec<u8>' }] },
    { name: 'Seal', index: 5, fields: [{ type: t.array(4, u8), typeName: 'ConsensusEngineId' }, { type: Bytes, typeName: 'Vec<u8>' }] },
    { name: 'Other', index: 0, fields: [{ type: Bytes, typeName: 'Vec<u8>' }] },
    { name: 'RuntimeEnvironmentUpdated', index: 8, fields: [] },
  ],
);

export const Digest = t.composite(['sp_runtime', 'generic', 'digest', 'Digest'], [{ name: 'logs', type: t.sequence(DigestItem), typeName: 'Vec<DigestItem>' }]);

export function eventRecord(runtimeEvent: TypeInfo): TypeInfo {
  return t.composite(
    ['frame_system', 'EventRecord'],
    [
      { name: 'phase', type: Phase, typeName: 'Phase' },
      { name: 'event', type: runtimeEvent, typeName: 'E' },
      { name: 'topics', type: t.sequence(H256), typeName: 'Vec<T>' },
    ],
    { params: [{ name: 'E', type: runtimeEvent }, { name: 'T', type: H256 }] },
  );
}

const perClass = (of: TypeInfo): TypeInfo =>
  t.composite(
    ['frame_support', 'dispatch', 'PerDispatchClass'],
    [
      { name: 'normal', type: of, typeName: 'T' },
      { name: 'operational', type: of, typeName: 'T' },
      { name: 'mandatory', type: of, typeName: 'T' },
    ],
    { params: [{ name: 'T', type: of }] },
  );

export const WeightsPerClass = t.composite(
  ['frame_system', 'limits', 'WeightsPerClass'],
  [
    { name: 'base_extrinsic', type: Weight, typeName: 'Weight' },
    { name: 'max_extrinsic', type: option(Weight), typeName: 'Option<Weight>' },
    { name: 'max_total', type: option(Weight), typeName: 'Option<Weight>' },
    { name: 'reserved', type: option(Weight), typeName: 'Option<Weight>' },
  ],
);

export const BlockWeights = t.composite(
  ['frame_system', 'limits', 'BlockWeights'],
  [
    { name: 'base_block', type: Weight, typeName: 'Weight' },
    { name: 'max_block', type: Weight, typeName: 'Weight' },
    { name: 'per_class', type: perClass(WeightsPerClass), typeName: 'PerDispatchClass<WeightsPerClass>' },
  ],
);

export const BlockLength = t.composite(['frame_system', 'limits', 'BlockLength'], [{ name: 'max', type: perClass(u32), typeName: 'PerDispatchClass<u32>' }]);

export const RuntimeDbWeight = t.composite(
  ['sp_weights', 'RuntimeDbWeight'],
  [
    { name: 'read', type: u64, typeName: 'u64' },
    { name: 'write', type: u64, typeName: 'u64' },
  ],
);

export const RuntimeVersion = t.composite(
  ['sp_version', 'RuntimeVersion'],
  [
    { name: 'spec_name', type: str, typeName: 'Cow<\'static, str>' },
    { name: 'impl_name', type: str, typeName: 'Cow<\'static, str>' },
    { name: 'authoring_version', type: u32, typeName: 'u32' },
    { name: 'spec_version', type: u32, typeName: 'u32' },
    { name: 'impl_version', type: u32, typeName: 'u32' },
    { name: 'apis', type: t.sequence(t.tuple(t.array(8, u8), u32)), typeName: 'ApisVec' },
    { name: 'transaction_version', type: u32, typeName: 'u32' },
    { name: 'system_version', type: u8, typeName: 'u8' },
  ],
);
