import { decodeFunctionResult, encodeFunctionData, parseAbi } from 'viem';
import { jsonRpcHttp } from './jsonRpcHttp.ts';

const ABI = parseAbi(['function latestAnchored() view returns (uint64)']);

/**
 * `latestAnchored()` of a SpindleAnchor contract (the highest relay block anchored on L1), by
 * `eth_call` at the latest block.
 * @example await latestAnchored('http://127.0.0.1:8545', '0x5FbDB2315678afecb367f032d93F642f64180aa3', signal) // → 16n
 */
export async function latestAnchored(rpcUrl: string, contract: `0x${string}`, signal: AbortSignal): Promise<bigint> {
  const data = await jsonRpcHttp<`0x${string}`>(rpcUrl, 'eth_call', [{ to: contract, data: encodeFunctionData({ abi: ABI, functionName: 'latestAnchored' }) }, 'latest'], signal);
  return decodeFunctionResult({ abi: ABI, functionName: 'latestAnchored', data });
}
