/**
 * Helpers for the anchor tests (never imported by production code): accounts, an anchor
 * deployed on a real anvil, signed commitments, an in-memory {@link SignedCommitmentSource}
 * and recording logger / metrics that tests wait on.
 */
import assert from 'node:assert/strict';
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  http,
  keccak256,
  parseEther,
  stringToHex,
  toHex,
  type Account,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { loadAnchorArtifact } from './anchorArtifact.ts';
import type { AnchorLogger } from './AnchorLogger.ts';
import type { AnchorFailureReason, AnchorSkipReason, AnchorSubmitterMetrics, AnchorTxKind } from './AnchorSubmitterMetrics.ts';
import { commitmentDigest, type AnchorCommitment } from './commitmentDigest.ts';
import { deployAnchor } from './deployAnchor.ts';
import { signCommitment, type AnchorSignature } from './signCommitment.ts';
import type { RelayHead, SignedAnchorCommitment, SignedCommitmentSource } from './SignedCommitmentSource.ts';
import { sortValidators, validatorSetHash, type AnchorValidatorSet } from './validatorSetHash.ts';

export const ANVIL_KEY_0: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
export const ZERO32: Hex = `0x${'00'.repeat(32)}`;
export const GENESIS: Hex = keccak256(stringToHex('spindle-test-genesis'));
export const anchorAbi = loadAnchorArtifact().abi;

export function hashOf(label: string): Hex {
  return keccak256(stringToHex(label));
}

export function keys(label: string, count: number): PrivateKeyAccount[] {
  return Array.from({ length: count }, (_, i) => privateKeyToAccount(hashOf(`${label}-${i}`)));
}

export interface TestClients {
  readonly publicClient: PublicClient;
  /** Anvil's first dev account: deploys and pokes, never the submitter. */
  readonly wallet: WalletClient<Transport, Chain, Account>;
}

export function testClients(rpcUrl: string): TestClients {
  const transport = http(rpcUrl, { retryCount: 0 });
  return {
    publicClient: createPublicClient({ chain: foundry, transport, pollingInterval: 20, cacheTime: 0 }),
    wallet: createWalletClient({ chain: foundry, transport, account: privateKeyToAccount(ANVIL_KEY_0), pollingInterval: 20, cacheTime: 0 }),
  };
}

/** One JSON-RPC call straight to anvil (anvil_* / evm_* methods). */
export async function anvilRpc(rpcUrl: string, method: string, params: readonly unknown[] = []): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** A fresh account with 100 ETH (anvil_setBalance): the submitter's sender, so no test shares a nonce. */
export async function fundedKey(rpcUrl: string, label: string): Promise<{ privateKey: Hex; account: PrivateKeyAccount }> {
  const privateKey = hashOf(`sender-${label}`);
  const account = privateKeyToAccount(privateKey);
  await anvilRpc(rpcUrl, 'anvil_setBalance', [account.address, toHex(parseEther('100'))]);
  return { privateKey, account };
}

export async function deployTestAnchor(
  clients: TestClients,
  validators: readonly PrivateKeyAccount[],
  options: { firstBlock?: bigint; weights?: readonly bigint[] } = {},
): Promise<Address> {
  return deployAnchor(clients.wallet, clients.publicClient, {
    genesisHash: GENESIS,
    firstBlock: options.firstBlock ?? 1n,
    validators: validators.map((v, i) => ({ address: v.address, weight: options.weights?.[i] ?? 1n })),
  });
}

export function commitment(fromBlock: bigint, toBlock: bigint, overrides: Partial<AnchorCommitment> = {}): AnchorCommitment {
  return { fromBlock, toBlock, blocksRoot: hashOf(`root-${fromBlock}-${toBlock}`), setId: 0n, nextSetHash: ZERO32, ...overrides };
}

export async function signFor(anchor: Address, c: AnchorCommitment, signers: readonly PrivateKeyAccount[]): Promise<AnchorSignature[]> {
  const digest = commitmentDigest({ chainId: BigInt(foundry.id), anchor, genesisHash: GENESIS, commitment: c });
  return signCommitment(digest, signers);
}

export function equalWeightSet(setId: bigint, validators: readonly PrivateKeyAccount[]): AnchorValidatorSet {
  return { setId, validators: sortValidators(validators.map((v) => ({ addr: v.address, weight: 1n }))) };
}

/** Asserts the promise rejects with the anchor's custom error `errorName` (and `args` when given). */
export async function expectRevert(call: Promise<unknown>, errorName: string, args?: readonly unknown[]): Promise<void> {
  await assert.rejects(call, (error: unknown) => {
    assert.ok(error instanceof BaseError, `not a viem error: ${String(error)}`);
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    assert.ok(reverted instanceof ContractFunctionRevertedError, `no revert in: ${error.shortMessage}`);
    assert.equal(reverted.data?.errorName, errorName);
    if (args !== undefined) assert.deepEqual(reverted.data?.args, args);
    return true;
  });
}

export interface AnchoredLog {
  readonly fromBlock: bigint;
  readonly toBlock: bigint;
  readonly setId: bigint;
  readonly blocksRoot: Hex;
  readonly txHash: Hash;
  readonly l1Block: bigint;
}

/** Every `Anchored` event of the anchor on the canonical chain, in order. */
export async function anchoredLogs(publicClient: PublicClient, anchor: Address): Promise<AnchoredLog[]> {
  const logs = await publicClient.getContractEvents({ address: anchor, abi: anchorAbi, eventName: 'Anchored', fromBlock: 0n, toBlock: 'latest' });
  return logs.map((log) => {
    const args = (log as unknown as { args: { fromBlock: bigint; toBlock: bigint; setId: bigint; blocksRoot: Hex } }).args;
    return { fromBlock: args.fromBlock, toBlock: args.toBlock, setId: args.setId, blocksRoot: args.blocksRoot, txHash: log.transactionHash!, l1Block: log.blockNumber! };
  });
}

/** Asserts the anchored ranges are exactly `expected` (each once, in order, nothing missing). */
export function assertRanges(actual: readonly AnchoredLog[], expected: readonly AnchorCommitment[]): void {
  assert.deepEqual(
    actual.map((a) => ({ fromBlock: a.fromBlock, toBlock: a.toBlock, setId: a.setId, blocksRoot: a.blocksRoot })),
    expected.map((c) => ({ fromBlock: c.fromBlock, toBlock: c.toBlock, setId: c.setId, blocksRoot: c.blocksRoot })),
  );
  for (let i = 1; i < actual.length; i++) assert.equal(actual[i]!.fromBlock, actual[i - 1]!.toBlock + 1n, `gap or overlap at ${i}`);
}

/** Resolves when an item satisfying `predicate` has been pushed (earlier items count). */
export class EventRecord<T> {
  readonly items: T[] = [];
  readonly #waiters: { predicate: (item: T) => boolean; resolve: (item: T) => void }[] = [];

  push(item: T): void {
    this.items.push(item);
    for (const w of [...this.#waiters]) {
      if (w.predicate(item)) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        w.resolve(item);
      }
    }
  }

  /** `timeoutMs` is a safety net against a hung test, not a speed assumption. */
  waitFor(predicate: (item: T) => boolean, what: string, timeoutMs = 45_000): Promise<T> {
    const found = this.items.find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.findIndex((w) => w.resolve === done), 1);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const done = (item: T): void => {
        clearTimeout(timer);
        resolve(item);
      };
      this.#waiters.push({ predicate, resolve: done });
    });
  }

  /** Forgets the items so far (later waits only see new ones). */
  clear(): void {
    this.items.length = 0;
  }
}

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

export class RecordingLogger implements AnchorLogger {
  readonly entries = new EventRecord<LogEntry>();
  constructor(private readonly echo = process.env.SPINDLE_TEST_LOG === '1') {}
  debug(message: string, fields: Record<string, unknown> = {}): void {
    this.#add('debug', message, fields);
  }
  info(message: string, fields: Record<string, unknown> = {}): void {
    this.#add('info', message, fields);
  }
  warn(message: string, fields: Record<string, unknown> = {}): void {
    this.#add('warn', message, fields);
  }
  error(message: string, fields: Record<string, unknown> = {}): void {
    this.#add('error', message, fields);
  }
  waitFor(pattern: RegExp, level?: LogEntry['level']): Promise<LogEntry> {
    return this.entries.waitFor((e) => pattern.test(e.message) && (level === undefined || e.level === level), `log ${pattern}`);
  }
  #add(level: LogEntry['level'], message: string, fields: Record<string, unknown>): void {
    if (this.echo) console.log(level, message, JSON.stringify(fields, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
    this.entries.push({ level, message, fields });
  }
}

export type MetricEvent =
  | { readonly name: 'anchoredHeight'; readonly value: bigint }
  | { readonly name: 'lagBlocks'; readonly value: bigint }
  | { readonly name: 'lagSeconds'; readonly value: number }
  | { readonly name: 'gasSpent'; readonly gas: bigint; readonly feeWei: bigint }
  | { readonly name: 'submission'; readonly kind: AnchorTxKind }
  | { readonly name: 'failure'; readonly reason: AnchorFailureReason }
  | { readonly name: 'skipped'; readonly reason: AnchorSkipReason };

export class RecordingMetrics implements AnchorSubmitterMetrics {
  readonly events = new EventRecord<MetricEvent>();
  anchoredHeight(value: bigint): void {
    this.events.push({ name: 'anchoredHeight', value });
  }
  lagBlocks(value: bigint): void {
    this.events.push({ name: 'lagBlocks', value });
  }
  lagSeconds(value: number): void {
    this.events.push({ name: 'lagSeconds', value });
  }
  gasSpent(gas: bigint, feeWei: bigint): void {
    this.events.push({ name: 'gasSpent', gas, feeWei });
  }
  submission(kind: AnchorTxKind): void {
    this.events.push({ name: 'submission', kind });
  }
  failure(reason: AnchorFailureReason): void {
    this.events.push({ name: 'failure', reason });
  }
  skipped(reason: AnchorSkipReason): void {
    this.events.push({ name: 'skipped', reason });
  }
  submissions(): AnchorTxKind[] {
    return this.events.items.flatMap((e) => (e.name === 'submission' ? [e.kind] : []));
  }
  failures(): AnchorFailureReason[] {
    return this.events.items.flatMap((e) => (e.name === 'failure' ? [e.reason] : []));
  }
  waitForHeight(height: bigint): Promise<MetricEvent> {
    return this.events.waitFor((e) => e.name === 'anchoredHeight' && e.value >= height, `anchored height ${height}`);
  }
  waitForSubmissions(count: number): Promise<MetricEvent> {
    return this.events.waitFor(() => this.submissions().length >= count, `${count} submissions`);
  }
  waitForFailure(reason: AnchorFailureReason, count = 1): Promise<MetricEvent> {
    return this.events.waitFor(() => this.failures().filter((r) => r === reason).length >= count, `${count} × ${reason}`);
  }
}

/**
 * An in-memory relay side: periods of relay blocks signed for real by the current validator
 * set (`privateKeyToAccount` keys and `signCommitment`), a handover to a new set, relay
 * timestamps of 1 s per block.
 */
export class MemoryCommitmentSource implements SignedCommitmentSource {
  readonly signed: SignedAnchorCommitment[] = [];
  readonly #sets = new Map<bigint, AnchorValidatorSet>();
  #signers: readonly PrivateKeyAccount[];
  #setId: bigint;
  #nextBlock: bigint;
  #headExtra = 0n;

  constructor(
    private readonly anchor: Address,
    signers: readonly PrivateKeyAccount[],
    options: { firstBlock?: bigint; setId?: bigint } = {},
  ) {
    this.#signers = signers;
    this.#setId = options.setId ?? 0n;
    this.#nextBlock = options.firstBlock ?? 1n;
    this.#sets.set(this.#setId, equalWeightSet(this.#setId, signers));
  }

  get commitments(): AnchorCommitment[] {
    return this.signed.map((s) => s.commitment);
  }

  /** Appends a period of `length` blocks signed by all current signers (or `signers`). */
  async addPeriod(length = 4n, options: { signers?: readonly PrivateKeyAccount[]; handoverTo?: readonly PrivateKeyAccount[] } = {}): Promise<AnchorCommitment> {
    const from = this.#nextBlock;
    let nextSet: AnchorValidatorSet | undefined;
    if (options.handoverTo !== undefined) nextSet = equalWeightSet(this.#setId + 1n, options.handoverTo);
    const c = commitment(from, from + length - 1n, {
      setId: this.#setId,
      ...(nextSet === undefined ? {} : { nextSetHash: validatorSetHash(nextSet) }),
    });
    this.signed.push({ commitment: c, signatures: await signFor(this.anchor, c, options.signers ?? this.#signers) });
    this.#nextBlock = c.toBlock + 1n;
    if (nextSet !== undefined) {
      this.#sets.set(nextSet.setId, nextSet);
      this.#setId = nextSet.setId;
      this.#signers = options.handoverTo!;
    }
    return c;
  }

  async addPeriods(count: number, length = 4n): Promise<AnchorCommitment[]> {
    const out: AnchorCommitment[] = [];
    for (let i = 0; i < count; i++) out.push(await this.addPeriod(length));
    return out;
  }

  /** Finalized relay blocks beyond the last signed period (not yet signed). */
  setUnsignedTail(blocks: bigint): void {
    this.#headExtra = blocks;
  }

  async readyFrom(fromBlock: bigint, max: number): Promise<readonly SignedAnchorCommitment[]> {
    const start = this.signed.findIndex((s) => s.commitment.fromBlock === fromBlock);
    return start < 0 ? [] : this.signed.slice(start, start + max);
  }

  async validatorSet(setId: bigint): Promise<AnchorValidatorSet | undefined> {
    return this.#sets.get(setId);
  }

  async finalizedHead(): Promise<RelayHead | undefined> {
    const number = this.#nextBlock - 1n + this.#headExtra;
    return { number, timestampMs: number * 1000n };
  }

  async blockTimestampMs(number: bigint): Promise<bigint | undefined> {
    return number * 1000n;
  }
}

/** Mines one block every `everyMs` through `anvil_mine` until the returned function is called. */
export function startMiner(rpcUrl: string, everyMs = 25): () => Promise<void> {
  let busy: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    busy = anvilRpc(rpcUrl, 'anvil_mine', ['0x1']).catch(() => undefined);
  }, everyMs);
  return async () => {
    clearInterval(timer);
    await busy;
  };
}
