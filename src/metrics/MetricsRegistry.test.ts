import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsRegistry } from './MetricsRegistry.ts';
import { isMetricsError, type MetricsErrorCode } from './MetricsError.ts';

interface RenderCase {
  readonly name: string;
  readonly build: (r: MetricsRegistry) => void;
  readonly expected: string;
}

const RENDER_CASES: readonly RenderCase[] = [
  { name: 'empty registry renders nothing', build: () => {}, expected: '' },
  {
    name: 'unlabelled counter renders 0 before its first update',
    build: (r) => void r.counter('c_total', 'Things counted'),
    expected: '# HELP c_total Things counted\n# TYPE c_total counter\nc_total 0\n',
  },
  {
    name: 'unlabelled counter adds 1 by default and the given amount (number or bigint)',
    build: (r) => {
      const c = r.counter('c_total', 'Things counted');
      c.inc();
      c.inc(2.5);
      c.inc(3n);
    },
    expected: '# HELP c_total Things counted\n# TYPE c_total counter\nc_total 6.5\n',
  },
  {
    name: 'labelled metric without any series renders no HELP/TYPE at all',
    build: (r) => void r.counter('calls', 'Calls', ['method']),
    expected: '',
  },
  {
    name: 'labelled counter renders its series ordered by label values, labels in declared order',
    build: (r) => {
      const c = r.counter('calls', 'Calls', ['protocol', 'method']);
      c.inc({ protocol: 'ws', method: 'b' });
      c.inc({ method: 'a', protocol: 'ws' }, 2);
      c.inc({ protocol: 'http', method: 'z' });
      c.inc({ protocol: 'ws', method: 'b' });
    },
    expected:
      '# HELP calls Calls\n# TYPE calls counter\n' +
      'calls{protocol="http",method="z"} 1\n' +
      'calls{protocol="ws",method="a"} 2\n' +
      'calls{protocol="ws",method="b"} 2\n',
  },
  {
    name: 'gauge set (bigint), inc and dec',
    build: (r) => {
      const g = r.gauge('height', 'Height', ['status']);
      g.set({ status: 'best' }, 10n);
      g.inc({ status: 'best' });
      g.set({ status: 'finalized' }, 7);
      g.dec({ status: 'finalized' }, 2);
      g.dec({ status: 'lag' });
    },
    expected:
      '# HELP height Height\n# TYPE height gauge\n' +
      'height{status="best"} 11\n' +
      'height{status="finalized"} 5\n' +
      'height{status="lag"} -1\n',
  },
  {
    name: 'gauge special and fractional values use the format spellings',
    build: (r) => {
      const g = r.gauge('v', 'Values', ['k']);
      g.set({ k: 'a' }, NaN);
      g.set({ k: 'b' }, Infinity);
      g.set({ k: 'c' }, -Infinity);
      g.set({ k: 'd' }, 0.125);
      g.set({ k: 'e' }, -0);
      g.set({ k: 'f' }, 1e21);
    },
    expected:
      '# HELP v Values\n# TYPE v gauge\n' +
      'v{k="a"} NaN\nv{k="b"} +Inf\nv{k="c"} -Inf\nv{k="d"} 0.125\nv{k="e"} 0\nv{k="f"} 1e+21\n',
  },
  {
    name: 'gauge collect callback sets values at render time',
    build: (r) => {
      const g = r.gauge('ready', 'Ready transactions');
      let ready = 0;
      g.collect((gauge) => gauge.set(++ready * 10));
    },
    expected: '# HELP ready Ready transactions\n# TYPE ready gauge\nready 10\n',
  },
  {
    name: 'unlabelled histogram renders empty buckets before its first observation',
    build: (r) => void r.histogram('h', 'Hist', [1, 2]),
    expected:
      '# HELP h Hist\n# TYPE h histogram\n' +
      'h_bucket{le="1"} 0\nh_bucket{le="2"} 0\nh_bucket{le="+Inf"} 0\nh_sum 0\nh_count 0\n',
  },
  {
    name: 'histogram buckets are cumulative; a value equal to a bound falls in that bucket',
    build: (r) => {
      const h = r.histogram('import_seconds', 'Import time', [0.5, 1, 2]);
      for (const v of [0.25, 0.5, 0.75, 3]) h.observe(v);
    },
    expected:
      '# HELP import_seconds Import time\n# TYPE import_seconds histogram\n' +
      'import_seconds_bucket{le="0.5"} 2\n' +
      'import_seconds_bucket{le="1"} 3\n' +
      'import_seconds_bucket{le="2"} 3\n' +
      'import_seconds_bucket{le="+Inf"} 4\n' +
      'import_seconds_sum 4.5\n' +
      'import_seconds_count 4\n',
  },
  {
    name: 'labelled histogram puts le after the declared labels; a trailing +Inf bound is implied',
    build: (r) => {
      const h = r.histogram('t', 'Time', [10, Infinity], ['method']);
      h.observe({ method: 'y' }, 20);
      h.observe({ method: 'x' }, 5);
    },
    expected:
      '# HELP t Time\n# TYPE t histogram\n' +
      't_bucket{method="x",le="10"} 1\nt_bucket{method="x",le="+Inf"} 1\nt_sum{method="x"} 5\nt_count{method="x"} 1\n' +
      't_bucket{method="y",le="10"} 0\nt_bucket{method="y",le="+Inf"} 1\nt_sum{method="y"} 20\nt_count{method="y"} 1\n',
  },
  {
    name: 'histogram without buckets has only +Inf',
    build: (r) => void r.histogram('n', 'N', []).observe(-1),
    expected: '# HELP n N\n# TYPE n histogram\nn_bucket{le="+Inf"} 1\nn_sum -1\nn_count 1\n',
  },
  {
    name: 'help escapes backslash and line feed (not quotes)',
    build: (r) => void r.gauge('g', 'a\\b\nc "q"'),
    expected: '# HELP g a\\\\b\\nc "q"\n# TYPE g gauge\ng 0\n',
  },
  {
    name: 'label values escape backslash, double quote and line feed; other text is kept',
    build: (r) => void r.gauge('g', 'G', ['v']).set({ v: 'C:\\dir "x"\nnext é {}=,' }, 1),
    expected: '# HELP g G\n# TYPE g gauge\ng{v="C:\\\\dir \\"x\\"\\nnext é {}=,"} 1\n',
  },
  {
    name: 'families are rendered sorted by name, whatever the registration order',
    build: (r) => {
      r.gauge('zeta', 'Z');
      r.counter('alpha:total', 'A');
      r.histogram('mid', 'M', [1]);
    },
    expected:
      '# HELP alpha:total A\n# TYPE alpha:total counter\nalpha:total 0\n' +
      '# HELP mid M\n# TYPE mid histogram\nmid_bucket{le="1"} 0\nmid_bucket{le="+Inf"} 0\nmid_sum 0\nmid_count 0\n' +
      '# HELP zeta Z\n# TYPE zeta gauge\nzeta 0\n',
  },
  {
    name: 'reset forgets labelled series and zeroes unlabelled ones',
    build: (r) => {
      const c = r.counter('c', 'C', ['k']);
      c.inc({ k: 'a' });
      c.reset();
      const h = r.histogram('h', 'H', [1]);
      h.observe(0.5);
      h.reset();
    },
    expected: '# HELP h H\n# TYPE h histogram\nh_bucket{le="1"} 0\nh_bucket{le="+Inf"} 0\nh_sum 0\nh_count 0\n',
  },
];

for (const c of RENDER_CASES) {
  test(`behavior: render — ${c.name}`, () => {
    const registry = new MetricsRegistry();
    c.build(registry);
    assert.equal(registry.render(), c.expected);
  });
}

test('behavior: get reads the current value of a series, 0 / empty for an untouched one', () => {
  const r = new MetricsRegistry();
  const c = r.counter('c', 'C', ['k']);
  c.inc({ k: 'a' }, 4);
  assert.equal(c.get({ k: 'a' }), 4);
  assert.equal(c.get({ k: 'b' }), 0);
  const h = r.histogram('h', 'H', [1, 5]);
  h.observe(2);
  h.observe(0.5);
  h.observe(2);
  assert.deepEqual(h.get(), {
    buckets: [
      { le: 1, count: 1 },
      { le: 5, count: 3 },
      { le: Infinity, count: 3 },
    ],
    sum: 4.5,
    count: 3,
  });
  assert.deepEqual(r.histogram('e', 'E', [1], ['k']).get({ k: 'x' }).buckets, [
    { le: 1, count: 0 },
    { le: Infinity, count: 0 },
  ]);
  // get does not create a series
  assert.equal(r.render().includes('k="b"'), false);
});

test('behavior: histogram bucket counts never decrease along le', () => {
  const r = new MetricsRegistry();
  const h = r.histogram('h', 'H', [0.1, 1, 10, 100]);
  let x = 7;
  for (let i = 0; i < 500; i++) {
    x = (x * 1103515245 + 12345) % 2147483648; // seeded LCG
    h.observe((x / 2147483648) * 200);
  }
  const counts = h.get().buckets.map((b) => b.count);
  for (let i = 1; i < counts.length; i++) assert.ok((counts[i] as number) >= (counts[i - 1] as number), `bucket ${i} decreased`);
  assert.equal(counts[counts.length - 1], 500);
  assert.equal(h.get().count, 500);
});

test('behavior: a collect callback can be removed, and each registration is removed independently', () => {
  const r = new MetricsRegistry();
  const g = r.gauge('g', 'G');
  const bump = (gauge: typeof g): void => gauge.inc();
  const removeFirst = g.collect(bump);
  g.collect(bump);
  r.render();
  assert.equal(g.get(), 2);
  removeFirst();
  removeFirst();
  r.render();
  assert.equal(g.get(), 3);
});

function assertCode(fn: () => unknown, code: MetricsErrorCode): void {
  assert.throws(fn, (e: unknown) => isMetricsError(e, code), `expected MetricsError ${code}`);
}

const INVALID_METRIC_NAMES = ['', '1abc', 'a-b', 'a b', 'é', 'a.b', 'a{b}'];
for (const name of INVALID_METRIC_NAMES) {
  test(`error: metric name ${JSON.stringify(name)} is rejected`, () => {
    const r = new MetricsRegistry();
    assertCode(() => r.counter(name, 'H'), 'INVALID_METRIC_NAME');
    assertCode(() => r.gauge(name, 'H'), 'INVALID_METRIC_NAME');
    assertCode(() => r.histogram(name, 'H', [1]), 'INVALID_METRIC_NAME');
  });
}

test('args: valid metric names include colons, underscores and digits after the first character', () => {
  const r = new MetricsRegistry();
  for (const name of ['a', '_a', ':a', 'a:b_c9', 'substrate_block_height']) r.gauge(name, 'H');
  assert.equal(r.render().split('\n').filter((l) => l.startsWith('# TYPE')).length, 5);
});

const INVALID_LABELS: readonly { labels: readonly string[]; kind: 'counter' | 'histogram'; why: string }[] = [
  { labels: ['1a'], kind: 'counter', why: 'starts with a digit' },
  { labels: ['a-b'], kind: 'counter', why: 'has a dash' },
  { labels: ['a:b'], kind: 'counter', why: 'has a colon' },
  { labels: [''], kind: 'counter', why: 'is empty' },
  { labels: ['__name'], kind: 'counter', why: 'is reserved' },
  { labels: ['a', 'a'], kind: 'counter', why: 'is repeated' },
  { labels: ['le'], kind: 'histogram', why: 'is le on a histogram' },
];
for (const c of INVALID_LABELS) {
  test(`error: label name rejected when it ${c.why}`, () => {
    const r = new MetricsRegistry();
    assertCode(() => (c.kind === 'counter' ? r.counter('m', 'H', c.labels) : r.histogram('m', 'H', [1], c.labels)), 'INVALID_LABEL_NAME');
  });
}

test('args: le is an ordinary label name outside histograms', () => {
  const r = new MetricsRegistry();
  r.gauge('g', 'G', ['le']).set({ le: 'x' }, 1);
  assert.match(r.render(), /^g\{le="x"\} 1$/m);
});

test('error: empty or ill-formed help is rejected', () => {
  const r = new MetricsRegistry();
  assertCode(() => r.counter('a', ''), 'INVALID_HELP');
  assertCode(() => r.counter('b', 'bad \uD800 surrogate'), 'INVALID_HELP');
});

const INVALID_BUCKETS: readonly { buckets: readonly number[]; why: string }[] = [
  { buckets: [1, 1], why: 'repeated bound' },
  { buckets: [2, 1], why: 'decreasing bounds' },
  { buckets: [NaN], why: 'NaN' },
  { buckets: [-Infinity, 1], why: '-Inf' },
  { buckets: [Infinity, 1], why: '+Inf before the end' },
];
for (const c of INVALID_BUCKETS) {
  test(`error: histogram buckets rejected: ${c.why}`, () => {
    assertCode(() => new MetricsRegistry().histogram('h', 'H', c.buckets), 'INVALID_BUCKETS');
  });
}

const DUPLICATES: readonly { name: string; first: (r: MetricsRegistry) => unknown; second: (r: MetricsRegistry) => unknown }[] = [
  { name: 'same name, same kind', first: (r) => r.counter('x', 'X'), second: (r) => r.counter('x', 'X') },
  { name: 'same name, other kind', first: (r) => r.counter('x', 'X'), second: (r) => r.gauge('x', 'X', ['a']) },
  { name: 'histogram _sum taken by a gauge', first: (r) => r.histogram('h', 'H', [1]), second: (r) => r.gauge('h_sum', 'S') },
  { name: 'counter named like a later histogram _count', first: (r) => r.counter('h_count', 'C'), second: (r) => r.histogram('h', 'H', [1]) },
  { name: 'histogram named like another histogram _bucket', first: (r) => r.histogram('h', 'H', [1]), second: (r) => r.histogram('h_bucket', 'B', [1]) },
];
for (const c of DUPLICATES) {
  test(`error: duplicate registration rejected: ${c.name}`, () => {
    const r = new MetricsRegistry();
    c.first(r);
    const before = r.render();
    assertCode(() => c.second(r), 'DUPLICATE_METRIC');
    assert.equal(r.render(), before, 'the failed registration left nothing behind');
  });
}

test('error: DUPLICATE_METRIC names the metric it collides with', () => {
  const r = new MetricsRegistry();
  r.histogram('h', 'H', [1]);
  try {
    r.counter('h_bucket', 'B');
    assert.fail('expected a throw');
  } catch (e) {
    assert.ok(isMetricsError(e, 'DUPLICATE_METRIC'));
    assert.deepEqual(e.data, { code: 'DUPLICATE_METRIC', metric: 'h_bucket', conflictsWith: 'h' });
  }
});

test('error: label values that do not match the declaration are rejected at the call', () => {
  const r = new MetricsRegistry();
  const c = r.counter('c', 'C', ['method']);
  const u = r.gauge('u', 'U');
  // @ts-expect-error missing label
  assertCode(() => c.inc({}), 'INVALID_LABELS');
  // @ts-expect-error extra label
  assertCode(() => c.inc({ method: 'a', other: 'b' }), 'INVALID_LABELS');
  // @ts-expect-error labels are required
  assertCode(() => c.inc(), 'INVALID_LABELS');
  // @ts-expect-error label values are strings
  assertCode(() => c.inc({ method: 1 }), 'INVALID_LABELS');
  assertCode(() => c.inc({ method: 'lone \uDC00 surrogate' }), 'INVALID_LABELS');
  // @ts-expect-error an unlabelled metric takes no labels
  assertCode(() => u.set({ method: 'a' }, 1), 'INVALID_LABELS');
  assert.equal(r.render(), '# HELP u U\n# TYPE u gauge\nu 0\n');
});

test('error: invalid values are rejected', () => {
  const r = new MetricsRegistry();
  const c = r.counter('c', 'C');
  const g = r.gauge('g', 'G');
  const h = r.histogram('h', 'H', [1]);
  assertCode(() => c.inc(-1), 'INVALID_VALUE');
  assertCode(() => c.inc(-1n), 'INVALID_VALUE');
  assertCode(() => c.inc(NaN), 'INVALID_VALUE');
  assertCode(() => h.observe(NaN), 'INVALID_VALUE');
  // @ts-expect-error values are numbers or bigints
  assertCode(() => g.set('3'), 'INVALID_VALUE');
  // @ts-expect-error set needs a value
  assertCode(() => g.set(), 'INVALID_VALUE');
  assert.equal(c.get(), 0);
});

test('error: a throwing collect callback makes render throw COLLECT_FAILED with the cause', () => {
  const r = new MetricsRegistry();
  const cause = new Error('pool gone');
  r.gauge('g', 'G').collect(() => {
    throw cause;
  });
  assert.throws(
    () => r.render(),
    (e: unknown) => isMetricsError(e, 'COLLECT_FAILED') && e.cause === cause && e.data.code === 'COLLECT_FAILED' && e.data.metric === 'g',
  );
});
