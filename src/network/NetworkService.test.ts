import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gossipMessageId } from './gossipMessageId.ts';
import {
  Inbox,
  TCP,
  WS,
  addressOf,
  connectedTo,
  disconnectedFrom,
  makeNode,
  stopAll,
  text,
} from './networkTestKit.fixture.ts';
import { parseNodeKey, peerIdFromNodeKey } from './nodeKey.ts';

const KEY_A = '0000000000000000000000000000000000000000000000000000000000000001';
/** Substrate's peer id for node key 0x…01 (the one its tutorials use for Alice's bootnode). */
const PEER_A = '12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp';

test('behavior: tcp — gossip published by B reaches A and C exactly once (B and C dial bootnode A)', { timeout: 10_000 }, async () => {
  const a = makeNode({ nodeKey: parseNodeKey(KEY_A) });
  const nodes = [a.node];
  try {
    await a.node.start();
    assert.equal(a.node.peerId, PEER_A);
    const bootnode = addressOf(a.node, 'tcp');
    assert.match(bootnode, new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${PEER_A}$`));
    const b = makeNode({ bootnodes: [bootnode] });
    const c = makeNode({ bootnodes: [bootnode] });
    nodes.push(b.node, c.node);
    const inboxA = new Inbox(a.node, 'transactions');
    const inboxB = new Inbox(b.node, 'transactions');
    const inboxC = new Inbox(c.node, 'transactions');
    await Promise.all([b.node.start(), c.node.start()]);
    await Promise.all([
      connectedTo(a.node, b.node.peerId),
      connectedTo(a.node, c.node.peerId),
      connectedTo(b.node, PEER_A),
      connectedTo(c.node, PEER_A),
    ]);

    b.node.publish('transactions', text('tx-1'));
    b.node.publish('transactions', text('tx-1')); // a second publish of the same bytes is a duplicate
    b.node.publish('transactions', text('tx-2'));
    await Promise.all([inboxA.waitFor('tx-2'), inboxC.waitFor('tx-2')]);

    // Each stream is FIFO, so tx-1 and its duplicate were handled before tx-2 on the same path.
    assert.equal(inboxA.count('tx-1'), 1);
    assert.equal(inboxC.count('tx-1'), 1);
    assert.deepEqual(inboxA.messages.map((m) => m.from), [b.node.peerId, b.node.peerId]);
    assert.deepEqual(inboxC.messages.map((m) => m.from), [PEER_A, PEER_A], 'C hears B only through A');
    assert.equal(inboxB.messages.length, 0, 'the publisher does not hear its own message');
    assert.deepEqual(
      a.node.peers().map((p) => p.peerId).sort(),
      [b.node.peerId, c.node.peerId].sort(),
    );
    assert.ok(b.node.peers()[0]!.addresses[0]!.startsWith('/ip4/127.0.0.1/tcp/'));
  } finally {
    await stopAll(nodes);
  }
});

test('behavior: ws — in a triangle gossip reaches every other node once and the duplicate copies are dropped', { timeout: 10_000 }, async () => {
  const a = makeNode({ listenAddrs: [WS] });
  const nodes = [a.node];
  try {
    await a.node.start();
    const b = makeNode({ listenAddrs: [WS], bootnodes: [addressOf(a.node, 'ws')] });
    nodes.push(b.node);
    await b.node.start();
    assert.match(addressOf(b.node, 'ws'), /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/ws\/p2p\/12D3KooW/);
    const c = makeNode({ listenAddrs: [WS], bootnodes: [addressOf(a.node, 'ws'), addressOf(b.node, 'ws')] });
    nodes.push(c.node);
    const inboxA = new Inbox(a.node, 'consensus');
    const inboxC = new Inbox(c.node, 'consensus');
    await c.node.start();
    await Promise.all([
      connectedTo(a.node, b.node.peerId),
      connectedTo(a.node, c.node.peerId),
      connectedTo(b.node, c.node.peerId),
      connectedTo(c.node, a.node.peerId),
      connectedTo(c.node, b.node.peerId),
      connectedTo(b.node, a.node.peerId),
    ]);
    assert.ok(c.node.peers().every((p) => p.addresses.every((addr) => addr.includes('/ws'))));

    b.node.publish('consensus', text('vote-1'));
    // A and C each get vote-1 from B and again from each other: one copy each must be dropped.
    const id = gossipMessageId('consensus', text('vote-1'));
    const isDuplicate = (l: { message: string; fields: Record<string, unknown> | undefined }): boolean =>
      l.message === 'duplicate gossip dropped' && l.fields?.['id'] === id;
    await Promise.all([a.log.waitFor(isDuplicate), c.log.waitFor(isDuplicate)]);
    assert.equal(inboxA.count('vote-1'), 1);
    assert.equal(inboxC.count('vote-1'), 1);
  } finally {
    await stopAll(nodes);
  }
});

test('behavior: a request/response round trip carries the bytes and the requester id', { timeout: 10_000 }, async () => {
  const a = makeNode();
  const b = makeNode();
  const nodes = [a.node, b.node];
  try {
    const seen: string[] = [];
    a.node.handle('blocks', async (request, from) => {
      seen.push(from);
      return new Uint8Array([...request].reverse());
    });
    await a.node.start();
    await b.node.start();
    assert.equal(await b.node.dial(addressOf(a.node, 'tcp')), a.node.peerId);
    await connectedTo(b.node, a.node.peerId);

    const response = await b.node.request(a.node.peerId, 'blocks', new Uint8Array([1, 2, 3]));
    assert.deepEqual([...response], [3, 2, 1]);
    const empty = await b.node.request(a.node.peerId, 'blocks', new Uint8Array(0));
    assert.equal(empty.length, 0);
    const max = new Uint8Array(1024).fill(7);
    assert.deepEqual(await b.node.request(a.node.peerId, 'blocks', max), max, 'exactly maxMessageBytes is allowed');
    assert.deepEqual(seen, [b.node.peerId, b.node.peerId, b.node.peerId]);
  } finally {
    await stopAll(nodes);
  }
});

test('behavior: a restarted bootnode is redialled with backoff and then exchanges gossip again', { timeout: 15_000 }, async () => {
  const first = makeNode({ nodeKey: parseNodeKey(KEY_A) });
  const nodes = [first.node];
  try {
    await first.node.start();
    const bootnode = addressOf(first.node, 'tcp');
    const b = makeNode({ bootnodes: [bootnode] });
    nodes.push(b.node);
    const inboxB = new Inbox(b.node, 'transactions');
    await b.node.start();
    await connectedTo(b.node, PEER_A);

    await first.node.stop();
    await disconnectedFrom(b.node, PEER_A);
    // While A is down, B's redial fails and is rescheduled with a longer delay.
    const failed = await b.log.waitFor((l) => l.message === 'bootnode dial failed');
    assert.equal(failed.fields?.['peer'], PEER_A);
    await b.log.waitFor((l) => l.message === 'bootnode redial scheduled' && l.fields?.['reason'] === 'dial failed');

    // Same key, same port: what a process restart looks like.
    const port = /\/tcp\/(\d+)\//.exec(bootnode)![1]!;
    const second = makeNode({ nodeKey: parseNodeKey(KEY_A), listenAddrs: [`/ip4/127.0.0.1/tcp/${port}`] });
    nodes.push(second.node);
    const inboxA = new Inbox(second.node, 'transactions');
    await second.node.start();
    await Promise.all([connectedTo(b.node, PEER_A), connectedTo(second.node, b.node.peerId)]);

    b.node.publish('transactions', text('after-restart'));
    await inboxA.waitFor('after-restart');
    second.node.publish('transactions', text('from-restarted'));
    await inboxB.waitFor('from-restarted');
    assert.equal(inboxA.count('after-restart'), 1);
  } finally {
    await stopAll(nodes);
  }
});

test('behavior: stop is idempotent, safe before start, and a node can start again', { timeout: 10_000 }, async () => {
  const a = makeNode({ listenAddrs: [TCP, WS] });
  try {
    await a.node.stop();
    await a.node.start();
    await a.node.start();
    assert.equal(a.node.listenAddresses().length, 2);
    await Promise.all([a.node.stop(), a.node.stop()]);
    assert.deepEqual(a.node.listenAddresses(), []);
    await a.node.start();
    assert.equal(a.node.listenAddresses().length, 2);
    const abort = new AbortController();
    const b = makeNode();
    await b.node.start(abort.signal);
    abort.abort();
    await b.node.stop();
    assert.deepEqual(b.node.listenAddresses(), []);
    assert.ok(a.log.lines.some((l) => l.message === `Local node identity is: ${a.node.peerId}`));
  } finally {
    await a.node.stop();
  }
});

test('behavior: the peer id of a service equals peerIdFromNodeKey of its key', () => {
  const { node } = makeNode({ nodeKey: parseNodeKey(KEY_A) });
  assert.equal(node.peerId, peerIdFromNodeKey(KEY_A));
});
