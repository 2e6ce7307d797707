import type { AppChainInfo } from './AppChainConnector.ts';
import { ConnectorError } from './ConnectorError.ts';

type Request = (method: string, params: readonly unknown[]) => Promise<unknown>;

/** The methods that answer an app chain's genesis hash, name and properties. */
export interface ChainInfoMethods {
  readonly genesisHash: readonly [method: string, params: readonly unknown[]];
  readonly chainName: string;
  readonly properties: string;
}

/**
 * Asks a node (or light client) for what identifies its chain, checking the answers' shapes
 * (BAD_RESPONSE otherwise). Full nodes answer the legacy methods, light clients the
 * `chainSpec_v1_*` ones.
 */
export async function readAppChainInfo(request: Request, methods: ChainInfoMethods): Promise<AppChainInfo> {
  const [genesisHash, chainName, properties] = await Promise.all([
    request(methods.genesisHash[0], methods.genesisHash[1]),
    request(methods.chainName, []),
    request(methods.properties, []),
  ]);
  if (typeof genesisHash !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(genesisHash)) throw new ConnectorError('BAD_RESPONSE', `${methods.genesisHash[0]} is not a 32-byte hash`);
  if (typeof chainName !== 'string') throw new ConnectorError('BAD_RESPONSE', `${methods.chainName} is not a string`);
  return {
    genesisHash: genesisHash.toLowerCase() as `0x${string}`,
    chainName,
    properties: typeof properties === 'object' && properties !== null ? (properties as Record<string, unknown>) : {},
  };
}
