import { ApiPromise, WsProvider } from '@polkadot/api';

/**
 * An ApiPromise over a plain WsProvider, as a user would create it. (The cast only bridges
 * @polkadot/api's typings with `exactOptionalPropertyTypes`; nothing is configured.)
 */
export function connectApi(wsUrl: string): Promise<ApiPromise> {
  const provider = new WsProvider(wsUrl) as unknown as ConstructorParameters<typeof ApiPromise>[0] extends infer O ? O extends { provider?: infer P } ? P : never : never;
  return ApiPromise.create({ provider, noInitWarn: true });
}
