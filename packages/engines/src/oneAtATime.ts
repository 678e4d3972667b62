/**
 * Work that takes turns: each piece starts once the one asked for before it has ended, however that
 * ended (a rejection is its caller's, not the next piece's). A pool worker's tasks, a mapreduce
 * engine's chains and a dataset engine's actions run this way, on the server and in the page.
 */
export class OneAtATime {
  private last: Promise<unknown> = Promise.resolve()

  run<T>(work: () => Promise<T>): Promise<T> {
    const mine = this.last.then(work)
    this.last = mine.catch(() => undefined)
    return mine
  }

  /** Settles once the work asked for so far has ended. */
  idle(): Promise<void> {
    return this.last.then(() => undefined)
  }
}
