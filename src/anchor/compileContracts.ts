import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Compiles `src/anchor/contracts/*.sol` with the pinned solc-js (standard JSON, optimizer on,
 * evmVersion cancun) into one deterministic `<Contract>.json` per contract.
 *
 *   node --import tsx src/anchor/compileContracts.ts [outDir]     (default: src/anchor/artifacts)
 */
export const CONTRACTS_DIR = fileURLToPath(new URL('./contracts/', import.meta.url));
export const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts/', import.meta.url));
export const EVM_VERSION = 'cancun';
export const OPTIMIZER_RUNS = 200;

export interface ContractArtifact {
  readonly contractName: string;
  readonly compiler: string;
  readonly evmVersion: string;
  readonly optimizerRuns: number;
  readonly abi: readonly unknown[];
  readonly bytecode: `0x${string}`;
  readonly deployedBytecode: `0x${string}`;
}

export type CompileErrorCode = 'SOLC_ERROR';

export class CompileError extends Error {
  readonly code: CompileErrorCode = 'SOLC_ERROR';
  constructor(readonly messages: readonly string[]) {
    super(`solc failed:\n${messages.join('\n')}`);
    this.name = 'CompileError';
  }
}

interface SolcModule {
  version(): string;
  compile(input: string): string;
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>;
}

export function compileContracts(contractsDir: string = CONTRACTS_DIR): ContractArtifact[] {
  const solc = createRequire(import.meta.url)('solc') as SolcModule;
  const sources: Record<string, { content: string }> = {};
  for (const file of readdirSync(contractsDir).filter((f) => f.endsWith('.sol')).sort()) {
    sources[file] = { content: readFileSync(join(contractsDir, file), 'utf8') };
  }
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: OPTIMIZER_RUNS },
      evmVersion: EVM_VERSION,
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new CompileError(errors.map((e) => e.formattedMessage));
  const artifacts: ContractArtifact[] = [];
  for (const file of Object.keys(output.contracts ?? {}).sort()) {
    const contracts = output.contracts![file]!;
    for (const name of Object.keys(contracts).sort()) {
      const c = contracts[name]!;
      artifacts.push({
        contractName: name,
        compiler: solc.version(),
        evmVersion: EVM_VERSION,
        optimizerRuns: OPTIMIZER_RUNS,
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
      });
    }
  }
  return artifacts;
}

/** The exact bytes written for an artifact (2-space JSON, trailing newline). */
export function serializeArtifact(artifact: ContractArtifact): string {
  return `${JSON.stringify(artifact, null, 2)}\n`;
}

/** Compiles and writes `<outDir>/<Contract>.json`; returns the written paths. */
export function writeArtifacts(outDir: string = ARTIFACTS_DIR, contractsDir: string = CONTRACTS_DIR): string[] {
  mkdirSync(outDir, { recursive: true });
  return compileContracts(contractsDir).map((a) => {
    const path = join(outDir, `${a.contractName}.json`);
    writeFileSync(path, serializeArtifact(a));
    return path;
  });
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  const outDir = process.argv[2] ?? ARTIFACTS_DIR;
  for (const path of writeArtifacts(outDir)) process.stdout.write(`wrote ${path}\n`);
}

