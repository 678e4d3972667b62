// What tests.ts imports, declared for Monaco in the pack editor (the real module is
// packages/grader/src/authoring, server code that never reaches the browser). Keep in step with it.
export const AUTHORING_API_DTS = `declare module '@arena/grader/authoring' {
  export type CheckResult = { ok: true } | { ok: false; message: string; expected?: string; actual?: string }
  export type CaseParameters = { readonly [name: string]: number }
  export type CaseSize = number | CaseParameters
  export type CaseSource<I, S extends CaseSize = number> = { name: string; input: I } | { name: string; seed: number; size: S }
  export interface GeneratedCases<S extends CaseSize = number> { count: number; sizes: S[] }
  export interface InputFiles {
    write(name: string, chunks: Iterable<ArrayBufferView> | ArrayBufferView): string
    name(name: string): string
  }
  export interface OutputFiles {
    exists(name: string): boolean
    size(name: string): number
    chunks(name: string, chunkBytes?: number): Iterable<Uint8Array>
  }
  export interface GenerateContext { files: InputFiles }
  export interface CheckContext { files: OutputFiles }
  export interface ChallengeTests<I, O = unknown, S extends CaseSize = number> {
    generate(seed: number, size: S, ctx: GenerateContext): I
    check(input: I, output: O, ctx: CheckContext): CheckResult | true | string
    samples: CaseSource<I, S>[]
    hidden: CaseSource<I, S>[]
    generated?: GeneratedCases<S>
    describe?(input: I): string
  }
  export interface Rng {
    int(min: number, max: number): number
    float(): number
    normal(mean?: number, sd?: number): number
    pick<T>(items: readonly T[]): T
  }
  export function defineTests<I, O = unknown, S extends CaseSize = number>(tests: ChallengeTests<I, O, S>): ChallengeTests<I, O, S>
  export function createRng(seed: number): Rng
  export function pass(): CheckResult
  export function fail(message: string, detail?: { expected?: string; actual?: string }): CheckResult
  export function excerpt(value: unknown, maxChars?: number): string
}
`
