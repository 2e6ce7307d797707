import { basename, dirname, resolve } from 'node:path';
import { COMPARATOR_SOURCE, comparatorOf, type Comparator } from './comparator.ts';
import { DslError } from './DslError.ts';
import { DEFAULT_WITHIN_SECONDS, type Assertion, type Check, type LogMatch, type TestFile } from './TestFile.ts';

const HEADER = /^(description|network|creds)\s*:\s*(.*)$/i;
const NODE_LINE = /^([A-Za-z0-9][A-Za-z0-9_.-]*)\s*:\s*(.+)$/;
const WITHIN = /\s+within\s+(\S+)\s+(?:seconds?|secs?|s)$/i;
const CMP = `(${COMPARATOR_SOURCE})\\s+(\\S+)`;
const QUOTED = '"(.*)"';

type Ctx = { readonly file: string; readonly line: number };

/**
 * Parses a zombienet test file (`*.zndsl`). Header lines `Description:`, `Network:` (required) and
 * `Creds:`; `#` comment lines and blank lines are skipped; every other line is `NODE: assertion
 * [within N seconds]`, NODE a relay node or a collator. Throws `DslError` naming the first bad line;
 * nothing is run here. Spindle extensions to zombienet's sentences:
 * - `parachain ID executed relay height <cmp> N`: how far the para's collator executed the relay order;
 * - `anchored height <cmp> N`: the highest relay block the L1 anchor contract has anchored.
 *
 * @example parseZndsl('Network: ./n.toml\nalice: is up within 30 seconds\n', 'e2e/tests/0001-x.zndsl')
 */
export function parseZndsl(text: string, file: string): TestFile {
  const headers: { description?: string; network?: string; creds?: string } = {};
  const assertions: Assertion[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const ctx: Ctx = { file, line: i + 1 };
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const h = HEADER.exec(line);
    if (h !== null) {
      const key = h[1]!.toLowerCase() as 'description' | 'network' | 'creds';
      if (headers[key] !== undefined) throw new DslError('BAD_VALUE', file, ctx.line, `duplicate header "${h[1]}:"`);
      const value = h[2]!.trim();
      if (value === '' && key !== 'description') throw new DslError('BAD_VALUE', file, ctx.line, `empty header "${h[1]}:"`);
      headers[key] = value;
      return;
    }
    assertions.push(parseAssertion(line, ctx));
  });
  if (headers.network === undefined) throw new DslError('MISSING_HEADER', file, 1, 'missing "Network: ./path.toml" header');
  return {
    file,
    name: basename(file).replace(/\.zndsl$/, '').replace(/^\d+-/, ''),
    ...(headers.description !== undefined ? { description: headers.description } : {}),
    network: headers.network,
    networkPath: resolve(dirname(file), headers.network),
    ...(headers.creds !== undefined ? { creds: headers.creds } : {}),
    assertions,
  };
}

function parseAssertion(line: string, ctx: Ctx): Assertion {
  const m = NODE_LINE.exec(line);
  if (m === null) throw new DslError('MALFORMED_LINE', ctx.file, ctx.line, `expected "NODE: assertion", got: ${line}`);
  const node = m[1]!;
  let body = m[2]!.trim();
  let within: number | undefined;
  const w = WITHIN.exec(body);
  if (w !== null) {
    within = Number(w[1]);
    if (!Number.isFinite(within) || within <= 0) throw new DslError('BAD_VALUE', ctx.file, ctx.line, `"within" needs a positive number of seconds, got "${w[1]}"`);
    body = body.slice(0, w.index).trim();
  }
  const check = parseCheck(body, ctx);
  const command = check.kind === 'restart' || check.kind === 'pause' || check.kind === 'resume';
  if (command && within !== undefined) throw new DslError('BAD_VALUE', ctx.file, ctx.line, `"${check.kind}" is a command and takes no "within"`);
  return { line: ctx.line, text: line, node, check, withinSeconds: within ?? DEFAULT_WITHIN_SECONDS[check.kind], withinGiven: within !== undefined };
}

/** One rule per DSL sentence: a regex over the body (without node and `within`) and its builder. */
const RULES: readonly (readonly [RegExp, (m: RegExpExecArray, ctx: Ctx) => Check])[] = [
  [/^is up$/i, () => ({ kind: 'isUp' })],
  [
    re(`^reports (block height|best block|blockheight|finali[sz]ed height|finali[sz]ed block) ${CMP}$`),
    (m, ctx) => ({ kind: 'height', which: /finali/i.test(m[1]!) ? 'finalized' : 'best', comparator: cmp(m[2]!), target: uint(m[3]!, ctx) }),
  ],
  [re(`^reports (\\S.*?) ${CMP}$`), (m, ctx) => ({ kind: 'metric', metric: m[1]!, comparator: cmp(m[2]!), target: num(m[3]!, ctx) })],
  [/^parachain (\S+) is registered$/i, (m, ctx) => ({ kind: 'paraRegistered', paraId: paraId(m[1]!, ctx) })],
  [re(`^parachain (\\S+) block height ${CMP}$`), (m, ctx) => ({ kind: 'paraHeight', paraId: paraId(m[1]!, ctx), comparator: cmp(m[2]!), target: uint(m[3]!, ctx) })],
  [re(`^parachain (\\S+) executed relay (?:height|block) ${CMP}$`), (m, ctx) => ({ kind: 'paraExecuted', paraId: paraId(m[1]!, ctx), comparator: cmp(m[2]!), target: uint(m[3]!, ctx) })],
  [re(`^anchored (?:height|block) ${CMP}$`), (m, ctx) => ({ kind: 'anchored', comparator: cmp(m[1]!), target: uint(m[2]!, ctx) })],
  [re(`^log line (matches glob|matches|contains) ${QUOTED}$`), (m, ctx) => ({ kind: 'logLine', match: logMatch(m[1]!), pattern: pattern(m[2]!, logMatch(m[1]!), ctx) })],
  [
    re(`^count of log lines (matching glob|matching|containing) ${QUOTED} ${CMP}$`),
    (m, ctx) => ({ kind: 'logCount', match: logMatch(m[1]!), pattern: pattern(m[2]!, logMatch(m[1]!), ctx), comparator: cmp(m[3]!), target: num(m[4]!, ctx) }),
  ],
  [
    re(`^system event (contains|matches) ${QUOTED}$`),
    (m, ctx) => {
      const match = m[1]!.toLowerCase() === 'matches' ? 'regex' : 'contains';
      return { kind: 'systemEvent', match, pattern: pattern(m[2]!, match, ctx) };
    },
  ],
  [
    re(`^js-script (\\S+)(?: with "([^"]*)")?(?: return ${CMP})?$`),
    (m, ctx) => ({
      kind: 'jsScript',
      path: m[1]!,
      args: m[2] === undefined || m[2] === '' ? [] : m[2].split(',').map((a) => a.trim()),
      ...(m[3] !== undefined ? { expect: { comparator: cmp(m[3]), target: num(m[4]!, ctx) } } : {}),
    }),
  ],
  [/^restart(?: after (\S+) seconds?)?$/i, (m, ctx) => ({ kind: 'restart', afterSeconds: m[1] === undefined ? 0 : nonNegative(m[1], ctx) })],
  [/^pause$/i, () => ({ kind: 'pause' })],
  [/^resume$/i, () => ({ kind: 'resume' })],
];

function parseCheck(body: string, ctx: Ctx): Check {
  for (const [rx, build] of RULES) {
    const m = rx.exec(body);
    if (m !== null) return build(m, ctx);
  }
  throw new DslError('MALFORMED_LINE', ctx.file, ctx.line, `unknown assertion: "${body}"`);
}

function re(source: string): RegExp {
  return new RegExp(source, 'i');
}

function cmp(phrase: string): Comparator {
  return comparatorOf(phrase.toLowerCase().replace(/\s+/g, ' '));
}

function uint(s: string, ctx: Ctx): bigint {
  if (!/^\d+$/.test(s)) throw new DslError('BAD_VALUE', ctx.file, ctx.line, `expected a non-negative integer, got "${s}"`);
  return BigInt(s);
}

function num(s: string, ctx: Ctx): number {
  const n = Number(s);
  if (s === '' || !Number.isFinite(n)) throw new DslError('BAD_VALUE', ctx.file, ctx.line, `expected a number, got "${s}"`);
  return n;
}

function nonNegative(s: string, ctx: Ctx): number {
  const n = num(s, ctx);
  if (n < 0) throw new DslError('BAD_VALUE', ctx.file, ctx.line, `expected a non-negative number, got "${s}"`);
  return n;
}

function paraId(s: string, ctx: Ctx): number {
  const n = uint(s, ctx);
  if (n > 0xffff_ffffn) throw new DslError('BAD_VALUE', ctx.file, ctx.line, `parachain id ${s} does not fit in u32`);
  return Number(n);
}

function logMatch(verb: string): LogMatch {
  const v = verb.toLowerCase();
  if (v.endsWith('glob')) return 'glob';
  return v === 'contains' || v === 'containing' ? 'contains' : 'regex';
}

function pattern(p: string, match: LogMatch | 'contains', ctx: Ctx): string {
  if (p === '') throw new DslError('BAD_VALUE', ctx.file, ctx.line, 'empty pattern');
  if (match === 'regex') {
    try {
      new RegExp(p);
    } catch (e) {
      throw new DslError('BAD_VALUE', ctx.file, ctx.line, `invalid regex "${p}": ${(e as Error).message}`);
    }
  }
  return p;
}
