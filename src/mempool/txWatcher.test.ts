import assert from 'node:assert/strict';
import { it } from 'node:test';
import { watchTx } from './txWatcher.ts';
import type { TxStatus } from './types.ts';

const noErrors = (err: unknown): never => {
  throw err;
};

it('behavior: replays history to late listeners and ends on a final status', () => {
  const { watcher, emit } = watchTx(new Uint8Array(32), noErrors);
  emit({ kind: 'future' });
  emit({ kind: 'ready' });
  const seen: string[] = [];
  const off = watcher.on((s) => seen.push(s.kind));
  emit({ kind: 'broadcast', peers: ['p1'] });
  emit({ kind: 'dropped' });
  emit({ kind: 'ready' }); // after a final status: ignored
  assert.deepEqual(seen, ['future', 'ready', 'broadcast', 'dropped']);
  assert.equal(watcher.done, true);
  off();
  const late: string[] = [];
  watcher.on((s) => late.push(s.kind));
  assert.deepEqual(late, seen);
});

it('behavior: async iteration yields every status then ends; stop() ends a waiting iterator', async () => {
  const a = watchTx(new Uint8Array(32), noErrors);
  a.emit({ kind: 'ready' });
  const got: string[] = [];
  const done = (async () => {
    for await (const s of a.watcher) got.push(s.kind);
  })();
  a.emit({ kind: 'inBlock', blockHash: new Uint8Array(32) });
  a.emit({ kind: 'finalized', blockHash: new Uint8Array(32) });
  await done;
  assert.deepEqual(got, ['ready', 'inBlock', 'finalized']);

  const b = watchTx(new Uint8Array(32), noErrors);
  const first: TxStatus[] = [];
  const waiting = (async () => {
    for await (const s of b.watcher) first.push(s);
  })();
  await new Promise<void>((r) => setImmediate(r));
  b.watcher.stop();
  b.watcher.stop();
  await waiting;
  assert.deepEqual(first, []);
  assert.equal(b.watcher.done, true);
});

it('error: a throwing listener goes to onListenerError and does not stop the others', () => {
  const errors: unknown[] = [];
  const { watcher, emit } = watchTx(new Uint8Array(32), (e) => errors.push(e));
  const seen: string[] = [];
  watcher.on(() => {
    throw new Error('boom');
  });
  watcher.on((s) => seen.push(s.kind));
  emit({ kind: 'ready' });
  assert.equal(errors.length, 1);
  assert.deepEqual(seen, ['ready']);
});
