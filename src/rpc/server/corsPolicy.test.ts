import { test } from 'node:test';
import assert from 'node:assert/strict';
import { originAllowed, type CorsSetting } from './corsPolicy.ts';

test('args: originAllowed matches --rpc-cors entries, with :* for any port', () => {
  const substrateDefault = ['http://localhost:*', 'http://127.0.0.1:*', 'https://localhost:*', 'https://127.0.0.1:*', 'https://polkadot.js.org'];
  const cases: [CorsSetting, string | undefined, boolean][] = [
    [null, undefined, true],
    [null, 'https://polkadot.js.org', false],
    ['all', 'https://anything.example', true],
    [substrateDefault, 'http://localhost:3000', true],
    [substrateDefault, 'http://localhost', true],
    [substrateDefault, 'HTTPS://POLKADOT.JS.ORG', true],
    [substrateDefault, 'https://polkadot.js.org.evil.example', false],
    [substrateDefault, 'http://localhost:3000.evil.example', false],
    [substrateDefault, 'http://localhost.evil.example', false],
    [substrateDefault, 'null', false],
    [['*'], 'https://x.example', true],
    [[], 'https://x.example', false],
  ];
  for (const [cors, origin, expected] of cases) assert.equal(originAllowed(cors, origin), expected, `${String(cors)} ${origin}`);
});
