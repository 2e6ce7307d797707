import { decodeAddress } from '@polkadot/util-crypto';
import { hexToU8a, isHex } from '@polkadot/util';
import { RpcError, stringParam } from '../server/index.ts';
import { unsafeHandler, type Handler } from './types.ts';

/**
 * `system_*` methods (Substrate's `sc-rpc` system API and `substrate-frame-rpc-system`'s
 * `system_accountNextIndex`), answered from the node's {@link NodeInfo}.
 */

/** @example // → "Spindle" */
export const system_name: Handler = ({ backend }) => backend.info.name;

/** @example // → "0.1.0-abcdef" */
export const system_version: Handler = ({ backend }) => backend.info.version;

/** @example // → "Development" */
export const system_chain: Handler = ({ backend }) => backend.info.chain;

/**
 * Substrate's `ChainType` as serde writes it: `"Development"`, `"Local"`, `"Live"`, or
 * `{"Custom": "…"}` for any other name.
 */
export const system_chainType: Handler = ({ backend }) => {
  const t = backend.info.chainType;
  return t === 'Development' || t === 'Local' || t === 'Live' ? t : { Custom: t };
};

/** @example // → {"ss58Format":42,"tokenDecimals":12,"tokenSymbol":"UNIT"} */
export const system_properties: Handler = ({ backend }) => backend.info.properties;

/** @example // → {"peers":0,"isSyncing":false,"shouldHavePeers":false} */
export const system_health: Handler = ({ backend }) => ({
  peers: backend.info.peers().length,
  isSyncing: backend.info.isSyncing(),
  shouldHavePeers: backend.info.shouldHavePeers(),
});

/** Connected peers, `[{peerId, roles, bestHash, bestNumber}]`; unsafe, as in Substrate. */
export const system_peers = unsafeHandler(({ backend }) => backend.info.peers());

/** @example // → "12D3KooW…" */
export const system_localPeerId: Handler = ({ backend }) => backend.info.localPeerId();

/** @example // → ["/ip4/127.0.0.1/tcp/30333/p2p/12D3KooW…"] */
export const system_localListenAddresses: Handler = ({ backend }) => backend.info.localListenAddresses();

/** @example // → ["Authority"] */
export const system_nodeRoles: Handler = ({ backend }) => [...backend.info.roles];

/** @example // → {"startingBlock":0,"currentBlock":42,"highestBlock":42} */
export const system_syncState: Handler = ({ backend }) => backend.info.syncState();

/**
 * The next nonce of an account (SS58 address or `0x` 32-byte AccountId32), counting its ready
 * pool transactions.
 *
 * @example
 * // {"method":"system_accountNextIndex","params":["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"]} → 3
 */
export const system_accountNextIndex: Handler = ({ backend }, params) => {
  const address = stringParam(params, 0, { name: 'accountId' });
  return backend.accountNextIndex(accountIdFrom(address));
};

function accountIdFrom(address: string): Uint8Array {
  let id: Uint8Array | undefined;
  try {
    id = isHex(address) ? hexToU8a(address) : decodeAddress(address);
  } catch {
    id = undefined;
  }
  if (id === undefined || id.length !== 32) {
    throw new RpcError('INVALID_PARAMS', 'Invalid params: param 0 (accountId) must be an SS58 address or 0x-prefixed 32-byte hex');
  }
  return id;
}
