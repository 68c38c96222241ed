// The whole-phase event-loop p99 from a Prometheus histogram: parsing the bucket lines, the delta
// of two scrapes, and the quantile interpolated within its bucket as histogram_quantile does. The
// expected values are worked out by hand in the comments.
import { describe, expect, test } from 'vitest'
import { bucketDelta, bucketQuantile, parsePromBuckets } from '../../../bench/core/event-loop.js'

const scrape = (counts: Record<string, number>): string => [
  '# HELP nac_event_loop_delay_ms event-loop delay',
  '# TYPE nac_event_loop_delay_ms histogram',
  ...Object.entries(counts).map(([le, c]) => `nac_event_loop_delay_ms_bucket{le="${le}"} ${c}`),
  `nac_event_loop_delay_ms_count ${Object.values(counts).at(-1) ?? 0}`,
  'nac_event_loop_delay_p99_ms 12.5',
].join('\n')

describe('event-loop histogram', () => {
  test('parses bucket lines in bound order, +Inf last, and ignores other series', () => {
    const b = parsePromBuckets(scrape({ '+Inf': 5, '10': 1, '20': 4 }), 'nac_event_loop_delay_ms_bucket')
    expect(b).toEqual([{ le: 10, count: 1 }, { le: 20, count: 4 }, { le: Infinity, count: 5 }])
    expect(parsePromBuckets('nac_event_loop_delay_p99_ms 3', 'nac_event_loop_delay_ms_bucket')).toBeUndefined()
  })

  test('p99 of a phase: the delta of two scrapes, interpolated within the bucket', () => {
    const before = parsePromBuckets(scrape({ '10': 0, '11': 500, '20': 510, '21': 511, '+Inf': 511 }), 'nac_event_loop_delay_ms_bucket')
    const after = parsePromBuckets(scrape({ '10': 0, '11': 598, '20': 608, '21': 611, '+Inf': 611 }), 'nac_event_loop_delay_ms_bucket')
    if (before === undefined || after === undefined) throw new Error('no buckets')
    const phase = bucketDelta(before, after)
    // In the phase: 98 samples in (10, 11], 0 in (11, 20], 2 in (20, 21]: cumulative 0, 98, 98, 100.
    expect(phase).toEqual([{ le: 10, count: 0 }, { le: 11, count: 98 }, { le: 20, count: 98 }, { le: 21, count: 100 }, { le: Infinity, count: 100 }])
    // p99: rank 99 falls in (20, 21], which holds ranks 99-100: halfway, 20.5 ms.
    expect(bucketQuantile(0.99, phase ?? [])).toBeCloseTo(20.5, 9)
    // p50: rank 50 of the 98 in (10, 11]: 10 + 50/98.
    expect(bucketQuantile(0.5, phase ?? [])).toBeCloseTo(10 + 50 / 98, 9)
  })

  test('a rank beyond the last finite bound gives that bound; no samples give null; a reset gives no delta', () => {
    expect(bucketQuantile(0.99, [{ le: 10, count: 0 }, { le: 20, count: 50 }, { le: Infinity, count: 100 }])).toBe(20)
    expect(bucketQuantile(0.99, [{ le: 10, count: 0 }, { le: Infinity, count: 0 }])).toBeNull()
    expect(bucketDelta([{ le: 10, count: 5 }, { le: Infinity, count: 9 }], [{ le: 10, count: 1 }, { le: Infinity, count: 2 }])).toBeUndefined()
  })
})
