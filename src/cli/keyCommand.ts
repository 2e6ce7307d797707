import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady, encodeAddress, mnemonicGenerate, mnemonicToMiniSecret } from '@polkadot/util-crypto';
import { CliError } from './CliError.ts';

type Scheme = 'sr25519' | 'ed25519' | 'ecdsa';

/** `spindle key generate|inspect` — what `subkey` prints, for the given scheme. */
export async function keyCommand(args: readonly string[], out: (line: string) => void): Promise<void> {
  await cryptoWaitReady();
  const [sub, ...rest] = args;
  const schemeAt = rest.indexOf('--scheme');
  const scheme = (schemeAt >= 0 ? rest[schemeAt + 1] : 'sr25519') as Scheme;
  if (!['sr25519', 'ed25519', 'ecdsa'].includes(scheme)) throw new CliError(`unknown --scheme ${scheme}: use sr25519, ed25519 or ecdsa`);
  const json = rest.includes('--output-type') && rest[rest.indexOf('--output-type') + 1] === 'json';
  const positional = rest.filter((a, i) => !a.startsWith('--') && !rest[i - 1]?.startsWith('--'));
  let suri: string;
  let phrase: string | undefined;
  if (sub === 'generate') {
    phrase = mnemonicGenerate(12);
    suri = phrase;
  } else if (sub === 'inspect') {
    if (positional[0] === undefined) throw new CliError('usage: spindle key inspect SURI');
    suri = positional[0];
  } else {
    throw new CliError('usage: spindle key generate|inspect [SURI] [--scheme sr25519|ed25519|ecdsa] [--output-type json]');
  }
  const pair = new Keyring({ type: scheme, ss58Format: 42 }).addFromUri(suri);
  const accountId = scheme === 'ecdsa' ? blake2AsU8a(pair.publicKey, 256) : pair.publicKey;
  const seed = phrase === undefined ? undefined : u8aToHex(mnemonicToMiniSecret(phrase));
  const info = {
    secretPhrase: phrase ?? suri,
    networkId: 'substrate',
    secretSeed: seed ?? 'n/a',
    publicKey: u8aToHex(pair.publicKey),
    accountId: u8aToHex(accountId),
    publicKeySs58: encodeAddress(pair.publicKey, 42),
    ss58Address: encodeAddress(accountId, 42),
  };
  if (json) {
    out(JSON.stringify(info, null, 2));
    return;
  }
  out(`Secret ${phrase === undefined ? 'Key URI' : 'phrase'} \`${info.secretPhrase}\` is account:`);
  out(`  Network ID:        ${info.networkId}`);
  out(`  Secret seed:       ${info.secretSeed}`);
  out(`  Public key (hex):  ${info.publicKey}`);
  out(`  Account ID:        ${info.accountId}`);
  out(`  Public key (SS58): ${info.publicKeySs58}`);
  out(`  SS58 Address:      ${info.ss58Address}`);
}
