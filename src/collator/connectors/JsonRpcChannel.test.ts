import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectorError } from './ConnectorError.ts';
import { JsonRpcChannel } from './JsonRpcChannel.ts';

interface Sent {
  id: number;
  method: string;
  params: unknown[];
}

function channel(timeoutMs = 60_000): { channel: JsonRpcChannel; sent: Sent[] } {
  const sent: Sent[] = [];
  return { channel: new JsonRpcChannel((text) => sent.push(JSON.parse(text) as Sent), { requestTimeoutMs: timeoutMs }), sent };
}

test('behavior: JsonRpcChannel matches answers to requests by id, whatever their order', async () => {
  const { channel: c, sent } = channel();
  const a = c.request('a', [1]);
  const b = c.request('b', []);
  assert.deepEqual(sent.map((s) => [s.method, s.params]), [['a', [1]], ['b', []]]);
  c.receive(JSON.stringify({ jsonrpc: '2.0', id: sent[1]!.id, result: 'B' }));
  c.receive(JSON.stringify({ jsonrpc: '2.0', id: sent[0]!.id, error: { code: -32602, message: 'Invalid params', data: 'x' } }));
  assert.equal(await b, 'B');
  await assert.rejects(a, (e: unknown) => e instanceof ConnectorError && e.code === 'RPC_ERROR' && e.rpcCode === -32602 && e.rpcData === 'x');
  assert.equal(c.pendingCount, 0);
});

test('behavior: JsonRpcChannel delivers notifications that arrive before the subscribe answer, then later ones, and unsubscribes once', async () => {
  const { channel: c, sent } = channel();
  const got: unknown[] = [];
  const subscribing = c.subscribe({ subscribe: 's_sub', unsubscribe: 's_unsub', notification: 's_note' }, [], (r) => got.push(r));
  c.receive(JSON.stringify({ jsonrpc: '2.0', method: 's_note', params: { subscription: 'X', result: 1 } }));
  c.receive(JSON.stringify({ jsonrpc: '2.0', id: sent[0]!.id, result: 'X' }));
  const unsubscribe = await subscribing;
  c.receive(JSON.stringify({ jsonrpc: '2.0', method: 's_note', params: { subscription: 'X', result: 2 } }));
  c.receive(JSON.stringify({ jsonrpc: '2.0', method: 's_note', params: { subscription: 'Y', result: 'other' } }));
  c.receive('not json');
  assert.deepEqual(got, [1, 2]);
  const done = unsubscribe();
  assert.deepEqual(sent[1], { jsonrpc: '2.0', id: sent[1]!.id, method: 's_unsub', params: ['X'] });
  c.receive(JSON.stringify({ jsonrpc: '2.0', id: sent[1]!.id, result: true }));
  await done;
  await unsubscribe();
  assert.equal(sent.length, 2);
  c.receive(JSON.stringify({ jsonrpc: '2.0', method: 's_note', params: { subscription: 'X', result: 3 } }));
  assert.deepEqual(got, [1, 2]);
});

test('error: JsonRpcChannel times out unanswered requests and rejects everything after close', async () => {
  const { channel: c } = channel(20);
  await assert.rejects(c.request('never', []), (e: unknown) => e instanceof ConnectorError && e.code === 'TIMEOUT');
  const { channel: d } = channel();
  const pending = d.request('x', []);
  d.close(new ConnectorError('CLOSED', 'closed'));
  await assert.rejects(pending, (e: unknown) => e instanceof ConnectorError && e.code === 'CLOSED');
  await assert.rejects(d.request('y', []), (e: unknown) => e instanceof ConnectorError && e.code === 'CLOSED');
  const failing = new JsonRpcChannel(() => {
    throw new Error('queue full');
  }, { requestTimeoutMs: 1000 });
  await assert.rejects(failing.request('z', []), (e: unknown) => e instanceof ConnectorError && e.code === 'NOT_CONNECTED');
  assert.equal(failing.pendingCount, 0);
});
