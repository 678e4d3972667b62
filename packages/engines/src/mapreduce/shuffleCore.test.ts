import { describe, expect, it } from 'vitest'
import {
  countReduceOutput,
  finishJobCounters,
  mapTaskOf,
  newJobCounters,
  shuffleMapOutput,
  splitCount,
} from './jobCounters.ts'
import { REDUCE_BATCH_CHARS, ShuffleCore, ShuffleQuotaError, utf8Length } from './shuffleCore.ts'

const line = (key: string, value: number) => `${JSON.stringify(key)}\t${value}`

describe('ShuffleCore (the in-memory shuffle the server and the browser share)', () => {
  it('merges sorted runs by key, equal keys in map-task order, whatever order the tasks finished in', () => {
    const shuffle = new ShuffleCore(2, 1024, 0, 0)
    shuffle.add(0, 1, [line('a', 10), line('c', 11)].join('\n'))
    shuffle.add(0, 0, [line('a', 0), line('b', 1), line('c', 2)].join('\n'))
    shuffle.add(1, 0, line('z', 5))
    shuffle.add(0, 2, '')
    expect([...shuffle.batches(0)]).toEqual([
      {
        text: [line('a', 0), line('a', 10), line('b', 1), line('c', 2), line('c', 11)].join('\n'),
        records: 5,
      },
    ])
    expect([...shuffle.batches(1)]).toEqual([{ text: line('z', 5), records: 1 }])
    // A reducer's runs are dropped once read.
    expect([...shuffle.batches(0)]).toEqual([])
  })

  it('cuts a reducer input into batches of whole groups', () => {
    const shuffle = new ShuffleCore(1, 64 * 2 ** 20, 0, 0)
    const big = 'x'.repeat(REDUCE_BATCH_CHARS / 2)
    const run = [`"a"\t"${big}"`, `"a"\t"${big}"`, `"a"\t1`, `"b"\t2`].join('\n')
    shuffle.add(0, 0, run)
    const batches = [...shuffle.batches(0)]
    expect(batches.map((batch) => batch.records)).toEqual([3, 1])
    expect(batches[1]?.text).toBe('"b"\t2')
  })

  it('cuts smaller batches for a small memory limit: at most half the sort buffer', () => {
    expect(new ShuffleCore(1, 64 * 2 ** 20, 0, 0).batchChars).toBe(REDUCE_BATCH_CHARS)
    const small = new ShuffleCore(1, 4 * 2 ** 20, 0, 0) // the sort buffer of a 16 MB limit
    expect(small.batchChars).toBe(2 * 2 ** 20)
    const big = 'x'.repeat(2 ** 20)
    small.add(0, 0, [`"a"\t"${big}"`, `"b"\t"${big}"`, `"c"\t1`].join('\n'))
    expect([...small.batches(0)].map((batch) => batch.records)).toEqual([2, 1])
  })

  it('counts runs past the memory buffer as spilled, and stops at the disk quota with a clear error', () => {
    const shuffle = new ShuffleCore(1, 6, 20, 7)
    shuffle.add(0, 0, line('a', 1)) // 5 chars: in memory
    shuffle.add(0, 1, line('é', 2)) // 5 chars, 6 bytes: spilled
    expect(shuffle.spilledRuns).toBe(1)
    expect(shuffle.spilledBytes).toBe(6)
    // 17 more bytes would pass the 20 of the quota.
    expect(() => shuffle.add(0, 2, line('long key', 123456))).toThrow(ShuffleQuotaError)
    expect(() => shuffle.add(0, 2, line('long key', 123456))).toThrow(/disk quota of 7 MB/)
    expect([...shuffle.batches(0)].map((batch) => batch.text)).toEqual([`${line('a', 1)}\n${line('é', 2)}`])
  })

  it('measures UTF-8 bytes as Buffer does, surrogate pairs and lone surrogates included', () => {
    for (const text of ['plain', 'é', '한국어', '😀x', '\ud800', 'a\udc00b'])
      expect(utf8Length(text)).toBe(Buffer.byteLength(text))
  })
})

describe('job counters', () => {
  it('builds a job from its map outputs and reduce batches, and finishes the reducer balance', () => {
    const spec = { reducers: 2, map: 'map', reduce: 'reduce', combine: 'combine' }
    const input = { records: [[1, 2], [3]] }
    expect(splitCount(input)).toBe(2)
    expect(mapTaskOf(spec, input, 1)).toEqual({
      split: [3],
      map: 'map',
      combine: 'combine',
      partition: undefined,
      reducers: 2,
    })
    expect(mapTaskOf(spec, { texts: ['t0', 't1'] }, 0)).toMatchObject({ splitText: 't0' })
    const c = newJobCounters(2, 2)
    const shuffle = new ShuffleCore(2, 1024, 0, 0)
    shuffleMapOutput(c, shuffle, 0, {
      runs: [line('a', 1), `${line('b', 1)}\n${line('é', 1)}`],
      inRecords: 2,
      outRecords: 4,
      combineIn: 4,
      combineOut: 3,
    })
    expect(c).toMatchObject({
      mapInputRecords: 2,
      mapOutputRecords: 4,
      combineInputRecords: 4,
      combineOutputRecords: 3,
      shuffleBytes: 5 + 1 + 5 + 6,
    })
    countReduceOutput(c, { text: 'x', groups: 2, records: 3, outRecords: 2 })
    expect(c).toMatchObject({ reduceInputGroups: 2, reduceInputRecords: 3, reduceOutputRecords: 2 })
    finishJobCounters(c, shuffle, [3, 1], [300, 100])
    expect(c).toMatchObject({
      reduceTasks: 2,
      maxReducerRecords: 3,
      meanReducerRecords: 2,
      reducerSkew: 1.5,
      slowestReduceNs: 300,
      meanReduceNs: 200,
      spilledRuns: 0,
    })
    const empty = newJobCounters(0, 3)
    finishJobCounters(empty, new ShuffleCore(3, 0, 0, 0), [0, 0, 0], [0, 0, 0])
    expect(empty.reducerSkew).toBe(1)
  })
})
