/** What the challenge page may do to the editor (the editor itself loads lazily). */
export interface EditorHandle {
  focus(): void
  getValue(): string
  setValue(source: string): void
  /** Moves the cursor to a problem the grader found, marks the line and shows the message there. */
  revealProblem(line: number, column: number, message: string): void
  clearProblems(): void
}
