import type { ConsensusWal } from '../wal/ConsensusWal.ts';
import type { ConsensusLog } from './ConsensusPorts.ts';

/** Keeps the current and previous height in the WAL; older entries are pruned at each end of height. */
const KEEP_HEIGHTS = 2n;

/** The consensus host's log port over the LMDB write-ahead log (double-sign guard included). */
export function walLog(wal: ConsensusWal): ConsensusLog {
  return {
    recordOwnVote: (vote, encoded) =>
      wal.recordOwnVote({ height: vote.height, round: vote.round, step: vote.type, blockHash: vote.blockHash, signed: encoded }),
    recordOwnProposal: (proposal, encoded) =>
      wal.recordOwnProposal({ height: proposal.height, round: proposal.round, blockHash: proposal.blockHash, signed: encoded }),
    endHeight: async (height) => {
      await wal.append({ kind: 'endHeight', height });
      if (height > KEEP_HEIGHTS) await wal.prune(height - KEEP_HEIGHTS);
    },
    appendInput: (height, encoded) => wal.append({ kind: 'input', height, data: encoded }),
    replay: (height) =>
      wal
        .replay(height)
        .filter((e) => e.height === height)
        .flatMap((e) => (e.kind === 'input' ? [e.data] : e.kind === 'ownVote' || e.kind === 'ownProposal' ? [e.signed] : [])),
  };
}
