import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isNetworkError, type NetworkErrorCode } from './NetworkError.ts';
import {
  Inbox,
  addressOf,
  connectedTo,
  disconnectedFrom,
  fakeClock,
  makeNode,
  stopAll,
  text,
} from './networkTestKit.fixture.ts';
import { generateNodeKey } from './nodeKey.ts';

function rejectsWith(code: NetworkErrorCode): (e: unknown) => boolean {
  return (e) => {
    assert.ok(isNetworkError(e, code), `expected NetworkError ${code}, got ${String(e)}`);
    return true;
  };
}

test('error: oversized gossip is dropped without delivery and penalises the sender; the stream survives', { timeout: 10_000 }, async () => {
  const a = makeNode({ maxMessageBytes: 64, scoring: { oversizePenalty: 7 } });
  const nodes = [a.node];
  try {
    const inboxA = new Inbox(a.node, 'transactions');
    await a.node.start();
    const b = makeNode({ maxMessageBytes: 100_000, bootnodes: [addressOf(a.node, 'tcp')] });
    nodes.push(b.node);
    await b.node.start();
    await connectedTo(b.node, a.node.peerId);

    b.node.publish('transactions', text('x'.repeat(50_000)));
    b.node.publish('transactions', text('small'));
    await inboxA.waitFor('small');
    assert.deepEqual(inboxA.messages.map((m) => m.data), ['small']);
    assert.equal(a.node.peers().find((p) => p.peerId === b.node.peerId)?.score, -7);
    assert.ok(a.log.lines.some((l) => l.message === 'oversized gossip dropped' && l.fields?.['bytes'] === 50_000));
    // Our own limit applies to what we publish.
    assert.throws(() => a.node.publish('transactions', new Uint8Array(65)), rejectsWith('TOO_LARGE'));
  } finally {
    await stopAll(nodes);
  }
});

test('error: a peer whose gossip is rejected repeatedly is disconnected and banned until the ban ends', { timeout: 10_000 }, async () => {
  const clock = fakeClock();
  const a = makeNode({ now: clock.now, scoring: { rejectPenalty: 10, banThreshold: -25, banDurationMs: 60_000 } });
  const nodes = [a.node];
  try {
    const inboxA = new Inbox(a.node, 'consensus', 'reject');
    await a.node.start();
    const b = makeNode({ bootnodes: [addressOf(a.node, 'tcp')] });
    nodes.push(b.node);
    await b.node.start();
    await connectedTo(a.node, b.node.peerId);
    const gone = disconnectedFrom(a.node, b.node.peerId);

    for (const v of ['bad-1', 'bad-2', 'bad-3']) b.node.publish('consensus', text(v));
    await gone;
    assert.equal(inboxA.messages.length, 3);
    const banned = await a.log.waitFor((l) => l.message === 'peer banned');
    assert.equal(banned.fields?.['peer'], b.node.peerId);
    assert.equal(banned.fields?.['untilMs'], clock.now() + 60_000);

    // B keeps redialling its bootnode; A refuses it while the ban lasts.
    await disconnectedFrom(b.node, a.node.peerId);
    await b.log.waitFor((l) => l.message === 'bootnode dial failed');
    assert.ok(!a.node.peers().some((p) => p.peerId === b.node.peerId));

    clock.advance(60_000);
    await connectedTo(a.node, b.node.peerId);
    assert.equal(a.node.peers().find((p) => p.peerId === b.node.peerId)?.score, 0, 'the score starts afresh');
  } finally {
    await stopAll(nodes);
  }
});

test('error: a request that gets no response in time fails with TIMEOUT', { timeout: 10_000 }, async () => {
  const a = makeNode();
  const b = makeNode();
  const nodes = [a.node, b.node];
  let release: () => void = () => undefined;
  const stuck = new Promise<void>((resolve) => (release = resolve));
  try {
    a.node.handle('slow', async () => {
      await stuck;
      return new Uint8Array(0);
    });
    await a.node.start();
    await b.node.start();
    await b.node.dial(addressOf(a.node, 'tcp'));
    await assert.rejects(b.node.request(a.node.peerId, 'slow', text('?'), { timeoutMs: 100 }), (e) => {
      assert.ok(isNetworkError(e, 'TIMEOUT'));
      assert.deepEqual(e.data, { code: 'TIMEOUT', peerId: a.node.peerId, protocol: '/spindle/test/req/slow/1', timeoutMs: 100 });
      return true;
    });
  } finally {
    release();
    await stopAll(nodes);
  }
});

test('error: requests to unknown peers, before start, or of unserved protocols are refused with typed errors', { timeout: 10_000 }, async () => {
  const a = makeNode();
  const b = makeNode();
  const nodes = [a.node, b.node];
  try {
    await assert.rejects(b.node.request(a.node.peerId, 'blocks', text('?')), rejectsWith('NOT_STARTED'));
    assert.throws(() => b.node.publish('transactions', text('x')), rejectsWith('NOT_STARTED'));
    a.node.handle('boom', async () => {
      throw new Error('handler failed');
    });
    await a.node.start();
    await b.node.start();
    await assert.rejects(b.node.request(generateNodeKey().peerId, 'blocks', text('?')), rejectsWith('UNKNOWN_PEER'));
    await assert.rejects(b.node.request('not-a-peer-id', 'blocks', text('?')), rejectsWith('UNKNOWN_PEER'));
    await b.node.dial(addressOf(a.node, 'tcp'));
    await assert.rejects(b.node.request(a.node.peerId, 'nothing-here', text('?')), (e) => {
      assert.ok(isNetworkError(e, 'PROTOCOL'));
      assert.match(e.message, /not supported/);
      return true;
    });
    await assert.rejects(b.node.request(a.node.peerId, 'boom', text('?')), rejectsWith('PROTOCOL'));
    await assert.rejects(b.node.request(a.node.peerId, 'bad/name', text('?')), rejectsWith('INVALID_ARGUMENT'));
  } finally {
    await stopAll(nodes);
  }
});

test('error: request and response sizes are capped on both sides', { timeout: 10_000 }, async () => {
  const a = makeNode({ maxMessageBytes: 10_000 });
  const b = makeNode({ maxMessageBytes: 100, scoring: { oversizePenalty: 3 } });
  const nodes = [a.node, b.node];
  try {
    a.node.handle('big', async () => new Uint8Array(5_000));
    b.node.handle('echo', async (r) => r);
    await a.node.start();
    await b.node.start();
    await b.node.dial(addressOf(a.node, 'tcp'));
    await connectedTo(a.node, b.node.peerId);

    await assert.rejects(b.node.request(a.node.peerId, 'big', new Uint8Array(101)), (e) => {
      assert.ok(isNetworkError(e, 'TOO_LARGE'));
      assert.deepEqual(e.data, { code: 'TOO_LARGE', size: 101, limit: 100 });
      return true;
    });
    await assert.rejects(b.node.request(a.node.peerId, 'big', text('?')), (e) => {
      assert.ok(isNetworkError(e, 'TOO_LARGE'));
      assert.deepEqual(e.data, { code: 'TOO_LARGE', size: 5_000, limit: 100 });
      return true;
    });
    assert.equal(b.node.peers().find((p) => p.peerId === a.node.peerId)?.score, -3, 'an oversized response is penalised');
    // B's handler never sees a request over B's limit; A gets a stream reset.
    await assert.rejects(a.node.request(b.node.peerId, 'echo', new Uint8Array(500)), rejectsWith('PROTOCOL'));
  } finally {
    await stopAll(nodes);
  }
});

test('error: nodes with different protocol prefixes disconnect and never exchange messages', { timeout: 10_000 }, async () => {
  const x = makeNode({ protocolPrefix: '/spindle/aaaa' });
  const nodes = [x.node];
  try {
    const inboxX = new Inbox(x.node, 'transactions');
    await x.node.start();
    const y = makeNode({ protocolPrefix: '/spindle/bbbb', bootnodes: [addressOf(x.node, 'tcp')] });
    const z = makeNode({ protocolPrefix: '/spindle/aaaa', bootnodes: [addressOf(x.node, 'tcp')] });
    nodes.push(y.node, z.node);
    const inboxY = new Inbox(y.node, 'transactions');
    const inboxZ = new Inbox(z.node, 'transactions');
    const mismatch = (l: { message: string }): boolean => l.message.startsWith('peer does not speak our protocol');
    await Promise.all([y.node.start(), z.node.start()]);
    await Promise.all([y.log.waitFor(mismatch), connectedTo(x.node, z.node.peerId), connectedTo(z.node, x.node.peerId)]);
    await assert.rejects(y.node.dial(addressOf(x.node, 'tcp')), rejectsWith('DIAL_FAILED'));

    y.node.publish('transactions', text('from-y'));
    x.node.publish('transactions', text('from-x'));
    z.node.publish('transactions', text('from-z'));
    await Promise.all([inboxZ.waitFor('from-x'), inboxX.waitFor('from-z')]);
    assert.deepEqual(y.node.peers(), []);
    assert.ok(!x.node.peers().some((p) => p.peerId === y.node.peerId));
    assert.equal(inboxY.messages.length, 0);
    assert.deepEqual(inboxX.messages.map((m) => m.data), ['from-z']);
  } finally {
    await stopAll(nodes);
  }
});

test('error: dialing an address where nobody listens fails with DIAL_FAILED', { timeout: 10_000 }, async () => {
  const a = makeNode();
  const b = makeNode();
  try {
    await a.node.start();
    const addr = addressOf(a.node, 'tcp');
    await a.node.stop();
    await b.node.start();
    await assert.rejects(b.node.dial(addr), rejectsWith('DIAL_FAILED'));
  } finally {
    await stopAll([a.node, b.node]);
  }
});

test('args: malformed addresses, keys and options are refused at construction with INVALID_ARGUMENT', () => {
  const peer = generateNodeKey().peerId;
  const cases: { name: string; overrides: Parameters<typeof makeNode>[0] }[] = [
    { name: 'bootnode without /p2p', overrides: { bootnodes: ['/ip4/127.0.0.1/tcp/30333'] } },
    { name: 'bootnode not a multiaddr', overrides: { bootnodes: ['127.0.0.1:30333'] } },
    { name: 'bootnode with a bad peer id', overrides: { bootnodes: ['/ip4/127.0.0.1/tcp/1/p2p/QmNotAPeer'] } },
    { name: 'listen address not a multiaddr', overrides: { listenAddrs: ['tcp://0.0.0.0:30333'] } },
    { name: 'protocol prefix without slash', overrides: { protocolPrefix: 'spindle' } },
    { name: 'protocol prefix with trailing slash', overrides: { protocolPrefix: '/spindle/' } },
    { name: 'zero message limit', overrides: { maxMessageBytes: 0 } },
    { name: 'short node key', overrides: { nodeKey: new Uint8Array(31) } },
  ];
  for (const c of cases) {
    assert.throws(() => makeNode(c.overrides), rejectsWith('INVALID_ARGUMENT'), c.name);
  }
  assert.doesNotThrow(() => makeNode({ bootnodes: [`/ip4/127.0.0.1/tcp/30333/ws/p2p/${peer}`] }));
});
