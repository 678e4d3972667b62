// How job classes match runner classes. A runner class is `cpu` or `gpu:<adapter>` (what
// `detectGpuRunnerClass()` reports, e.g. `gpu:swiftshader`, `gpu:nvidia`). A job class is either a
// runner class (only runners of exactly that class take it) or a family, `gpu`, that every `gpu:*`
// runner takes. A family never includes another family: a `gpu` job never goes to a `cpu` runner.

/** The job classes a runner of `runnerClass` takes, most specific first. */
export function claimableJobClasses(runnerClass: string): string[] {
  const colon = runnerClass.indexOf(':')
  return colon > 0 ? [runnerClass, runnerClass.slice(0, colon)] : [runnerClass]
}

/** Whether a runner of `runnerClass` takes jobs of `jobClass`. */
export function runnerTakes(runnerClass: string, jobClass: string): boolean {
  return claimableJobClasses(runnerClass).includes(jobClass)
}
