import assert from 'node:assert/strict';
import { it } from 'node:test';
import { OrderedSet } from './orderedSet.ts';

it('behavior: matches a sorted array under seeded random adds and deletes', () => {
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed % n;
  };
  const set = new OrderedSet<number>((a, b) => a - b);
  const model = new Set<number>();
  for (let i = 0; i < 20_000; i++) {
    const v = rand(2_000);
    if (rand(3) === 0) assert.equal(set.delete(v), model.delete(v));
    else {
      assert.equal(set.add(v), !model.has(v));
      model.add(v);
    }
    if (i % 997 === 0) {
      const sorted = [...model].sort((a, b) => a - b);
      assert.deepEqual([...set.values()], sorted);
      assert.equal(set.first(), sorted[0]);
      assert.equal(set.last(), sorted.at(-1));
      const probe = rand(2_000) + 0.5;
      assert.equal(set.after(probe), sorted.find((x) => x > probe));
    }
  }
  assert.equal(set.size, model.size);
});

it('behavior: after() takes a key that is not a member; clear() empties', () => {
  const set = new OrderedSet<{ k: number; name: string }, { k: number }>((a, b) => a.k - b.k);
  set.add({ k: 1, name: 'a' });
  set.add({ k: 5, name: 'b' });
  assert.equal(set.after({ k: 1 })?.name, 'b');
  assert.equal(set.after({ k: 5 }), undefined);
  assert.equal(set.after({ k: -3 })?.name, 'a');
  set.clear();
  assert.equal(set.size, 0);
  assert.equal(set.first(), undefined);
});
