import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonRpcMessage, type JsonRpcEntry } from './jsonRpcMessage.ts';

/** A compact view of a parsed message: entry kinds with id/method, or the error code. */
function view(text: string): unknown {
  const m = parseJsonRpcMessage(text, 2);
  const entry = (e: JsonRpcEntry): unknown => {
    if (e.kind === 'call') return ['call', e.id, e.method, e.params];
    if (e.kind === 'notification') return ['notification', e.method];
    return ['invalid', e.id, e.error.jsonRpcCode];
  };
  if (m.kind === 'error') return ['error', m.error.jsonRpcCode];
  if (m.kind === 'single') return entry(m.entry);
  return m.entries.map(entry);
}

test('args: parseJsonRpcMessage classifies messages as JSON-RPC 2.0 and jsonrpsee do', () => {
  const cases: [string, unknown][] = [
    ['{"jsonrpc":"2.0","id":1,"method":"m","params":[1]}', ['call', 1, 'm', [1]]],
    ['{"jsonrpc":"2.0","id":"x","method":"m"}', ['call', 'x', 'm', []]],
    ['{"jsonrpc":"2.0","id":null,"method":"m","params":null}', ['call', null, 'm', []]],
    ['{"jsonrpc":"2.0","method":"m","params":[]}', ['notification', 'm']],
    ['  {"jsonrpc":"2.0","method":"m"}\n', ['notification', 'm']],
    ['{bad', ['error', -32700]],
    ['', ['error', -32700]],
    ['[]', ['error', -32600]],
    ['[1,2,3]', ['error', -32010]],
    ['{"jsonrpc":"1.0"}', ['invalid', null, -32600]],
    ['{"jsonrpc":"2.0","id":3}', ['invalid', 3, -32600]],
    ['{"jsonrpc":"2.0","id":true,"method":"m"}', ['invalid', null, -32600]],
    ['{"jsonrpc":"2.0","method":5}', ['invalid', null, -32600]],
    ['{"jsonrpc":"2.0","id":4,"method":"m","params":{"a":1}}', ['invalid', 4, -32602]],
    ['"text"', ['invalid', null, -32600]],
    ['null', ['invalid', null, -32600]],
    ['[1,{"jsonrpc":"2.0","method":"n"}]', [['invalid', null, -32600], ['notification', 'n']]],
  ];
  for (const [text, expected] of cases) assert.deepEqual(view(text), expected, text);
});
