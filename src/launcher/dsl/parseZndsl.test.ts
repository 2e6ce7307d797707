import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { DslError, isDslError } from './DslError.ts';
import { parseZndsl } from './parseZndsl.ts';
import { DEFAULT_WITHIN_SECONDS, type Check } from './TestFile.ts';

const FILE = 'e2e/tests/0007-some-test.zndsl';
const one = (line: string) => {
  const t = parseZndsl(`Network: ./n.toml\n${line}\n`, FILE);
  assert.equal(t.assertions.length, 1);
  return t.assertions[0]!;
};

describe('parseZndsl', () => {
  const table: { line: string; node?: string; check: Check; within?: number }[] = [
    { line: 'alice: is up', check: { kind: 'isUp' } },
    { line: 'alice: is up within 30 seconds', check: { kind: 'isUp' }, within: 30 },
    { line: 'bob: reports block height is at least 5', node: 'bob', check: { kind: 'height', which: 'best', comparator: 'atLeast', target: 5n } },
    { line: 'alice: reports finalised height is at least 3 within 60 seconds', check: { kind: 'height', which: 'finalized', comparator: 'atLeast', target: 3n }, within: 60 },
    { line: 'alice: reports finalized height is at least 3', check: { kind: 'height', which: 'finalized', comparator: 'atLeast', target: 3n } },
    { line: 'alice: reports best block is 7', check: { kind: 'height', which: 'best', comparator: 'equal', target: 7n } },
    { line: 'alice: reports block_height{status="finalized"} is at least 2', check: { kind: 'metric', metric: 'block_height{status="finalized"}', comparator: 'atLeast', target: 2 } },
    { line: 'alice: reports substrate_block_height{status="best"} is 4', check: { kind: 'metric', metric: 'substrate_block_height{status="best"}', comparator: 'equal', target: 4 } },
    { line: 'alice: reports peers count is at most 3 within 5 seconds', check: { kind: 'metric', metric: 'peers count', comparator: 'atMost', target: 3 }, within: 5 },
    { line: 'alice: reports process_start_time_seconds is greater than 0.5', check: { kind: 'metric', metric: 'process_start_time_seconds', comparator: 'greaterThan', target: 0.5 } },
    { line: 'alice: reports x is lower than 1', check: { kind: 'metric', metric: 'x', comparator: 'lessThan', target: 1 } },
    { line: 'alice: parachain 100 is registered within 225 seconds', check: { kind: 'paraRegistered', paraId: 100 }, within: 225 },
    { line: 'alice: parachain 100 block height is at least 10 within 200 seconds', check: { kind: 'paraHeight', paraId: 100, comparator: 'atLeast', target: 10n }, within: 200 },
    { line: 'collator-100: parachain 100 block height is greater than 2', node: 'collator-100', check: { kind: 'paraHeight', paraId: 100, comparator: 'greaterThan', target: 2n } },
    { line: 'alice: parachain 200 executed relay height is at least 5 within 60 seconds', check: { kind: 'paraExecuted', paraId: 200, comparator: 'atLeast', target: 5n }, within: 60 },
    { line: 'alice: parachain 200 executed relay block >= 5', check: { kind: 'paraExecuted', paraId: 200, comparator: 'atLeast', target: 5n } },
    { line: 'alice: anchored height is at least 8 within 90 seconds', check: { kind: 'anchored', comparator: 'atLeast', target: 8n }, within: 90 },
    { line: 'bob: anchored block is 16', node: 'bob', check: { kind: 'anchored', comparator: 'equal', target: 16n } },
    { line: 'collator-100: restart after 2 seconds', node: 'collator-100', check: { kind: 'restart', afterSeconds: 2 } },
    { line: 'alice: log line matches "Imported #\\d+"', check: { kind: 'logLine', match: 'regex', pattern: 'Imported #\\d+' } },
    { line: 'alice: log line contains "Imported #1 " within 10 seconds', check: { kind: 'logLine', match: 'contains', pattern: 'Imported #1 ' }, within: 10 },
    { line: 'alice: log line matches glob "*Imported #1*"', check: { kind: 'logLine', match: 'glob', pattern: '*Imported #1*' } },
    { line: 'alice: count of log lines matching "Imported #\\d+" is at least 2', check: { kind: 'logCount', match: 'regex', pattern: 'Imported #\\d+', comparator: 'atLeast', target: 2 } },
    { line: 'alice: count of log lines containing "error" is 0 within 3 seconds', check: { kind: 'logCount', match: 'contains', pattern: 'error', comparator: 'equal', target: 0 }, within: 3 },
    { line: 'alice: system event contains "ExtrinsicSuccess"', check: { kind: 'systemEvent', match: 'contains', pattern: 'ExtrinsicSuccess' } },
    { line: 'alice: system event matches "system\\.Remarked"', check: { kind: 'systemEvent', match: 'regex', pattern: 'system\\.Remarked' } },
    { line: 'alice: js-script ./check.js', check: { kind: 'jsScript', path: './check.js', args: [] } },
    { line: 'alice: js-script ./check.js with "a, b" return is at least 2 within 30 seconds', check: { kind: 'jsScript', path: './check.js', args: ['a', 'b'], expect: { comparator: 'atLeast', target: 2 } }, within: 30 },
    { line: 'dave: restart after 5 seconds', node: 'dave', check: { kind: 'restart', afterSeconds: 5 } },
    { line: 'dave: restart', node: 'dave', check: { kind: 'restart', afterSeconds: 0 } },
    { line: 'dave: pause', node: 'dave', check: { kind: 'pause' } },
    { line: 'dave: resume', node: 'dave', check: { kind: 'resume' } },
  ];
  for (const row of table) {
    it(`behavior: parses "${row.line}"`, () => {
      const a = one(row.line);
      assert.deepEqual(a.check, row.check);
      assert.equal(a.node, row.node ?? 'alice');
      assert.equal(a.line, 2);
      assert.equal(a.text, row.line);
      assert.equal(a.withinGiven, row.within !== undefined);
      assert.equal(a.withinSeconds, row.within ?? DEFAULT_WITHIN_SECONDS[row.check.kind]);
    });
  }

  it('behavior: headers, comments, blank lines, test name and line numbers', () => {
    const text = ['Description: Smoke test', 'Network: ../networks/local.toml', 'Creds: config', '', '# a comment', '  # indented comment', 'alice: is up', '', 'bob: is up within 5 seconds'].join('\n');
    const t = parseZndsl(text, FILE);
    assert.equal(t.description, 'Smoke test');
    assert.equal(t.network, '../networks/local.toml');
    assert.equal(t.networkPath, resolve('e2e/networks/local.toml'));
    assert.equal(t.creds, 'config');
    assert.equal(t.name, 'some-test');
    assert.deepEqual(
      t.assertions.map((a) => [a.line, a.node]),
      [
        [7, 'alice'],
        [9, 'bob'],
      ],
    );
  });

  it('behavior: Description and Creds are optional; CRLF accepted', () => {
    const t = parseZndsl('Network: ./n.toml\r\nalice: is up\r\n', FILE);
    assert.equal(t.description, undefined);
    assert.equal(t.creds, undefined);
    assert.equal(t.assertions.length, 1);
  });

  const bad: { text: string; line: number; code: DslError['code']; mentions: RegExp }[] = [
    { text: 'Network: ./n.toml\nalice: is sideways', line: 2, code: 'MALFORMED_LINE', mentions: /unknown assertion/ },
    { text: 'Network: ./n.toml\n\n# c\njust some words', line: 4, code: 'MALFORMED_LINE', mentions: /NODE: assertion/ },
    { text: 'Network: ./n.toml\nalice: reports block height is at least many', line: 2, code: 'BAD_VALUE', mentions: /integer/ },
    { text: 'Network: ./n.toml\nalice: reports block height is at least -1', line: 2, code: 'BAD_VALUE', mentions: /integer/ },
    { text: 'Network: ./n.toml\nalice: is up\nalice: is up within soon seconds', line: 3, code: 'BAD_VALUE', mentions: /within/ },
    { text: 'Network: ./n.toml\nalice: log line matches "(unclosed"', line: 2, code: 'BAD_VALUE', mentions: /invalid regex/ },
    { text: 'Network: ./n.toml\nalice: log line contains ""', line: 2, code: 'BAD_VALUE', mentions: /empty pattern/ },
    { text: 'Network: ./n.toml\nalice: parachain 4294967296 is registered', line: 2, code: 'BAD_VALUE', mentions: /u32/ },
    { text: 'Network: ./n.toml\nalice: pause within 3 seconds', line: 2, code: 'BAD_VALUE', mentions: /command/ },
    { text: 'Network: ./n.toml\nNetwork: ./m.toml', line: 2, code: 'BAD_VALUE', mentions: /duplicate/ },
    { text: 'Network:\n', line: 1, code: 'BAD_VALUE', mentions: /empty header/ },
    { text: 'Description: x\nalice: is up', line: 1, code: 'MISSING_HEADER', mentions: /Network/ },
    { text: 'Network: ./n.toml\nalice: reports is at least 3', line: 2, code: 'MALFORMED_LINE', mentions: /unknown assertion/ },
    { text: 'Network: ./n.toml\nalice: anchored height is at least soon', line: 2, code: 'BAD_VALUE', mentions: /integer/ },
    { text: 'Network: ./n.toml\nalice: parachain x executed relay height is at least 1', line: 2, code: 'BAD_VALUE', mentions: /integer/ },
    { text: 'Network: ./n.toml\nalice: anchored is at least 3', line: 2, code: 'MALFORMED_LINE', mentions: /unknown assertion/ },
  ];
  for (const row of bad) {
    it(`error: ${row.code} at line ${row.line}: ${JSON.stringify(row.text.split('\n').at(-1))}`, () => {
      assert.throws(
        () => parseZndsl(row.text, FILE),
        (e: unknown) => {
          assert.ok(isDslError(e, row.code), String(e));
          assert.equal(e.line, row.line);
          assert.equal(e.file, FILE);
          assert.match(e.message, new RegExp(`^${FILE}:${row.line}: `));
          assert.match(e.message, row.mentions);
          return true;
        },
      );
    });
  }
});
