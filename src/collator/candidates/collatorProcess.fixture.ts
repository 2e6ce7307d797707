// A collator as a child process, for the crash tests: `node --import tsx collatorProcess.fixture.ts CONFIG_JSON`.
// Prints `{"rpcPort":N}` once running, `{"sequenced":…}` per included candidate, and with
// `crashAt` SIGKILLs itself at that fault point (right after the candidate is recorded durably,
// or right after the relay accepted it), like a power cut.
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { Logger } from '../../rpc/server/index.ts';
import { Collator } from './Collator.ts';
import { hashHex } from './payloadHash.ts';

interface Config {
  readonly relayUrl: string;
  readonly dataDir: string;
  readonly paraId: number;
  readonly suri: string;
  readonly crashAt?: 'record' | 'send';
}

const config = JSON.parse(process.argv[2]!) as Config;
await cryptoWaitReady();
const signer = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(config.suri);
const die = (): void => {
  process.kill(process.pid, 'SIGKILL');
};
const line = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>): void => {
  process.stderr.write(`${level} ${message} ${JSON.stringify(fields ?? {}, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Error ? v.message : v))}\n`);
};
const logger: Logger = { debug: () => {}, info: line('info'), warn: line('warn'), error: line('error') };
const collator = new Collator({
  paraId: config.paraId,
  relayUrl: config.relayUrl,
  signer,
  dataDir: config.dataDir,
  pollIntervalMs: 200,
  logger,
  ...(config.crashAt === 'record' ? { faults: { afterRecord: die } } : config.crashAt === 'send' ? { faults: { afterSend: die } } : {}),
});
const { rpcPort } = await collator.start();
collator.onSequenced((e) => console.log(JSON.stringify({ sequenced: e.payloadHashes.length, block: Number(e.relayBlockNumber), txHash: hashHex(e.txHash) })));
console.log(JSON.stringify({ rpcPort }));
process.once('SIGTERM', () => {
  void collator.stop().then(() => process.exit(0));
});
