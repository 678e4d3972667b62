import type { ProgressEvent } from '@arena/grader'

/** One short line for a progress bar or status line. */
export function describeProgress(event: ProgressEvent): string {
  switch (event.phase) {
    case 'compiling':
      return 'compiling'
    case 'testing':
      return `testing ${Math.min(event.done + 1, event.total)}/${event.total}${event.name ? ` ${event.name}` : ''}`
    case 'perf':
      return `perf ${event.caseName} (case ${event.casesDone + 1}/${event.casesTotal}) round ${event.round}/${event.maxRounds}`
    case 'profiling':
      return `profiling ${event.caseName} (untimed)`
    case 'done':
      return event.status
  }
}
