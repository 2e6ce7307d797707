/** Candidate gathering: queue app-chain transactions durably and get them sequenced on the relay exactly once. */
export { Collator, type CollatorOptions } from './Collator.ts';
export { CandidateGatherer, type CandidateGathererOptions, type GathererFaults, type PendingSource, type SequencedEvent } from './CandidateGatherer.ts';
export { CandidateStore, type AcceptOutcome, type InFlightBatch, type QueuedPayload, type ScannedBlock } from './CandidateStore.ts';
export { CandidateError, type CandidateErrorCode, type CandidateErrorData } from './CandidateError.ts';
export type { CandidateLimits } from './CandidateLimits.ts';
export { RelayClient, type RelayClientOptions, type RelayHead } from './RelayClient.ts';
export { classifySubmitError, type SubmitOutcome } from './classifySubmitError.ts';
export { collatorRpcMethods, type CollatorRpcDeps, type CollatorStatus } from './collatorRpcMethods.ts';
export { candidateRpcError, forwardedRpcError } from './candidateRpcError.ts';
export { takeBatch } from './takeBatch.ts';
export { payloadHash, hashHex } from './payloadHash.ts';
