import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findMetric, parsePrometheusText, similarSeries } from './prometheusMetrics.ts';

const TEXT = `# HELP substrate_block_height Block height info of the chain
# TYPE substrate_block_height gauge
substrate_block_height{status="best"} 8
substrate_block_height{status="finalized",chain="spindle_dev"} 6
substrate_process_start_time_seconds 1795536985
polkadot_parachain_candidate_count 3
substrate_sub_libp2p_peers_count 2
up 1
weird{path="a\\"b"} 7 1700000000000
`;

describe('prometheusMetrics', () => {
  const samples = parsePrometheusText(TEXT);

  it('behavior: parses samples with labels, escapes and timestamps; skips comments', () => {
    assert.equal(samples.length, 7);
    assert.deepEqual([...samples[1]!.labels], [
      ['status', 'finalized'],
      ['chain', 'spindle_dev'],
    ]);
    assert.equal(samples[6]!.labels.get('path'), 'a"b');
    assert.equal(samples[6]!.value, 7);
  });

  const table: { query: string; value: number | undefined }[] = [
    { query: 'substrate_block_height{status="best"}', value: 8 },
    { query: 'block_height{status="best"}', value: 8 },
    { query: 'block_height{status="finalized"}', value: 6 },
    { query: 'block_height{status="finalized",chain="spindle_dev"}', value: 6 },
    { query: 'best block', value: 8 },
    { query: 'finalised height', value: 6 },
    { query: 'process_start_time_seconds', value: 1795536985 },
    { query: 'parachain_candidate_count', value: 3 },
    { query: 'peers', value: 2 },
    { query: 'sub_libp2p_peers_count', value: 2 },
    { query: 'up', value: 1 },
    { query: 'block_height', value: undefined },
    { query: 'block_height{status="sync_target"}', value: undefined },
    { query: 'height{status="best"}', value: undefined },
  ];
  for (const row of table) {
    it(`behavior: ${row.query} → ${row.value}`, () => {
      assert.equal(findMetric(samples, row.query)?.value, row.value);
    });
  }

  it('behavior: similarSeries lists the labelled series of a short name', () => {
    assert.deepEqual(similarSeries(samples, 'block_height'), ['substrate_block_height{status="best"} 8', 'substrate_block_height{status="finalized",chain="spindle_dev"} 6']);
  });
});
