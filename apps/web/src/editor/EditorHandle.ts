/** What the challenge page may do to the editor (the editor itself loads lazily). */
export interface EditorHandle {
  focus(): void
  getValue(): string
  setValue(source: string): void
  /** Moves the cursor to a problem the grader found, marks the line and shows the message there. */
  revealProblem(line: number, column: number, message: string): void
  clearProblems(): void
  /** Moves the cursor to a position and focuses the editor (e.g. a type error's). */
  goTo(line: number, column: number): void
  /**
   * Marks the lines where a submission's time went, each with a hint after it ("31% of the time");
   * the marks move with edits. An empty list clears them.
   */
  markHotLines(lines: readonly { line: number; label: string }[]): void
}

/** A type error Monaco's TypeScript service reports in the learner's file. */
export interface TypeProblem {
  line: number
  column: number
  message: string
}
