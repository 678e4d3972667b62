// The answer of an action, gathered from its last stage's tasks in partition order: record text
// (collect, take), partial results (reduce: the last fold runs in the learner's main function, as
// Spark's driver does) or counts. Bounded: what comes back must fit the main isolate, as Spark bounds
// what its driver receives (spark.driver.maxResultSize).
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

export class ActionResult {
  private readonly texts: string[][]
  private readonly counts: number[]
  private readonly finished: boolean[]
  private chars = 0
  /** Characters of result text the main isolate may receive: a quarter of its memory limit. */
  private readonly limitChars: number

  constructor(
    private readonly action: ActionSpec,
    partitions: number,
    private readonly memoryMb: number,
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
    if (this.action.kind !== 'take') return { text }
    if (this.action.n === 0) return { text: '' }
    let end = -1
    for (let i = 0; i < this.action.n; i++) {
      end = text.indexOf('\n', end + 1)
      if (end < 0) return { text }
    }
    return { text: text.slice(0, end) }
  }
}
