// Type-only: the web bundle never contains server code (the one exception is data: the server's
// refusal sentences, apps/server/src/api/refusals.ts, which i18n/en.ts takes as its English).
export type { AppRouter, SubmissionProgress } from '../../../server/src/router.ts'
