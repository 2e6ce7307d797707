/**
 * The relay runtime's bounds on one `sequencer.submitCandidate`, read from its metadata
 * constants (`api.consts.sequencer.*`), never hard-coded: a runtime upgrade may change them.
 */
export interface CandidateLimits {
  /** `Sequencer.MaxPayloadBytes`: one app-chain transaction. */
  readonly maxPayloadBytes: number;
  /** `Sequencer.MaxCandidatePayloads`: payloads in one candidate. */
  readonly maxCandidatePayloads: number;
  /** `Sequencer.MaxCandidateBytes`: sum of the payloads' lengths in one candidate. */
  readonly maxCandidateBytes: number;
  /** `Sequencer.MaxRelayParentAge`: a candidate's relay parent must be one of the last this many blocks. */
  readonly maxRelayParentAge: number;
}
