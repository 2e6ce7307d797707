import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { initHashing } from '../primitives/hashing.ts';
import { AppChainFleet } from '../testing/appChainFleet.ts';

const CHAINS = 20;
const TXS = 5;

/** Acceptance: 20 reference app chains with their collators make progress together on one relay. */
describe(`${CHAINS} reference app chains on one relay`, { timeout: 300_000 }, () => {
  let fleet: AppChainFleet;

  before(async () => {
    await cryptoWaitReady();
    await initHashing();
    fleet = await AppChainFleet.start(CHAINS, { blockTimeMs: 500 });
  });

  after(async () => {
    await fleet?.stop();
  });

  it('behavior: every chain executes all its transactions, in order, through the relay', async () => {
    for (let round = 0; round < TXS; round++) await Promise.all(fleet.chains.map((c) => fleet.submit(c)));
    const deadline = Date.now() + 240_000;
    while (fleet.chains.some((c) => c.executedAt.size < TXS)) {
      if (Date.now() > deadline) {
        assert.fail(`not all executed: ${fleet.chains.map((c) => `${c.paraId}:${c.executedAt.size}`).join(' ')}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    for (const c of fleet.chains) assert.equal(c.executedAt.size, TXS, `para ${c.paraId}`);
    const relayBlocks = new Set(fleet.chains.map((c) => c.service.executedUpTo));
    assert.ok(relayBlocks.size >= 1 && [...relayBlocks].every((b) => b !== undefined && b > 0n));
  });
});
