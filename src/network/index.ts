export { NetworkService } from './NetworkService.ts';
export type {
  GossipHandler,
  GossipTopic,
  NetworkOptions,
  PeerEvent,
  PeerInfo,
  RequestHandler,
  Verdict,
} from './NetworkOptions.ts';
export { NetworkError, isNetworkError } from './NetworkError.ts';
export type { NetworkErrorCode, NetworkErrorData } from './NetworkError.ts';
export { generateNodeKey, parseNodeKey, peerIdFromNodeKey, privateKeyFromNodeKey } from './nodeKey.ts';
export { gossipMessageId } from './gossipMessageId.ts';
export { DEFAULT_SCORING } from './PeerScores.ts';
export type { ScoringParams } from './PeerScores.ts';
export { DEFAULT_BACKOFF } from './backoffDelay.ts';
export type { BackoffParams } from './backoffDelay.ts';
