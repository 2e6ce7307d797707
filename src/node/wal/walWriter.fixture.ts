/**
 * Test support, run as a child process by ConsensusWal.crash.test.ts:
 *   node --import tsx src/node/wal/walWriter.fixture.ts <store dir>
 * At height 1, for rounds 0, 1, 2, … forever: appends an input, then records an own prevote and an
 * own precommit, printing each vote only after recordOwnVote resolved (i.e. it is durable), as
 *   <height> <round> <step> <blockHash hex | nil> <signed hex>
 * The test SIGKILLs it.
 */
import { LmdbKeyValueStore } from '../../store/index.ts';
import { ConsensusWal } from './ConsensusWal.ts';
import type { OwnVoteStep } from './WalEntry.ts';
import { toHex } from './walKeys.ts';

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write('usage: walWriter.fixture.ts <store dir>\n');
  process.exit(2);
}

/** Distinct, recognisable bytes for one (round, step, purpose). */
function pattern(round: number, step: OwnVoteStep, purpose: number, length: number): Uint8Array {
  const out = new Uint8Array(length).fill(purpose);
  new DataView(out.buffer).setUint32(0, round, false);
  out[4] = step === 'prevote' ? 1 : 2;
  return out;
}

const height = 1n;
const wal = new ConsensusWal(LmdbKeyValueStore.open(dir));
for (let round = 0; ; round++) {
  await wal.append({ kind: 'input', height, data: pattern(round, 'prevote', 0xaa, 16) });
  for (const step of ['prevote', 'precommit'] as const) {
    const blockHash = round % 3 === 2 ? null : pattern(round, step, 0xbb, 32);
    const signed = await wal.recordOwnVote({ height, round, step, blockHash, signed: pattern(round, step, 0xcc, 64) });
    process.stdout.write(`${height} ${round} ${step} ${blockHash === null ? 'nil' : toHex(blockHash)} ${toHex(signed)}\n`);
  }
}
