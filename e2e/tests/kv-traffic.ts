import { generateKvKeyPair, signKvTransaction } from '../../src/collator/execution/reference/index.ts';

/** What this script reads of the DSL runner's `networkInfo`. */
interface NetworkInfo {
  readonly nodesByName: Readonly<Record<string, { readonly httpUrl: string; readonly kind?: string; readonly paraId?: number }>>;
}

async function call<T>(url: string, method: string, params: readonly unknown[] = []): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }), signal: AbortSignal.timeout(5_000) });
  const body = (await res.json()) as { result?: T; error?: { code: number; message: string; data?: unknown } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.code} ${body.error.message}${body.error.data === undefined ? '' : ` (${JSON.stringify(body.error.data)})`}`);
  return body.result as T;
}

/** Bound on waiting for one transaction to be executed (the DSL line's `within` usually ends the run first). */
const WAIT_MS = 120_000;

/**
 * js-script for a reference app chain (`app_chain = "reference"`), run on its collator:
 *
 *   collator-100: js-script ./kv-traffic.ts with "3" return is at least 3 within 120 seconds
 *
 * Signs `N` (default 1) reference-chain transactions with a fresh ed25519 key and sends them to the
 * collator's `author_submitExtrinsic` one at a time, each once the previous one is in an app block
 * (`collator_status.appBlockNumber` rose), so each lands in its own relay block and makes its own
 * app block. Returns the app chain's height at the end. The reference chain makes blocks only when
 * it executes transactions, so `parachain ID block height` needs traffic like this.
 */
export async function run(nodeName: string, networkInfo: NetworkInfo, args: readonly string[]): Promise<number> {
  const node = networkInfo.nodesByName[nodeName];
  if (node?.paraId === undefined) throw new Error(`${nodeName} is not a collator`);
  const count = Number(args[0] ?? 1);
  if (!Number.isInteger(count) || count < 1) throw new Error(`expected a number of transactions, got "${args[0]}"`);
  const height = async (): Promise<number> => (await call<{ appBlockNumber?: number | null }>(node.httpUrl, 'collator_status')).appBlockNumber ?? 0;
  const user = generateKvKeyPair();
  let reached = await height();
  for (let nonce = 0; nonce < count; nonce++) {
    const payload = signKvTransaction(user.privateKey, {
      paraId: node.paraId,
      nonce: BigInt(nonce),
      operations: [{ type: 'set', key: Buffer.from(`zndsl-${nonce}`), value: Buffer.from(`sent by ${nodeName}`) }],
      signer: user.publicKey,
    });
    await call<string>(node.httpUrl, 'author_submitExtrinsic', [`0x${Buffer.from(payload).toString('hex')}`]);
    const before = reached;
    const deadline = Date.now() + WAIT_MS;
    while ((reached = await height()) <= before) {
      if (Date.now() > deadline) throw new Error(`transaction ${nonce} was not executed within ${WAIT_MS / 1000}s (app height ${reached})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return reached;
}
