/**
 * Not a test and never run: type-checked by bindings.test.ts (`tsc -p tsconfig.usage.json`)
 * to prove the generated augmentation types Spindle's pallets for @polkadot/api users.
 * Each `@ts-expect-error` line must fail to compile, so a binding that degrades to
 * `any` (or a stale one) breaks the check.
 */
import './index.ts';
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { Option, u32, u64 } from '@polkadot/types-codec';
import type { DispatchError, EventRecord } from '@polkadot/types/interfaces';
import type { AccountId32, H256 } from '@polkadot/types/interfaces/runtime';
import type { PalletParasParaInfo } from '@polkadot/types/lookup';

export async function usage(api: ApiPromise, record: EventRecord, dispatchError: DispatchError): Promise<readonly unknown[]> {
  // api.tx
  const submit: SubmittableExtrinsic<'promise'> = api.tx.sequencer.submit(100, '0x00');
  const bundle: SubmittableExtrinsic<'promise'> = api.tx.sequencer.submitBundle([[100, '0x00']]);
  const candidate = api.tx.sequencer.submitCandidate(100, new Uint8Array(32), ['0x01', new Uint8Array([2])]);
  const [paraIdArg] = submit.method.args;
  // @ts-expect-error payload must be bytes, not a number
  api.tx.sequencer.submit('x', 1);
  // @ts-expect-error submit takes a para id and a payload
  api.tx.sequencer.submit(100);
  // @ts-expect-error bundle items are [paraId, payload] pairs
  api.tx.sequencer.submitBundle(['0x00']);

  // api.query
  const para: Option<PalletParasParaInfo> = await api.query.paras.paras(100);
  const manager: AccountId32 | undefined = para.isSome ? para.unwrap().manager : undefined;
  const sequenced: u64 = await api.query.sequencer.totalSequenced(100);
  // @ts-expect-error paras(paraId) holds Option<PalletParasParaInfo>, not a number
  const wrongPara: Option<u32> = await api.query.paras.paras(100);

  // api.consts
  const maxPayloadBytes: number = api.consts.sequencer.maxPayloadBytes.toNumber();
  // @ts-expect-error maxPayloadBytes is a u32 codec, not a plain number
  const wrongConst: number = api.consts.sequencer.maxPayloadBytes;

  // api.call (runtime APIs, from the V15 metadata)
  const nonce: u32 = await api.call.accountNonceApi.accountNonce('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');

  // api.events / api.errors
  let payloadHash: H256 | undefined;
  if (api.events.sequencer.Submitted.is(record.event)) {
    const [eventParaId, position, hash] = record.event.data;
    const n: number = eventParaId.toNumber() + position.toNumber();
    payloadHash = n >= 0 ? hash : record.event.data.payloadHash;
  }
  const tooLarge: boolean = dispatchError.isModule && api.errors.sequencer.PayloadTooLarge.is(dispatchError.asModule);

  return [submit, bundle, candidate, paraIdArg, para, manager, sequenced, wrongPara, nonce, maxPayloadBytes, wrongConst, payloadHash, tooLarge];
}
