import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchIncluded } from './matchIncluded.ts';

test('behavior: payloads are matched in order after the inherents, refused ones and duplicates left out', () => {
  const sent = (...hexes: string[]) => hexes.map((hex, index) => ({ index, hex }));
  const table: readonly { readonly desc: string; readonly block: readonly string[]; readonly inherents: number; readonly sent: ReturnType<typeof sent>; readonly want: [number, number][] }[] = [
    { desc: 'all in', block: ['0xi', '0xa', '0xb'], inherents: 1, sent: sent('0xa', '0xb'), want: [[0, 1], [1, 2]] },
    { desc: 'first refused', block: ['0xi', '0xb'], inherents: 1, sent: sent('0xa', '0xb'), want: [[1, 1]] },
    { desc: 'duplicate: the first copy is the included one', block: ['0xi', '0xa'], inherents: 1, sent: sent('0xa', '0xa'), want: [[0, 1]] },
    { desc: 'a payload equal to an inherent is not matched to it', block: ['0xi', '0xj'], inherents: 2, sent: sent('0xi'), want: [] },
    { desc: 'marker after the payloads', block: ['0xi', '0xa', '0xm'], inherents: 1, sent: sent('0xa', '0xb'), want: [[0, 1]] },
    { desc: 'nothing sent', block: ['0xi'], inherents: 1, sent: [], want: [] },
  ];
  for (const { desc, block, inherents, sent: payloads, want } of table) {
    assert.deepEqual([...matchIncluded(block, inherents, payloads)], want, desc);
  }
});
