/**
 * Test fixture: a small but realistic relay runtime declaration (System, Balances,
 * TransactionPayment and a Sequencer pallet, the nine standard signed extensions, the standard runtime APIs).
 * Used by the metadata tests only.
 */
import { t } from './typeInfo.ts';
import type { PalletDecl, RuntimeDecl } from './RuntimeDecl.ts';
import {
  accountId32, accountInfo, blockLength, blockWeights, bool, bytes, dispatchError, dispatchEventInfo, h256,
  multiAddress, multiSignature, runtimeDbWeight, runtimeVersion, u128, u16, u32, u8,
} from './commonTypes.ts';
import { runtimeTypes } from './runtimeTypes.ts';
import { standardSignedExtensions } from './standardSignedExtensions.ts';
import { standardRuntimeApis } from './standardRuntimeApis.ts';
import { PortableRegistryBuilder } from './PortableRegistryBuilder.ts';
import { RuntimeCodec } from './runtimeCodec.ts';

export const TEST_RUNTIME_CRATE = 'spindle_runtime';
export const SEQUENCER_INDEX = 50;
export const BALANCES_INDEX = 5;
export const TRANSACTION_PAYMENT_INDEX = 6;

const account = { name: 'account', type: accountId32, typeName: 'T::AccountId' };

/** System, Balances and Sequencer without storage and constants: enough for the outer enums. */
function palletEnums(): PalletDecl[] {
  return [
    {
      name: 'System', index: 0, crate: 'frame_system',
      calls: [
        { name: 'remark', index: 0, args: [{ name: 'remark', type: bytes, typeName: 'Vec<u8>' }], docs: ['Make some on-chain remark.'] },
        { name: 'remark_with_event', index: 7, args: [{ name: 'remark', type: bytes, typeName: 'Vec<u8>' }], docs: ['Make some on-chain remark and emit event.'] },
      ],
      events: [
        { name: 'ExtrinsicSuccess', index: 0, fields: [{ name: 'dispatch_info', type: dispatchEventInfo, typeName: 'DispatchEventInfo' }], docs: ['An extrinsic completed successfully.'] },
        { name: 'ExtrinsicFailed', index: 1, fields: [
          { name: 'dispatch_error', type: dispatchError, typeName: 'DispatchError' },
          { name: 'dispatch_info', type: dispatchEventInfo, typeName: 'DispatchEventInfo' },
        ], docs: ['An extrinsic failed.'] },
        { name: 'NewAccount', index: 3, fields: [account], docs: ['A new account was created.'] },
        { name: 'Remarked', index: 5, fields: [{ name: 'sender', type: accountId32, typeName: 'T::AccountId' }, { name: 'hash', type: h256, typeName: 'T::Hash' }] },
      ],
      errors: [
        { name: 'InvalidSpecName', index: 0 },
        { name: 'SpecVersionNeedsToIncrease', index: 1 },
        { name: 'CallFiltered', index: 5, docs: ['The origin filter prevent the call to be dispatched.'] },
      ],
    },
    {
      name: 'Balances', index: BALANCES_INDEX, crate: 'pallet_balances',
      calls: [
        { name: 'transfer_allow_death', index: 0, args: [
          { name: 'dest', type: multiAddress(), typeName: 'AccountIdLookupOf<T>' },
          { name: 'value', type: t.compact(u128), typeName: 'T::Balance' },
        ] },
        { name: 'transfer_keep_alive', index: 3, args: [
          { name: 'dest', type: multiAddress(), typeName: 'AccountIdLookupOf<T>' },
          { name: 'value', type: t.compact(u128), typeName: 'T::Balance' },
        ] },
      ],
      events: [
        { name: 'Transfer', index: 2, fields: [
          { name: 'from', type: accountId32, typeName: 'T::AccountId' },
          { name: 'to', type: accountId32, typeName: 'T::AccountId' },
          { name: 'amount', type: u128, typeName: 'T::Balance' },
        ] },
      ],
      errors: [{ name: 'VestingBalance', index: 0 }, { name: 'InsufficientBalance', index: 2 }],
    },
    {
      // Events only: no calls, no errors (as FRAME's pallet_transaction_payment).
      name: 'TransactionPayment', index: TRANSACTION_PAYMENT_INDEX, crate: 'pallet_transaction_payment',
      events: [
        { name: 'TransactionFeePaid', index: 0, fields: [
          { name: 'who', type: accountId32, typeName: 'T::AccountId' },
          { name: 'actual_fee', type: u128, typeName: 'BalanceOf<T>' },
          { name: 'tip', type: u128, typeName: 'BalanceOf<T>' },
        ] },
      ],
    },
    {
      name: 'Sequencer', index: SEQUENCER_INDEX, crate: 'pallet_sequencer',
      docs: ['Orders app-chain transactions.'],
      calls: [
        { name: 'submit', index: 0, args: [
          { name: 'para_id', type: u32, typeName: 'ParaId' },
          { name: 'payload', type: bytes, typeName: 'Vec<u8>' },
        ], docs: ['Submit a payload for a para.'] },
      ],
      events: [
        { name: 'Submitted', index: 0, fields: [
          { name: 'para_id', type: u32, typeName: 'ParaId' },
          { name: 'who', type: accountId32, typeName: 'T::AccountId' },
          { name: 'payload_hash', type: h256, typeName: 'T::Hash' },
        ] },
      ],
      errors: [{ name: 'PayloadTooLarge', index: 0 }, { name: 'UnknownPara', index: 1 }],
    },
  ];
}

export const TEST_WEIGHTS = {
  baseBlock: { refTime: 5_000_000n, proofSize: 0n },
  maxBlock: { refTime: 2_000_000_000_000n, proofSize: 5_242_880n },
  perClass: {
    normal: { baseExtrinsic: { refTime: 100_000n, proofSize: 0n }, maxExtrinsic: { refTime: 1_000_000n, proofSize: 3_000n }, maxTotal: { refTime: 1_500_000_000_000n, proofSize: 3_932_160n }, reserved: { refTime: 0n, proofSize: 0n } },
    operational: { baseExtrinsic: { refTime: 100_000n, proofSize: 0n }, maxExtrinsic: null, maxTotal: { refTime: 2_000_000_000_000n, proofSize: 5_242_880n }, reserved: { refTime: 500_000_000_000n, proofSize: 1_310_720n } },
    mandatory: { baseExtrinsic: { refTime: 100_000n, proofSize: 0n }, maxExtrinsic: null, maxTotal: null, reserved: null },
  },
};

/** The full declaration: storage, constants, extensions and APIs on top of {@link palletEnums}. */
export function testRuntimeDecl(): RuntimeDecl {
  const extrinsic = {
    version: 4 as const,
    address: multiAddress(),
    signature: multiSignature,
    signedExtensions: standardSignedExtensions(),
  };
  const enums = palletEnums();
  const types = runtimeTypes({ runtimeCrate: TEST_RUNTIME_CRATE, pallets: enums, extrinsic });

  // Constants are encoded with a codec over just their types (no metadata yet).
  const constTypes = new PortableRegistryBuilder();
  for (const ty of [blockWeights, blockLength, runtimeDbWeight, runtimeVersion, u8, u16, u32, u128]) constTypes.register(ty);
  const c = new RuntimeCodec(constTypes);
  const [system, balances, payment, sequencer] = enums as [PalletDecl, PalletDecl, PalletDecl, PalletDecl];

  const accountFallback = new Uint8Array(80);
  accountFallback[79] = 0x80; // ExtraFlags: new-logic bit set, as pallet_balances' default

  return {
    runtimeCrate: TEST_RUNTIME_CRATE,
    extrinsic,
    apis: standardRuntimeApis(types),
    pallets: [
      {
        ...system,
        storage: {
          prefix: 'System',
          items: [
            {
              name: 'Account', modifier: 'Default',
              type: { kind: 'map', hashers: ['Blake2_128Concat'], key: accountId32, value: accountInfo() },
              fallback: accountFallback, docs: [' The full account information for a particular account ID.'],
            },
            { name: 'Number', modifier: 'Default', type: { kind: 'plain', value: u32 }, fallback: new Uint8Array(4), docs: [' The current block number being processed.'] },
            { name: 'ParentHash', modifier: 'Default', type: { kind: 'plain', value: h256 }, fallback: new Uint8Array(32) },
            { name: 'Events', modifier: 'Default', type: { kind: 'plain', value: types.eventRecords }, fallback: new Uint8Array([0]) },
            { name: 'EventCount', modifier: 'Default', type: { kind: 'plain', value: u32 }, fallback: new Uint8Array(4) },
            { name: 'BlockHash', modifier: 'Default', type: { kind: 'map', hashers: ['Twox64Concat'], key: u32, value: h256 }, fallback: new Uint8Array(32) },
          ],
        },
        constants: [
          { name: 'BlockWeights', type: blockWeights, value: c.encode(blockWeights, TEST_WEIGHTS), docs: [' Block & extrinsics weights: base values and limits.'] },
          { name: 'BlockLength', type: blockLength, value: c.encode(blockLength, { max: { normal: 3_932_160, operational: 5_242_880, mandatory: 5_242_880 } }) },
          { name: 'BlockHashCount', type: u32, value: c.encode(u32, 4096) },
          { name: 'DbWeight', type: runtimeDbWeight, value: c.encode(runtimeDbWeight, { read: 25_000_000n, write: 100_000_000n }) },
          {
            name: 'Version', type: runtimeVersion,
            value: c.encode(runtimeVersion, {
              specName: 'spindle', implName: 'spindle-node', authoringVersion: 0, specVersion: 1, implVersion: 0,
              apis: [['0xdf6acb689907609b', 5], ['0x37e397fc7c91f5e4', 2]], transactionVersion: 1, systemVersion: 1,
            }),
          },
          { name: 'SS58Prefix', type: u16, value: c.encode(u16, 42), docs: [' The designated SS58 prefix of this chain.'] },
        ],
      },
      {
        ...balances,
        storage: {
          prefix: 'Balances',
          items: [{ name: 'TotalIssuance', modifier: 'Default', type: { kind: 'plain', value: u128 }, fallback: new Uint8Array(16) }],
        },
        constants: [{ name: 'ExistentialDeposit', type: u128, value: c.encode(u128, 10_000_000_000n) }],
      },
      {
        ...payment,
        storage: {
          prefix: 'TransactionPayment',
          items: [{ name: 'NextFeeMultiplier', modifier: 'Default', type: { kind: 'plain', value: u128 }, fallback: c.encode(u128, 10n ** 18n) }],
        },
        constants: [{ name: 'OperationalFeeMultiplier', type: u8, value: c.encode(u8, 5) }],
      },
      {
        ...sequencer,
        storage: {
          prefix: 'Sequencer',
          items: [
            {
              name: 'Queue', modifier: 'Optional',
              type: { kind: 'map', hashers: ['Twox64Concat', 'Blake2_128Concat'], key: t.tuple(u32, h256), value: bytes },
              fallback: new Uint8Array([0]),
            },
            { name: 'Paused', modifier: 'Default', type: { kind: 'plain', value: bool }, fallback: new Uint8Array([0]) },
          ],
        },
        constants: [{ name: 'MaxPayload', type: u32, value: c.encode(u32, 65_536) }],
      },
    ],
  };
}
