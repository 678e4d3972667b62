// The answer of an action, gathered from its last stage's tasks in partition order: record text
// (collect, take), partial results (reduce: the last fold runs in the learner's main function, as
// Spark's driver does) or counts. Bounded: what comes back must fit the main isolate, as Spark bounds
// what its driver receives (spark.driver.maxResultSize), and, where a challenge sets
// `limits.jobResultKb`, to that many KB: what comes back to the main function, not what a treeReduce's
// levels hand each other on the host.
import type { ActionSpec } from './planNodes.ts'

/** The learner's action asked for more than their main function may receive. */
export class ResultTooLargeError extends Error {
  readonly code = 'ARENA_DATASET_RESULT_TOO_LARGE'
  constructor(action: string, limitChars: number, memoryMb: number) {
    super(
      `dataset.${action}: the result is larger than ${Math.round(limitChars / 2 ** 20)} MB, a quarter of your main function's ${memoryMb} MB memory limit (Spark's driver has such a limit too, spark.driver.maxResultSize); bring back less: take(n), count(), reduce, or aggregate before you collect`,
    )
    this.name = 'ResultTooLargeError'
  }
}

/**
 * What the learner's action brings back to their main function passed the challenge's
 * `limits.jobResultKb` (the driver's result limit). A challenge sets it where the answer is far smaller
 * than its data, so that an action cannot hand the data, or a partial per task, to solve to be
 * combined there (issue 14, class 8): only aggregating in the tasks brings the answer back.
 */
export class JobResultLimitError extends Error {
  readonly code = 'ARENA_DATASET_JOB_RESULT_TOO_LARGE'
  constructor(action: string, jobResultKb: number) {
    super(
      `dataset.${action}: the result, which comes back to your main function, is larger than ${jobResultKb} KB, the most this challenge lets an action bring back (a driver's result limit, as Spark's spark.driver.maxResultSize); aggregate in the tasks (reduceByKey, aggregateByKey, treeReduce, a broadcast lookup) so that the answer comes back, not the data or a partial per task, or write() what is large to a file`,
    )
    this.name = 'JobResultLimitError'
  }
}

/**
 * What the learner's action brings back to their main function has more records than the challenge's
 * `limits.jobResultRecords`: a bound on the partials a solve may fold itself, where packing them tighter
 * would pass a bound on bytes (tree-reduce: a partial per chunk, packed, came back under 3 KB).
 */
export class JobResultRecordsError extends Error {
  readonly code = 'ARENA_DATASET_JOB_RESULT_TOO_MANY_RECORDS'
  constructor(action: string, records: number, jobResultRecords: number) {
    super(
      `dataset.${action}: the result, which comes back to your main function, has ${records} records, more than the ${jobResultRecords} this challenge lets an action bring back; combine them in the tasks (treeReduce, reduceByKey, or a mapPartitions over fewer partitions) so that a few come back, not a partial per task`,
    )
    this.name = 'JobResultRecordsError'
  }
}

/** The challenge's bounds on what an action brings back to the main function (not between a tree's levels). */
export interface JobResultBounds {
  jobResultKb?: number
  jobResultRecords?: number
}

export class ActionResult {
  private readonly texts: string[][]
  private readonly counts: number[]
  private readonly finished: boolean[]
  private chars = 0
  /** Characters of result text the main isolate may receive: a quarter of its memory limit. */
  private readonly limitChars: number

  /**
   * `bounds`: the challenge's bounds on what comes back to the main function, given only to the result
   * that does (a treeReduce's last level, not the levels before it).
   */
  constructor(
    private readonly action: ActionSpec,
    partitions: number,
    private readonly memoryMb: number,
    private readonly bounds: JobResultBounds = {},
  ) {
    this.texts = Array.from({ length: partitions }, () => [])
    this.counts = new Array<number>(partitions).fill(0)
    this.finished = new Array<boolean>(partitions).fill(false)
    this.limitChars = (memoryMb * 2 ** 20) / 4
  }

  /** Adds what one call of partition `p`'s task returned; throws ResultTooLargeError past the bound. */
  add(p: number, out: { text?: string; partial?: string; count?: number }): void {
    if (out.count !== undefined) this.counts[p] = (this.counts[p] ?? 0) + out.count
    const text = out.partial ?? out.text
    if (!text) return
    this.chars += text.length + 1
    if (this.chars > this.limitChars)
      throw new ResultTooLargeError(this.action.kind, this.limitChars, this.memoryMb)
    // A take's tasks may hand back more records than it keeps: its answer is checked in value().
    if (this.action.kind !== 'take') this.checkJobResult(this.chars)
    this.texts[p]?.push(text)
  }

  finish(p: number): void {
    this.finished[p] = true
  }

  /** Whether a take(n) has its n records from partitions that finished, in order: no need to start more. */
  satisfied(): boolean {
    if (this.action.kind !== 'take') return false
    if (this.action.n === 0) return true
    let taken = 0
    for (let p = 0; p < this.finished.length && this.finished[p]; p++) {
      taken += this.counts[p] ?? 0
      if (taken >= this.action.n) return true
    }
    return false
  }

  /** A reduce's partial of each partition, in order, as JSON text ('' for a partition with no records). */
  partials(): string[] {
    return this.texts.map((pieces) => pieces.join('\n'))
  }

  /** The action's answer for the guest: records as JSON lines, in partition order, or the count. */
  value(): { text?: string; count?: number } {
    if (this.action.kind === 'count') return { count: this.counts.reduce((a, b) => a + b, 0) }
    const text = this.texts.flat().join('\n')
    if (this.action.kind !== 'take') return { text: this.checkRecords(text) }
    if (this.action.n === 0) return { text: '' }
    let end = -1
    for (let i = 0; i < this.action.n; i++) {
      end = text.indexOf('\n', end + 1)
      if (end < 0) break
    }
    const taken = end < 0 ? text : text.slice(0, end)
    this.checkJobResult(taken.length + 1)
    return { text: this.checkRecords(taken) }
  }

  /** The records of the answer (a JSON line each) against the challenge's `jobResultRecords`. */
  private checkRecords(text: string): string {
    const { jobResultRecords } = this.bounds
    if (jobResultRecords === undefined || text === '') return text
    let records = 1
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) records++
    if (records > jobResultRecords)
      throw new JobResultRecordsError(this.action.kind, records, jobResultRecords)
    return text
  }

  /** Characters for the main function (JSON text, a newline each) against the challenge's `jobResultKb`. */
  private checkJobResult(chars: number): void {
    const { jobResultKb } = this.bounds
    if (jobResultKb !== undefined && chars > jobResultKb * 1024)
      throw new JobResultLimitError(this.action.kind, jobResultKb)
  }
}
