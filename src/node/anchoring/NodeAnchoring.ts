import { bytesToHex, createPublicClient, http, type Address } from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { AnchorSubmitter } from '../../anchor/AnchorSubmitter.ts';
import { ANCHOR_DOMAIN_TAG } from '../../anchor/commitmentDigest.ts';
import { compareAddresses } from '../../anchor/validatorSetHash.ts';
import type { AnchorMetrics } from '../../metrics/anchorMetrics.ts';
import type { AnchorReader, AnchorSignaturesView } from '../../rpc/AnchorReader.ts';
import type { KeyValueStore } from '../../store/index.ts';
import type { Logger } from '../Logger.ts';
import type { AnchorChainView } from './AnchorChainView.ts';
import type { AnchoringOptions } from './AnchoringOptions.ts';
import { AnchorService, type AnchorNetwork } from './AnchorService.ts';
import type { AnchorDomain } from './AnchorSignaturePool.ts';
import { startDevL1, type DevL1 } from './devL1.ts';

export interface NodeAnchoringDeps {
  readonly view: AnchorChainView;
  readonly kv: KeyValueStore;
  readonly network: AnchorNetwork | undefined;
  readonly logger: Logger;
  readonly metrics: AnchorMetrics;
  /** Where the dev L1 keeps its log. */
  readonly dataDir: string;
}

export class NodeAnchoringError extends Error {
  override readonly name = 'NodeAnchoringError';
  constructor(
    readonly code: 'L1_CHAIN_ID_UNKNOWN',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Anchoring inside a node: resolves the L1 (a dev anvil, an endpoint, or sign-only), runs the
 * relay-side {@link AnchorService} and, when this node submits, the L1 submitter; serves the
 * `spindle_anchor*` RPC methods through {@link reader}.
 */
export class NodeAnchoring {
  #devL1: DevL1 | undefined;
  #submitter: AnchorSubmitter | undefined;
  #anchoredHeight: bigint | undefined;
  #stopping: Promise<void> | undefined;

  private constructor(
    readonly service: AnchorService,
    private readonly domain: AnchorDomain | undefined,
    private readonly signer: PrivateKeyAccount | undefined,
  ) {}

  /** The dev L1's endpoint and contract (with `--dev-l1`). */
  get devL1(): { rpcUrl: string; contract: Address; chainId: bigint } | undefined {
    const d = this.#devL1;
    return d === undefined ? undefined : { rpcUrl: d.rpcUrl, contract: d.contract, chainId: d.chainId };
  }

  static async start(deps: NodeAnchoringDeps, opts: AnchoringOptions | undefined): Promise<NodeAnchoring> {
    const { view, logger, metrics } = deps;
    const genesisHash = bytesToHex(view.genesisHash());
    const signer = opts?.secret === undefined ? undefined : privateKeyToAccount(bytesToHex(opts.secret));
    const l1 = opts?.l1;
    let devL1: DevL1 | undefined;
    let domain: AnchorDomain | undefined;
    let rpcUrl: string | undefined;
    if (l1?.kind === 'dev') {
      devL1 = await startDevL1(deps.dataDir, view.genesisHash(), view.validatorsAt(0n));
      domain = { chainId: devL1.chainId, contract: devL1.contract, genesisHash };
      rpcUrl = devL1.rpcUrl;
      logger.info(`⛓  Dev L1 (anvil) at ${devL1.rpcUrl}, chain id ${devL1.chainId}; SpindleAnchor deployed at ${devL1.contract}`);
    } else if (l1?.kind === 'rpc') {
      const chainId = l1.chainId ?? (await readChainId(l1.url));
      domain = { chainId, contract: l1.contract, genesisHash };
      rpcUrl = l1.url;
    } else if (l1?.kind === 'sign') {
      domain = { chainId: l1.chainId, contract: l1.contract, genesisHash };
    }
    const service = new AnchorService({
      view,
      kv: deps.kv,
      logger,
      ...(domain === undefined ? {} : { domain }),
      ...(signer === undefined || domain === undefined ? {} : { signer }),
      ...(deps.network === undefined ? {} : { network: deps.network }),
      metrics: {
        commitment: (c) => {
          metrics.commitments.inc();
          metrics.committedHeight.set(c.toBlock);
        },
        signature: () => metrics.signatures.inc(),
      },
    });
    const anchoring = new NodeAnchoring(service, domain, signer);
    anchoring.#devL1 = devL1;
    try {
      await service.start();
      if (domain !== undefined) {
        logger.info(`⚓ Anchoring to ${domain.contract} on chain ${domain.chainId}${signer === undefined ? '' : ` with anchor key ${signer.address}`}${rpcUrl === undefined ? ' (signing only)' : ''}`);
      }
      if (rpcUrl !== undefined && signer !== undefined && domain !== undefined && opts !== undefined) {
        anchoring.#submitter = await anchoring.#startSubmitter(rpcUrl, domain, opts.secret!, opts, deps);
      }
    } catch (e) {
      await anchoring.stop();
      throw e;
    }
    return anchoring;
  }

  async #startSubmitter(rpcUrl: string, domain: AnchorDomain, secret: Uint8Array, opts: AnchoringOptions, deps: NodeAnchoringDeps): Promise<AnchorSubmitter> {
    const { service } = this;
    const { metrics, view } = deps;
    const submitter = new AnchorSubmitter({
      l1: { rpcUrl, privateKey: bytesToHex(secret) },
      anchor: domain.contract,
      confirmations: opts.confirmations,
      maxBatch: opts.maxBatch,
      ...(opts.maxGasPriceWei === undefined ? {} : { maxGasPriceWei: opts.maxGasPriceWei }),
      pollIntervalMs: opts.pollIntervalMs ?? 1000,
      source: {
        readyFrom: (fromBlock, max) => Promise.resolve(service.readyFrom(fromBlock, max)),
        validatorSet: (setId) => Promise.resolve(service.validatorSet(setId)),
        finalizedHead: () => {
          const number = view.finalizedNumber();
          const facts = view.block(number);
          return Promise.resolve({ number, ...(facts === undefined ? {} : { timestampMs: facts.timestampMs }) });
        },
        blockTimestampMs: (number) => Promise.resolve(view.block(number)?.timestampMs),
      },
      logger: deps.logger,
      metrics: {
        anchoredHeight: (h) => {
          this.#anchoredHeight = h;
          metrics.anchoredHeight.set(h);
        },
        lagBlocks: (b) => metrics.lagBlocks.set(b),
        lagSeconds: (s) => metrics.lagSeconds.set(s),
        gasSpent: (gas, fee) => {
          metrics.gasUsed.inc(gas);
          metrics.feeWei.inc(fee);
        },
        submission: (kind) => metrics.submissions.inc({ kind }),
        failure: (reason) => metrics.failures.inc({ reason }),
        skipped: (reason) => metrics.skipped.inc({ reason }),
      },
    });
    await submitter.start();
    deps.logger.info(`⚓ Submitting anchor commitments to ${rpcUrl} from ${submitter.sender} (${opts.confirmations} confirmations)`);
    return submitter;
  }

  reader(): AnchorReader {
    const { service, domain } = this;
    const periods = service.periods;
    const signatures = (number: bigint): AnchorSignaturesView | undefined => {
      const commitment = periods.commitmentFor(number);
      if (commitment === undefined) return undefined;
      const pool = service.pool;
      const weight = pool?.weight(commitment.fromBlock);
      const set = periods.validatorSet(commitment.setId);
      return {
        commitment,
        digest: pool?.digest(commitment),
        signatures: [...(pool?.signatures(commitment.fromBlock) ?? new Map())].sort(([a], [b]) => compareAddresses(a, b)).map(([signer, s]) => ({ signer, ...s })),
        signedWeight: weight?.signed ?? 0n,
        totalWeight: weight?.total ?? set?.validators.reduce((t, v) => t + v.weight, 0n) ?? 0n,
      };
    };
    return {
      domain: () => (domain === undefined ? undefined : { domainTag: ANCHOR_DOMAIN_TAG, chainId: domain.chainId, contract: domain.contract, genesisHash: domain.genesisHash }),
      commitmentFor: (number) => periods.commitmentFor(number),
      signatures,
      proof: (number) => {
        const p = periods.proofFor(number);
        if (p === undefined) return undefined;
        return {
          commitment: p.commitment,
          number: p.number,
          headerHash: bytesToHex(p.headerHash),
          paraRoot: bytesToHex(p.paraRoot),
          leafIndex: p.proof.leafIndex,
          leafCount: p.proof.leafCount,
          proof: p.proof.siblings.map((s) => bytesToHex(s)),
        };
      },
      status: () => ({ lastCommittedBlock: periods.lastCommittedBlock, anchoredBlock: this.#anchoredHeight, signer: this.signer?.address }),
    };
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await this.#submitter?.stop();
      await this.service.stop();
      await this.#devL1?.anvil.stop();
    })();
    return this.#stopping;
  }
}

async function readChainId(url: string): Promise<bigint> {
  try {
    return BigInt(await createPublicClient({ transport: http(url, { timeout: 10_000, retryCount: 2 }) }).getChainId());
  } catch (e) {
    throw new NodeAnchoringError('L1_CHAIN_ID_UNKNOWN', `could not read the chain id from ${url} (${(e as Error).message.split('\n')[0]}); pass --l1-chain-id to start while L1 is unreachable`);
  }
}

