import type { RouterOutputs } from '../api/types.ts'

export type AuthoredPackSummary = RouterOutputs['authoring']['mine'][number]
export type PackDraft = RouterOutputs['authoring']['get']
export type PackProblem = PackDraft['problems'][number]
export type PackTest = NonNullable<PackDraft['test']>
export type PackTestRow = NonNullable<PackTest['report']>['rows'][number]
export type PackVersion = PackDraft['versions'][number]
export type Regrade = RouterOutputs['authoring']['regrade']
export type PackFiles = Record<string, string>
