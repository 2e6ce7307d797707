/**
 * Test support, run as a child process by ChainStore.crash.test.ts:
 *   node --import tsx src/store/crashWriter.fixture.ts <store dir>
 * Commits genesis, then blocks 1, 2, 3, … forever through ChainStore, printing each block number
 * on its own line only after its commit resolved (i.e. is durable). The test SIGKILLs it.
 */
import { ChainStore } from './ChainStore.ts';
import { crashBlock } from './crashBlock.fixture.ts';
import { LmdbKeyValueStore } from './LmdbKeyValueStore.ts';

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write('usage: crashWriter.fixture.ts <store dir>\n');
  process.exit(2);
}

const chain = new ChainStore(LmdbKeyValueStore.open(dir));
await chain.commitGenesis(crashBlock(0n));
process.stdout.write('0\n');
for (let n = 1n; ; n++) {
  await chain.commitBlock({ ...crashBlock(n), setBest: true, setFinalized: true });
  process.stdout.write(`${n}\n`);
}
