import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TypeRegistry } from '@polkadot/types';
import type { ExtrinsicStatus } from '@polkadot/types/interfaces';
import type { WatchStatus } from '../RpcBackend.ts';
import { isFinalWatchStatus, watchStatusJson, type WatchStatusJson } from './watchStatusJson.ts';

const H = new Uint8Array(32).fill(7);
const HEX = `0x${'07'.repeat(32)}`;

const table: { status: WatchStatus; json: WatchStatusJson; final: boolean; polkadotJs: string }[] = [
  { status: { kind: 'future' }, json: 'future', final: false, polkadotJs: 'Future' },
  { status: { kind: 'ready' }, json: 'ready', final: false, polkadotJs: 'Ready' },
  { status: { kind: 'broadcast', peers: ['a', 'b'] }, json: { broadcast: ['a', 'b'] }, final: false, polkadotJs: 'Broadcast' },
  { status: { kind: 'inBlock', blockHash: H }, json: { inBlock: HEX }, final: false, polkadotJs: 'InBlock' },
  { status: { kind: 'retracted', blockHash: H }, json: { retracted: HEX }, final: false, polkadotJs: 'Retracted' },
  { status: { kind: 'finalized', blockHash: H }, json: { finalized: HEX }, final: true, polkadotJs: 'Finalized' },
  { status: { kind: 'usurped', by: H }, json: { usurped: HEX }, final: true, polkadotJs: 'Usurped' },
  { status: { kind: 'dropped' }, json: 'dropped', final: true, polkadotJs: 'Dropped' },
  { status: { kind: 'invalid' }, json: 'invalid', final: true, polkadotJs: 'Invalid' },
];

for (const row of table) {
  test(`behavior: ${row.status.kind} serialises as Substrate's TransactionStatus`, () => {
    const json = watchStatusJson(row.status);
    assert.deepEqual(json, row.json);
    assert.equal(isFinalWatchStatus(row.status), row.final);
    assert.equal(new TypeRegistry().createType<ExtrinsicStatus>('ExtrinsicStatus', json).type, row.polkadotJs);
  });
}
