// Type-only: the web bundle never contains server code.
export type { AppRouter, SubmissionProgress } from '../../../server/src/router.ts'
