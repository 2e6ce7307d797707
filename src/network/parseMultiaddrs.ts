import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';
import { peerIdFromString } from '@libp2p/peer-id';
import { NetworkError } from './NetworkError.ts';

/** A bootnode: its peer id and every address given for it. */
export interface Bootnode {
  peerId: string;
  addrs: Multiaddr[];
}

/** Parses `--listen-addr` values; throws INVALID_ARGUMENT on a malformed multiaddr. */
export function parseListenAddrs(addrs: readonly string[]): Multiaddr[] {
  return addrs.map((a) => parseMultiaddr(a, 'listen address'));
}

/**
 * Parses `--bootnodes` values (`/ip4/…/tcp/N[/ws]/p2p/12D3KooW…`), grouping addresses by peer id.
 * Throws INVALID_ARGUMENT when an address is malformed or lacks `/p2p/<peer id>`.
 */
export function parseBootnodes(addrs: readonly string[]): Bootnode[] {
  const byPeer = new Map<string, Multiaddr[]>();
  for (const a of addrs) {
    const ma = parseMultiaddr(a, 'bootnode');
    const peerId = ma.getPeerId();
    if (peerId === null) {
      throw new NetworkError(
        { code: 'INVALID_ARGUMENT', what: 'bootnode', value: a },
        `bootnode ${a} has no /p2p/<peer id>`,
      );
    }
    try {
      peerIdFromString(peerId);
    } catch (e) {
      throw new NetworkError({ code: 'INVALID_ARGUMENT', what: 'bootnode', value: a }, `bootnode ${a} has an invalid peer id`, {
        cause: e,
      });
    }
    const list = byPeer.get(peerId) ?? [];
    list.push(ma);
    byPeer.set(peerId, list);
  }
  return [...byPeer].map(([peerId, list]) => ({ peerId, addrs: list }));
}

/** Parses one multiaddr; throws INVALID_ARGUMENT naming `what` it was meant to be. */
export function parseMultiaddr(a: string, what: string): Multiaddr {
  try {
    return multiaddr(a);
  } catch (e) {
    throw new NetworkError({ code: 'INVALID_ARGUMENT', what, value: a }, `invalid multiaddr ${a}`, { cause: e });
  }
}
