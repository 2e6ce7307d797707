/** How a collator reaches its app chain's node: one interface, a full-node and a light-client implementation. */
export type { AppChainConnector, AppChainInfo, ConnectorStatus, ConnectorStatusEvent, SubscriptionMethods, Unsubscribe } from './AppChainConnector.ts';
export { ConnectorError, type ConnectorErrorCode } from './ConnectorError.ts';
export { PolkadotApiConnector, type PolkadotApiConnectorOptions } from './PolkadotApiConnector.ts';
export { SmoldotConnector, type SmoldotChainSpecSource, type SmoldotConnectorOptions } from './SmoldotConnector.ts';
export { startSmoldotClient, type SmoldotClientHandle, type SmoldotClientOptions } from './startSmoldotClient.ts';
