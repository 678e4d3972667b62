/**
 * A push-to-pull bridge: callbacks `push` values, one consumer iterates them in order. Ends when
 * `close` is called or the signal aborts (a client that went away).
 */
export class AsyncChannel<T> implements AsyncIterable<T> {
  private readonly buffer: T[] = []
  private waiting: (() => void) | undefined
  private closed = false

  constructor(signal?: AbortSignal) {
    if (signal?.aborted) this.closed = true
    signal?.addEventListener('abort', () => this.close(), { once: true })
  }

  push(value: T): void {
    if (this.closed) return
    this.buffer.push(value)
    this.wake()
  }

  close(): void {
    this.closed = true
    this.wake()
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const next = this.buffer.shift()
      if (next !== undefined) {
        yield next
        continue
      }
      if (this.closed) return
      await new Promise<void>((resolve) => {
        this.waiting = resolve
      })
    }
  }

  private wake(): void {
    const waiting = this.waiting
    this.waiting = undefined
    waiting?.()
  }
}
