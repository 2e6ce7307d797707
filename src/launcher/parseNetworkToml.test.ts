import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { NetworkDefinitionError } from './NetworkDefinitionError.ts';
import { parseNetworkToml } from './parseNetworkToml.ts';

const NETWORKS = fileURLToPath(new URL('../../e2e/networks/', import.meta.url));
const MIN = '[relaychain]\nchain = "local"\n[[relaychain.nodes]]\nname = "alice"\n';

function errorOf(text: string): NetworkDefinitionError {
  try {
    parseNetworkToml(text, 'net.toml');
  } catch (e) {
    assert.ok(e instanceof NetworkDefinitionError, `expected NetworkDefinitionError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the definition to be rejected');
}

describe('parseNetworkToml', () => {
  it('behavior: e2e/networks files parse', async () => {
    const local = parseNetworkToml(await readFile(`${NETWORKS}local.toml`, 'utf8'), 'local.toml');
    assert.deepEqual(local.relaychain.nodes.map((n) => [n.name, n.validator, n.devKey]), [
      ['alice', true, 'alice'], ['bob', true, 'bob'], ['charlie', true, 'charlie'], ['dave', true, 'dave'], ['ferdie', false, undefined],
    ]);
    assert.equal(local.relaychain.chain, 'local');
    assert.deepEqual(local.relaychain.nodes[0]!.args, ['--block-time', '1000']);
    assert.deepEqual(local.parachains, []);
    assert.equal(local.l1, undefined);
    const crash = parseNetworkToml(await readFile(`${NETWORKS}crash.toml`, 'utf8'), 'crash.toml');
    assert.deepEqual(crash.relaychain.nodes.map((n) => n.name), ['alice', 'bob', 'charlie', 'dave']);
    const paras = parseNetworkToml(await readFile(`${NETWORKS}local-paras.toml`, 'utf8'), 'local-paras.toml');
    assert.deepEqual(paras.relaychain.nodes.map((n) => n.name), ['alice', 'bob', 'charlie', 'dave']);
    assert.deepEqual(paras.parachains.map((p) => [p.id, p.appChain, p.collators.map((c) => c.name)]), [[100, 'reference', ['collator-100']], [200, 'reference', ['collator-200']]]);
    assert.deepEqual(paras.l1, { anvil: true, deployContract: true, submitters: 1 });
    assert.deepEqual(paras.parachains[0]!.collators[0], { name: 'collator-100', command: undefined, args: [], rpcPort: undefined });
    const chopsticks = parseNetworkToml(await readFile(`${NETWORKS}chopsticks-para.toml`, 'utf8'), 'chopsticks-para.toml');
    assert.equal(chopsticks.relaychain.chain, 'dev');
    assert.deepEqual(chopsticks.parachains.map((p) => [p.id, p.appChain]), [[200, 'chopsticks']]);
  });

  it('behavior: Spindle keys of [[parachains]], collators and [l1], with their defaults', () => {
    const def = parseNetworkToml(
      `${MIN}[[relaychain.nodes]]\nname = "bob"\n[[parachains]]\nid = 100\n[parachains.collator]\nname = "c1"\n[[parachains]]\nid = 200\napp_chain = "chopsticks"\n[[parachains.collators]]\nname = "c2"\nrpc_port = 9988\ncommand = "/opt/collator"\nargs = ["--key //Eve", "--log debug"]\n[[parachains.collators]]\nname = "c3"\n[l1]\nanvil = true\ndeploy_contract = true\nsubmitters = 2\n`,
      'net.toml',
    );
    assert.deepEqual(def.parachains, [
      { id: 100, appChain: 'reference', collators: [{ name: 'c1', command: undefined, args: [], rpcPort: undefined }] },
      {
        id: 200,
        appChain: 'chopsticks',
        collators: [
          { name: 'c2', command: '/opt/collator', args: ['--key', '//Eve', '--log', 'debug'], rpcPort: 9988 },
          { name: 'c3', command: undefined, args: [], rpcPort: undefined },
        ],
      },
    ]);
    assert.deepEqual(def.l1, { anvil: true, deployContract: true, submitters: 2 });
    assert.deepEqual(parseNetworkToml(`${MIN}[l1]\nanvil = true\n`, 'net.toml').l1, { anvil: true, deployContract: false, submitters: 1 });
  });

  it('behavior: defaults and per-node values', () => {
    const def = parseNetworkToml(
      `[relaychain]\ndefault_command = "spindle"\ndefault_args = ["--block-time 500"]\n[[relaychain.nodes]]\nname = "Bob"\nrpc_port = 9944\np2p_port = 30333\nprometheus_port = 9615\nargs = ["--rpc-cors=all"]\ncommand = "/opt/spindle"\n[[relaychain.nodes]]\nname = "zed"\n[[relaychain.nodes]]\nname = "eve"\nvalidator = false\n`,
      'net.toml',
    );
    assert.equal(def.settings.provider, 'native');
    assert.equal(def.settings.timeoutSec, 300);
    assert.equal(def.relaychain.chain, 'local');
    const [bob, zed, eve] = def.relaychain.nodes;
    assert.deepEqual(bob, { name: 'Bob', validator: true, devKey: 'bob', command: '/opt/spindle', args: ['--block-time', '500', '--rpc-cors=all'], rpcPort: 9944, p2pPort: 30333, prometheusPort: 9615 });
    assert.deepEqual([zed!.validator, zed!.devKey, zed!.command, zed!.rpcPort], [true, undefined, 'spindle', undefined]);
    assert.deepEqual([eve!.validator, eve!.devKey], [false, undefined]);
  });

  it('behavior: chain_spec_path is resolved against the file', () => {
    const def = parseNetworkToml('[relaychain]\nchain_spec_path = "specs/x.json"\n[[relaychain.nodes]]\nname = "a"\n', '/nets/n.toml');
    assert.equal(def.relaychain.chain, '/nets/specs/x.json');
  });

  const unknownKeys: [string, string, string][] = [
    ['top level', `hrmp_channels = []\n${MIN}`, 'hrmp_channels'],
    ['settings', `[settings]\nnode_spawn_timeout = 5\n${MIN}`, 'settings.node_spawn_timeout'],
    ['relaychain', `[relaychain]\ndefault_image = "x"\n[[relaychain.nodes]]\nname = "a"\n`, 'relaychain.default_image'],
    ['node', `${MIN}ws_port = 9944\n`, 'relaychain.nodes[0].ws_port'],
    ['second node', `${MIN}[[relaychain.nodes]]\nname = "bob"\nimage = "x"\n`, 'relaychain.nodes[1].image'],
    ['parachain', `${MIN}[[parachains]]\nid = 100\ncumulus_based = true\n[parachains.collator]\nname = "c"\n`, 'parachains[0].cumulus_based'],
    ['collator', `${MIN}[[parachains]]\nid = 100\n[parachains.collator]\nname = "c"\nimage = "x"\n`, 'parachains[0].collator.image'],
    ['collators[]', `${MIN}[[parachains]]\nid = 100\n[[parachains.collators]]\nname = "c"\n[[parachains.collators]]\nname = "d"\nws_port = 1\n`, 'parachains[0].collators[1].ws_port'],
    ['l1', `${MIN}[l1]\nanvil = true\nfork_url = "x"\n`, 'l1.fork_url'],
    ['parachain (zombienet key)', `${MIN}[[parachains]]\nid = 100\napp_chain = "reference"\nchain_spec_path = "x"\n[parachains.collator]\nname = "c"\n`, 'parachains[0].chain_spec_path'],
    ['second collator', `${MIN}[[parachains]]\nid = 100\n[[parachains.collators]]\nname = "c"\nrpc_port = 9000\n[[parachains.collators]]\nname = "d"\np2p_port = 1\n`, 'parachains[0].collators[1].p2p_port'],
  ];
  for (const [where, text, path] of unknownKeys) {
    it(`error: unknown key in ${where} is reported with its path`, () => {
      const e = errorOf(text);
      assert.equal(e.code, 'UNKNOWN_KEY');
      assert.equal(e.path, path);
      assert.match(e.message, new RegExp(path.replace(/[[\].]/g, '\\$&')));
      const key = path.split('.').pop()!;
      const line = text.split('\n').findIndex((l) => l.startsWith(`${key} =`)) + 1;
      assert.equal(e.line, line, 'the line of the unknown key');
      assert.match(e.message, new RegExp(`^net\\.toml:${line}: `));
    });
  }

  it('error: every unknown key is reported, not only the first', () => {
    const e = errorOf(`foo = 1\n${MIN}bar = 2\n`);
    assert.deepEqual(e.issues.map((i) => i.path), ['foo', 'relaychain.nodes[0].bar']);
  });

  const malformed: [string, string, number][] = [
    ['unclosed array', 'a = 1\nb = [\n', 3],
    ['missing value', '[relaychain]\nchain =\n', 2],
    ['bad table header', '[relaychain\nchain = "local"\n', 1],
    ['duplicate key', '[relaychain]\nchain = "local"\nchain = "dev"\n', 3],
  ];
  for (const [what, text, line] of malformed) {
    it(`error: malformed TOML (${what}) carries line ${line}`, () => {
      const e = errorOf(text);
      assert.equal(e.code, 'TOML_SYNTAX');
      assert.equal(e.line, line);
      assert.match(e.message, new RegExp(`^net\\.toml:${line}:`));
    });
  }

  const badValues: [string, string, NetworkDefinitionError['code'], string][] = [
    ['no relaychain', '[settings]\ntimeout = 10\n', 'MISSING_KEY', 'relaychain'],
    ['no nodes', '[relaychain]\nchain = "local"\n', 'MISSING_KEY', 'relaychain.nodes'],
    ['node without name', '[relaychain]\n[[relaychain.nodes]]\nvalidator = true\n', 'MISSING_KEY', 'relaychain.nodes[0].name'],
    ['duplicate name', `${MIN}[[relaychain.nodes]]\nname = "alice"\n`, 'DUPLICATE', 'relaychain.nodes[1]'],
    ['collator reusing a node name', `${MIN}[[parachains]]\nid = 1\n[parachains.collator]\nname = "alice"\n`, 'DUPLICATE', 'parachains[0].collator'],
    ['port 0', `${MIN}rpc_port = 0\n`, 'BAD_VALUE', 'relaychain.nodes[0].rpc_port'],
    ['port too big', `${MIN}p2p_port = 70000\n`, 'BAD_VALUE', 'relaychain.nodes[0].p2p_port'],
    ['port as string', `${MIN}prometheus_port = "9615"\n`, 'BAD_VALUE', 'relaychain.nodes[0].prometheus_port'],
    ['same port twice', `${MIN}rpc_port = 9944\n[[relaychain.nodes]]\nname = "bob"\np2p_port = 9944\n`, 'DUPLICATE', 'relaychain.nodes[1].p2p_port'],
    ['validator not a bool', `${MIN}validator = "yes"\n`, 'BAD_VALUE', 'relaychain.nodes[0].validator'],
    ['args not strings', `${MIN}args = [1]\n`, 'BAD_VALUE', 'relaychain.nodes[0].args'],
    ['managed flag in args', `${MIN}args = ["--rpc-port 1"]\n`, 'BAD_VALUE', 'relaychain.nodes[0].args'],
    ['bad name', '[relaychain]\n[[relaychain.nodes]]\nname = "a b"\n', 'BAD_VALUE', 'relaychain.nodes[0].name'],
    ['unknown chain', '[relaychain]\nchain = "rococo-local"\n[[relaychain.nodes]]\nname = "a"\n', 'BAD_VALUE', 'relaychain.chain'],
    ['chain and chain_spec_path', '[relaychain]\nchain = "local"\nchain_spec_path = "x.json"\n[[relaychain.nodes]]\nname = "a"\n', 'BAD_VALUE', 'relaychain'],
    ['provider podman', `[settings]\nprovider = "podman"\n${MIN}`, 'BAD_VALUE', 'settings.provider'],
    ['timeout negative', `[settings]\ntimeout = -1\n${MIN}`, 'BAD_VALUE', 'settings.timeout'],
    ['nodes as a table', '[relaychain]\n[relaychain.nodes]\nname = "a"\n', 'BAD_VALUE', 'relaychain.nodes'],
    ['parachain without id', `${MIN}[[parachains]]\n[parachains.collator]\nname = "c"\n`, 'MISSING_KEY', 'parachains[0].id'],
    ['parachain id twice', `${MIN}[[parachains]]\nid = 1\n[parachains.collator]\nname = "c"\n[[parachains]]\nid = 1\n[parachains.collator]\nname = "d"\n`, 'DUPLICATE', 'parachains[1].id'],
    ['parachain without collator', `${MIN}[[parachains]]\nid = 1\n`, 'MISSING_KEY', 'parachains[0].collator'],
    ['deploy_contract without anvil', `${MIN}[l1]\ndeploy_contract = true\n`, 'BAD_VALUE', 'l1.deploy_contract'],
    ['unknown app_chain', `${MIN}[[parachains]]\nid = 1\napp_chain = "evm"\n[parachains.collator]\nname = "c"\n`, 'BAD_VALUE', 'parachains[0].app_chain'],
    ['app_chain not a string', `${MIN}[[parachains]]\nid = 1\napp_chain = 2\n[parachains.collator]\nname = "c"\n`, 'BAD_VALUE', 'parachains[0].app_chain'],
    ['parachain id 0', `${MIN}[[parachains]]\nid = 0\n[parachains.collator]\nname = "c"\n`, 'BAD_VALUE', 'parachains[0].id'],
    ['collator port used by a node', `${MIN}rpc_port = 9944\n[[parachains]]\nid = 1\n[parachains.collator]\nname = "c"\nrpc_port = 9944\n`, 'DUPLICATE', 'parachains[0].collator.rpc_port'],
    ['collator flag set by the launcher', `${MIN}[[parachains]]\nid = 1\n[parachains.collator]\nname = "c"\nargs = ["--relay ws://x"]\n`, 'BAD_VALUE', 'parachains[0].collator.args'],
    ['collator --para-id in args', `${MIN}[[parachains]]\nid = 1\n[parachains.collator]\nname = "c"\nargs = ["--para-id=1"]\n`, 'BAD_VALUE', 'parachains[0].collator.args'],
    ['more submitters than validators', `${MIN}[l1]\nanvil = true\ndeploy_contract = true\nsubmitters = 2\n`, 'BAD_VALUE', 'l1.submitters'],
    ['zero submitters', `${MIN}[l1]\nanvil = true\nsubmitters = 0\n`, 'BAD_VALUE', 'l1.submitters'],
  ];
  for (const [what, text, code, path] of badValues) {
    it(`error: ${what} → ${code} at ${path}`, () => {
      const e = errorOf(text);
      assert.equal(e.code, code, e.message);
      assert.equal(e.path, path, e.message);
      assert.ok(e.line !== undefined && e.line >= 1, `a line number: ${e.message}`);
    });
  }

  it('error: a value problem points at its own line, a missing key at its enclosing table', () => {
    const text = `${MIN}[[relaychain.nodes]]\nname = "bob"\nrpc_port = 0\n[[parachains]]\nid = 1\n`;
    const e = errorOf(text);
    const lines = text.split('\n');
    assert.deepEqual(
      e.issues.map((i) => [i.path, i.line]),
      [
        ['relaychain.nodes[1].rpc_port', lines.indexOf('rpc_port = 0') + 1],
        ['parachains[0].collator', lines.indexOf('[[parachains]]') + 1],
      ],
    );
  });
});
