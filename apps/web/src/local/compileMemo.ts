/**
 * The last compile the page started, by what it compiled (the source with the entry and engines it was
 * compiled for): a Run of the text the editor's live compile already compiled (or is compiling) takes
 * that compile instead of starting the same one again. esbuild's output depends on nothing else, so
 * the program is the one a fresh compile would give. A compile that failed to run (esbuild could not
 * start) is forgotten: the next asks again.
 */
export class CompileMemo<Result> {
  private last: { key: string; result: Promise<Result> } | undefined

  remember(key: string, result: Promise<Result>): Promise<Result> {
    this.last = { key, result }
    result.catch(() => {
      if (this.last?.result === result) this.last = undefined
    })
    return result
  }

  /** The compile of exactly `key`, if it is the last one started. */
  recall(key: string): Promise<Result> | undefined {
    return this.last?.key === key ? this.last.result : undefined
  }
}

/** What a compile's output depends on: the text, the entry it exports, the engines it may import. */
export function compileKey(source: string, entry: string, engines: readonly string[]): string {
  return JSON.stringify([entry, engines, source])
}
