// Run as a child process by SmoldotConnector.test.ts: connects, leaves a request unanswered,
// closes, fails a second connect, and then lets the process end by itself. It prints the
// resources still active after close; the test checks that the process exits on its own.
import { appChainRawSpec } from './appChainSpec.fixture.ts';
import { ConnectorError } from './ConnectorError.ts';
import { SmoldotConnector } from './SmoldotConnector.ts';

const connector = new SmoldotConnector({ chainSpec: await appChainRawSpec(), requestTimeoutMs: 60_000 });
await connector.connect();
const info = await connector.chainInfo();
// A block query waits for peers that never come: it must be rejected by close(), not keep a timer.
const hanging = connector.request('chain_getHeader', []).then(
  () => 'answered',
  (e: unknown) => (e instanceof ConnectorError ? e.code : 'other'),
);
await connector.close();
const refused = new SmoldotConnector({ chainSpec: '{"name":"x"}' });
const badSpec = await refused.connect().then(
  () => 'connected',
  (e: unknown) => (e instanceof ConnectorError ? e.code : 'other'),
);
await refused.close();
console.log(JSON.stringify({ genesisHash: info.genesisHash, hanging: await hanging, badSpec, active: process.getActiveResourcesInfo() }));
