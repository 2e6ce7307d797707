import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bumpFees, type Eip1559Fees } from './bumpFees.ts';

const fees = (maxFeePerGas: bigint, maxPriorityFeePerGas: bigint): Eip1559Fees => ({ maxFeePerGas, maxPriorityFeePerGas });

const bumpCases: { desc: string; previous: Eip1559Fees | undefined; current: Eip1559Fees; percent: number; expected: Eip1559Fees }[] = [
  { desc: 'bumps both caps by the percentage', previous: fees(100n, 10n), current: fees(50n, 5n), percent: 20, expected: fees(120n, 12n) },
  { desc: 'rounds the bump up', previous: fees(101n, 1n), current: fees(1n, 1n), percent: 10, expected: fees(112n, 2n) },
  { desc: 'follows a market above the bump', previous: fees(100n, 10n), current: fees(300n, 40n), percent: 20, expected: fees(300n, 40n) },
  { desc: 'bumps the market when the previous is unknown', previous: undefined, current: fees(200n, 10n), percent: 25, expected: fees(250n, 13n) },
  { desc: 'keeps the tip under the max fee', previous: fees(10n, 10n), current: fees(10n, 50n), percent: 10, expected: fees(11n, 11n) },
];

for (const { desc, previous, current, percent, expected } of bumpCases) {
  test(`behavior: bumpFees ${desc}`, () => {
    assert.deepEqual(bumpFees(previous, current, percent), expected);
  });
}
