import { cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { encodeKvBlockHeader, kvGenesisHeader } from '../collator/execution/reference/KvBlock.ts';
import type { ChainSpec } from '../node/chainSpec.ts';
import { initHashing } from '../primitives/hashing.ts';
import { CliError } from './CliError.ts';

/**
 * `spindle export-genesis-head|export-genesis-state --chain X --para-id N [--raw]`: the genesis
 * head of an app chain the relay's chain spec registers — the header of block 0 of Spindle's
 * reference app chain for that para (SCALE-like: paraId u32 ‖ number u64 ‖ parent ‖ stateRoot ‖
 * txRoot ‖ txCount u32), as 0x hex (or raw bytes with --raw), like a Cumulus node prints it.
 * Without --para-id and with one registered para, that one is used. Zombienet's native provider
 * runs this to learn a para's genesis head.
 */
export async function exportGenesisHead(args: readonly string[], loadSpec: (chain: string) => Promise<ChainSpec>, out: (s: string | Uint8Array) => void): Promise<void> {
  const value = (flag: string): string | undefined => {
    const at = args.indexOf(flag);
    if (at < 0) return undefined;
    const v = args[at + 1];
    if (v === undefined || v.startsWith('--')) throw new CliError(`${flag} needs a value`);
    return v;
  };
  const spec = await loadSpec(value('--chain') ?? (args.includes('--dev') ? 'dev' : 'local'));
  const registered = 'runtimeGenesis' in spec.genesis ? spec.genesis.runtimeGenesis.patch.paras.paras.map(([id]) => id) : undefined;
  const given = value('--para-id') ?? value('--parachain-id');
  let paraId: number;
  if (given !== undefined) {
    if (!/^\d+$/.test(given)) throw new CliError(`--para-id expects a whole number, got "${given}"`);
    paraId = Number(given);
  } else if (registered?.length === 1) {
    paraId = registered[0]!;
  } else {
    throw new CliError(`--para-id is required (the chain spec registers ${registered?.join(', ') ?? 'paras in raw storage'})`);
  }
  if (registered !== undefined && !registered.includes(paraId)) {
    throw new CliError(`para ${paraId} is not registered in the chain spec "${spec.id}" (registered: ${registered.join(', ') || 'none'})`);
  }
  await cryptoWaitReady();
  await initHashing();
  const { hash: _hash, ...header } = kvGenesisHeader(paraId);
  const bytes = encodeKvBlockHeader(header);
  out(args.includes('--raw') ? bytes : u8aToHex(bytes));
}
