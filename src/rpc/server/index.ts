/** The JSON-RPC server transport: what method handlers and the node import. */
export { RpcServer, isLoopback, type RpcServerOptions } from './RpcServer.ts';
export { RpcError, RPC_ERROR_TABLE, type RpcErrorCode, type RpcErrorJson } from './RpcError.ts';
export { RpcServerError, type RpcServerErrorCode } from './RpcServerError.ts';
export type { Logger } from './Logger.ts';
export { noopLogger } from './Logger.ts';
export type {
  MethodDef,
  MethodHandler,
  RpcContext,
  RpcMethods,
  SubscriptionDef,
  SubscriptionSink,
  Teardown,
} from './types.ts';
export type { CorsSetting } from './corsPolicy.ts';
export {
  arrayParam,
  boolParam,
  hexParam,
  numberParam,
  stringParam,
  u32Param,
  type HexParamOptions,
  type HexString,
  type NumberParamOptions,
  type ParamOptions,
} from './params.ts';
