import { readFileSync } from 'node:fs';
import type { Abi, Hex } from 'viem';

export interface AnchorArtifact {
  readonly abi: Abi;
  readonly bytecode: Hex;
}

/** Reads the committed `artifacts/SpindleAnchor.json` (regenerate with compileContracts.ts). */
export function loadAnchorArtifact(path: URL | string = new URL('./artifacts/SpindleAnchor.json', import.meta.url)): AnchorArtifact {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { abi: Abi; bytecode: Hex };
  return { abi: json.abi, bytecode: json.bytecode };
}
