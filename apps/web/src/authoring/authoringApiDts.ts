// What tests.ts imports, declared for Monaco in the pack editor (the real module is
// packages/grader/src/authoring, server code that never reaches the browser). authoringApiDts.test.ts
// compiles every shipped tests.ts and the scaffold's against this alone, so it cannot fall behind them.
export const AUTHORING_API_DTS = `declare module '@arena/grader/authoring' {
  /** The same text in both languages of the platform. */
  export interface Bilingual { en: string; ko: string }
  /** Words a learner reads: English only, or both languages (\`msg({ en, ko })\`). */
  export type LearnerText = string | Bilingual
  export type CheckResult =
    | { ok: true }
    | { ok: false; message: LearnerText; expected?: string; actual?: string }
  /** Named parameters of a size, e.g. \`{ n: 2000000, w: 1000 }\` (challenge.yaml: \`size: { n: 2000000, w: 1000 }\`). */
  export type CaseParameters = { readonly [name: string]: number }
  /** What generate(seed, size) receives: a whole number, or named parameters. */
  export type CaseSize = number | CaseParameters
  export type CaseSource<I, S extends CaseSize = number> =
    | { name: string; input: I }
    | { name: string; seed: number; size: S }
  /** Seeded cases made fresh for every grading; sizes cycled through, smallest first. */
  export interface GeneratedCases<S extends CaseSize = number> { count: number; sizes: S[] }
  export interface InputFiles {
    /** Writes a file chunk by chunk and returns its name as learner code sees it. */
    write(name: string, chunks: Iterable<ArrayBufferView> | ArrayBufferView): string
    /** The name to give learner code for a file it must create (an output file). */
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
    /** Deterministic: the same seed and size give the same input. */
    generate(seed: number, size: S, ctx: GenerateContext): I
    /** \`output\` is untrusted: check its type. \`true\`/\`pass()\` passes; a message or \`fail(...)\` fails. */
    check(input: I, output: O, ctx: CheckContext): CheckResult | true | LearnerText
    /** Shown to learners with their inputs. */
    samples: CaseSource<I, S>[]
    /** Graded; learners see only their names and verdicts. */
    hidden: CaseSource<I, S>[]
    generated?: GeneratedCases<S>
    /** A short text of an input for messages. */
    describe?(input: I): LearnerText
  }
  export interface Rng {
    /** Integer in [min, max], both inclusive. */
    int(min: number, max: number): number
    /** Float in [0, 1). */
    float(): number
    normal(mean?: number, sd?: number): number
    pick<T>(items: readonly T[]): T
  }
  export function defineTests<I, O = unknown, S extends CaseSize = number>(
    tests: ChallengeTests<I, O, S>,
  ): ChallengeTests<I, O, S>
  /** A seeded generator: the same seed gives the same sequence on every machine. */
  export function createRng(seed: number): Rng
  /** Both languages of one message: \`fail(msg({ en: '...', ko: '...' }))\`. */
  export function msg(text: Bilingual): Bilingual
  export function pass(): CheckResult
  export function fail(message: LearnerText, detail?: { expected?: string; actual?: string }): CheckResult
  export function excerpt(value: unknown, maxChars?: number): string
  export type ColumnType = 'int32' | 'float64' | 'string'
  export type FieldType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64'
  export type ColumnSpec<T extends string = ColumnType> = readonly [name: string, type: T]
  /**
   * A file of the dataset engine's columnar format (row groups of \`rowGroupRows\` rows, default 4096,
   * each column chunk with its min/max), chunk by chunk: \`ctx.files.write('sales.col', columnarFile(schema, rows))\`.
   * Rows are objects by column name or arrays in the schema's order.
   */
  export function columnarFile(
    schema: readonly ColumnSpec[],
    rows: Iterable<unknown>,
    options?: { rowGroupRows?: number },
  ): Generator<Uint8Array, void>
  /** Fixed-layout little-endian binary records, for \`dataset.read(file, { format: 'binary', record })\`. */
  export function binaryRecordsFile(
    layout: readonly ColumnSpec<FieldType>[],
    rows: Iterable<unknown>,
    recordsPerChunk?: number,
  ): Generator<Uint8Array, void>
}
`
