// The pack-code isolate: a challenge's tests.ts (untrusted instructor code) runs here, in a sandbox
// child, in an isolated-vm isolate of its own (never the learner's), with the guest lockdown, no Node
// APIs, a memory limit and a wall-time budget per task. It reaches the host only through the narrow
// callbacks below (input files of this task's folder, the output files of the run being checked, UTF-8
// codecs), each checking its arguments. Inputs are built there and copied out; outputs are copied in.
import { readFile } from 'node:fs/promises'
import { GUEST_LOCKDOWN_SOURCE, markProcessTainted } from '@arena/sandbox'
import ivm from 'isolated-vm'
import { type CaseSize, caseSizeMismatch, checkedCaseSize } from '../caseSize.ts'
import { PACK_BUNDLE_GLOBAL } from '../compile/bundleTests.ts'
import type { PackCode } from '../packCode.ts'
import type { CaseRef } from './caseInput.ts'
import type { Judgement } from './judgeOutput.ts'
import { PACK_HOST_GLOBAL, type PackHost } from './packHost.ts'
import type { InputContext, InputFileWriter, OutputFileReader, outputReader } from './scratch.ts'

/** A fault of the challenge's own code: the message names the challenge and the function. */
export class PackFault extends Error {
  readonly code = 'ARENA_PACK_FAULT'
}

/** The challenge's case list, as tests.ts declares it (checked: names, counts and sizes only). */
export interface PackPlan {
  samples: { name: string }[]
  hidden: { name: string }[]
  generated?: { count: number; sizes: CaseSize[] }
}

/** Bytes of input files one task's generate calls may write in all. */
const INPUT_FILES_MAX_BYTES = 4 * 2 ** 30
/** Files open at once, and text decoders in the middle of a stream, per isolate. */
const MAX_HANDLES = 256
const MAX_CHUNK_BYTES = 64 * 2 ** 20
const MAX_NAME_CHARS = 200
const MAX_CASES = 10_000
/** A fault's quoted reason: enough to find the bug, bounded like every message. */
const MAX_REASON_CHARS = 600

type GuestFunction = 'plan' | 'makeInput' | 'adopt' | 'describe' | 'judge' | 'release'
type OutputFiles = ReturnType<typeof outputReader>

export class PackIsolate {
  private usedMs = 0
  private fault: PackFault | undefined
  private wallExpired = false
  private inputContext: InputContext | undefined
  private outputFiles: OutputFiles | undefined
  private readonly writers = new Map<number, InputFileWriter>()
  private readonly readers = new Map<number, OutputFileReader>()
  private readonly decoders = new Map<number, InstanceType<typeof TextDecoder>>()
  private nextHandle = 1
  private writtenBytes = 0
  private functions: Partial<Record<GuestFunction, ivm.Reference>> = {}

  private constructor(
    private readonly code: PackCode,
    private readonly isolate: ivm.Isolate,
  ) {}

  /** A fresh isolate with tests.ts evaluated in it; a PackFault when its top level fails. */
  static async open(code: PackCode): Promise<PackIsolate> {
    const pack = new PackIsolate(code, new ivm.Isolate({ memoryLimit: code.memoryMb }))
    try {
      await pack.load()
    } catch (error) {
      pack.dispose()
      throw error
    }
    return pack
  }

  /** Whether this isolate can serve another task (no fault, not disposed). */
  get usable(): boolean {
    return !this.fault && !this.isolate.isDisposed
  }

  /** A new task's budget: the wall time of `code.wallMs` again for its calls. */
  beginTask(): void {
    this.usedMs = 0
  }

  dispose(): void {
    for (const writer of this.writers.values()) writer.abort()
    for (const reader of this.readers.values()) reader.close()
    this.writers.clear()
    this.readers.clear()
    this.decoders.clear()
    if (!this.isolate.isDisposed) this.isolate.dispose()
  }

  async plan(): Promise<PackPlan> {
    const raw = await this.call<unknown>('case list', 'plan', [])
    const plan = checkedPlan(raw)
    if (typeof plan === 'string') throw this.faultOf('case list', plan)
    return plan
  }

  /** Builds a case's input in `slot` (kept in the isolate for describe and judge) and copies it out. */
  async makeInput(slot: number, ref: CaseRef, files: InputContext): Promise<unknown> {
    this.inputContext = files
    try {
      return await this.call('generate', 'makeInput', [slot, ref])
    } finally {
      this.inputContext = undefined
      for (const writer of this.writers.values()) writer.abort()
      this.writers.clear()
    }
  }

  /** Puts a copy of an input generated before in `slot`, as makeInput would have left it there. */
  async adopt(slot: number, input: unknown): Promise<void> {
    await this.call('generate', 'adopt', [slot, input])
  }

  /** tests.ts's `describe` of the input in `slot`, else an excerpt of at most `maxChars`. */
  async describe(slot: number, maxChars = 200): Promise<ShownInput> {
    const text = await this.call<unknown>('describe', 'describe', [slot, maxChars])
    const shown = shownInputOf(text)
    if (!shown) throw this.faultOf('describe', 'it did not return a string or { en, ko } strings')
    return shown
  }

  /** tests.ts's check on an output (copied in), with the run's output files readable. */
  async judge(slot: number, output: unknown, files: OutputFiles): Promise<Judgement> {
    this.outputFiles = files
    let raw: unknown
    try {
      raw = await this.call('check', 'judge', [slot, output])
    } finally {
      this.outputFiles = undefined
      for (const reader of this.readers.values()) reader.close()
      this.readers.clear()
    }
    const judgement = checkedJudgement(raw)
    if (typeof judgement === 'string') throw this.faultOf('check', judgement)
    return judgement
  }

  async release(slot: number): Promise<void> {
    await this.call('release', 'release', [slot])
  }

  private async load(): Promise<void> {
    const source = await readFile(this.code.bundle, 'utf8')
    const context = await this.isolate.createContext()
    await context.eval(GUEST_LOCKDOWN_SOURCE, { timeout: 1000 })
    await this.installHost(context)
    await this.timed('tests.ts', async (timeout) => {
      const script = await this.isolate.compileScript(source, { filename: 'tests.ts' })
      await script.run(context, { timeout })
    })
    const guest = await context.eval(`globalThis[${JSON.stringify(PACK_BUNDLE_GLOBAL)}]?.guest`, {
      reference: true,
      timeout: 1000,
    })
    for (const name of ['plan', 'makeInput', 'adopt', 'describe', 'judge', 'release'] as const) {
      const fn = await guest.get(name, { reference: true })
      if (fn.typeof !== 'function') throw this.faultOf('tests.ts', 'the bundle has no pack runtime')
      this.functions[name] = fn
    }
  }

  private async call<T>(what: string, name: GuestFunction, args: unknown[]): Promise<T> {
    const fn = this.functions[name]
    if (!fn) throw this.faultOf(what, 'the pack runtime is not loaded')
    return this.timed(
      what,
      async (timeout) =>
        (await fn.apply(undefined, args, {
          timeout,
          arguments: { copy: true },
          result: { copy: true },
        })) as T,
    )
  }

  /**
   * Runs one step against the task's budget: isolated-vm's timeout for synchronous code, and a host
   * watchdog that disposes the isolate for what the timeout does not cover (promise jobs, some long V8
   * operations). Any failure becomes this isolate's PackFault, and every later call repeats it.
   */
  private async timed<T>(what: string, step: (timeoutMs: number) => Promise<T>): Promise<T> {
    if (this.fault) throw this.fault
    const remaining = Math.ceil(this.code.wallMs - this.usedMs)
    if (remaining <= 0) throw this.faultOf(what, this.timeReason())
    const started = performance.now()
    const watchdog = setTimeout(() => {
      this.wallExpired = true
      if (!this.isolate.isDisposed) this.isolate.dispose()
    }, remaining)
    try {
      return await step(remaining)
    } catch (error) {
      throw this.faultOf(what, this.reasonOf(error))
    } finally {
      clearTimeout(watchdog)
      this.usedMs += performance.now() - started
    }
  }

  private reasonOf(error: unknown): string {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    if (this.wallExpired || /Script execution timed out/.test(message)) return this.timeReason()
    if (
      this.isolate.isDisposed ||
      /memory limit|Array buffer allocation failed|Invalid (string|array buffer) length|out of memory/i.test(
        message,
      )
    ) {
      // Processes whose isolate was disposed for memory were seen to crash at exit: replace this one.
      markProcessTainted()
      return `it ran out of its ${this.code.memoryMb} MB of memory`
    }
    return message
  }

  private timeReason(): string {
    return `it ran past its ${this.code.wallMs} ms (the time the challenge's own code has per test)`
  }

  private faultOf(what: string, reason: string): PackFault {
    const bounded = reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS - 1)}…` : reason
    this.fault ??= new PackFault(
      `The challenge "${this.code.challenge}"'s ${what} failed: ${bounded}. This is a fault of the challenge, not a verdict on your code.`,
    )
    return this.fault
  }

  /** The host's callbacks, in place before the bundle runs (the guest runtime takes them, then hides them). */
  private async installHost(context: ivm.Context): Promise<void> {
    const callbacks: Record<keyof PackHost, (...args: never[]) => unknown> = {
      writeOpen: (name: unknown) => {
        const files = this.inputContext
        if (!files) throw new Error('input files can only be written while generate runs')
        if (this.writers.size >= MAX_HANDLES) throw new Error(`more than ${MAX_HANDLES} files open at once`)
        const handle = this.nextHandle++
        this.writers.set(handle, files.files.open(checkedName(name)))
        return handle
      },
      writeChunk: (handle: unknown, bytes: unknown) => {
        const writer = this.writers.get(handle as number)
        if (!writer) throw new Error('that file is not open')
        if (!(bytes instanceof Uint8Array)) throw new TypeError('a file chunk must be a typed array')
        this.writtenBytes += bytes.byteLength
        if (this.writtenBytes > INPUT_FILES_MAX_BYTES) {
          throw new RangeError(`input files may hold ${INPUT_FILES_MAX_BYTES / 2 ** 30} GiB in all`)
        }
        writer.write(bytes)
      },
      writeClose: (handle: unknown) => {
        const writer = this.writers.get(handle as number)
        if (!writer) throw new Error('that file is not open')
        this.writers.delete(handle as number)
        return writer.close()
      },
      fileName: (name: unknown) => {
        const files = this.inputContext
        if (!files) throw new Error('file names are given while generate runs')
        return files.files.name(checkedName(name))
      },
      outExists: (name: unknown) => this.currentOutputs().exists(checkedName(name)),
      outSize: (name: unknown) => this.currentOutputs().size(checkedName(name)),
      outOpen: (name: unknown) => {
        const outputs = this.currentOutputs()
        if (this.readers.size >= MAX_HANDLES) throw new Error(`more than ${MAX_HANDLES} files open at once`)
        const handle = this.nextHandle++
        this.readers.set(handle, outputs.open(checkedName(name)))
        return handle
      },
      outRead: (handle: unknown, chunkBytes: unknown) => {
        const reader = this.readers.get(handle as number)
        if (!reader) throw new Error('that file is not open')
        if (
          !Number.isInteger(chunkBytes) ||
          (chunkBytes as number) < 1 ||
          (chunkBytes as number) > MAX_CHUNK_BYTES
        ) {
          throw new RangeError(`chunkBytes must be a whole number from 1 to ${MAX_CHUNK_BYTES}`)
        }
        const bytes = reader.read(chunkBytes as number)
        return bytes && transferredIn(bytes)
      },
      outClose: (handle: unknown) => {
        this.readers.get(handle as number)?.close()
        this.readers.delete(handle as number)
      },
      utf8Encode: (text: unknown) => {
        if (typeof text !== 'string') throw new TypeError('TextEncoder.encode takes a string')
        // A fresh buffer of its own: a pooled Buffer would hand its neighbours' bytes to the isolate.
        return transferredIn(new TextEncoder().encode(text))
      },
      utf8Decode: (bytes: unknown, fatal: unknown, ignoreBOM: unknown) => {
        if (bytes !== undefined && !(bytes instanceof Uint8Array)) throw new TypeError('decode takes bytes')
        return new TextDecoder('utf-8', { fatal: fatal === true, ignoreBOM: ignoreBOM === true }).decode(
          bytes,
        )
      },
      decoderOpen: (fatal: unknown, ignoreBOM: unknown) => {
        if (this.decoders.size >= MAX_HANDLES) {
          throw new Error(
            `more than ${MAX_HANDLES} TextDecoders streaming at once (end a stream with a decode() without { stream: true })`,
          )
        }
        const id = this.nextHandle++
        this.decoders.set(
          id,
          new TextDecoder('utf-8', { fatal: fatal === true, ignoreBOM: ignoreBOM === true }),
        )
        return id
      },
      decoderWrite: (id: unknown, bytes: unknown, stream: unknown) => {
        const decoder = this.decoders.get(id as number)
        if (!decoder) throw new Error('that TextDecoder is gone')
        if (bytes !== undefined && !(bytes instanceof Uint8Array)) throw new TypeError('decode takes bytes')
        if (stream !== true) this.decoders.delete(id as number)
        return decoder.decode(bytes, { stream: stream === true })
      },
    }
    const names = Object.keys(callbacks) as (keyof PackHost)[]
    await context.evalClosure(
      `globalThis[${JSON.stringify(PACK_HOST_GLOBAL)}] = { ${names.map((name, index) => `${name}: $${index}`).join(', ')} }`,
      names.map((name) => new ivm.Callback(callbacks[name])),
      { timeout: 1000 },
    )
  }

  private currentOutputs(): OutputFiles {
    if (!this.outputFiles) throw new Error('output files can only be read while check runs')
    return this.outputFiles
  }
}

/**
 * Bytes the host hands the guest, moved rather than copied (a file chunk of check's reads, an encoded
 * string): the host lets go of the buffer and the isolate takes it in as a plain ArrayBuffer, so
 * the guest gets data, never an isolated-vm handle. Only a buffer the bytes fill is moved whole;
 * anything else is cut to its own bytes first (a view would hand over its neighbours).
 */
function transferredIn(bytes: Uint8Array): unknown {
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice()
  return new ivm.ExternalCopy(own.buffer, { transferOut: true }).copyInto({ release: true, transferIn: true })
}

function checkedName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_CHARS) {
    throw new TypeError(`a file name must be a string of 1 to ${MAX_NAME_CHARS} characters`)
  }
  return name
}

function checkedPlan(raw: unknown): PackPlan | string {
  if (typeof raw !== 'object' || raw === null) return 'tests.ts exports no case list'
  const { samples, hidden, generated } = raw as Record<string, unknown>
  const names = (list: unknown, kind: string): { name: string }[] | string => {
    if (!Array.isArray(list)) return `\`${kind}\` is not an array`
    if (list.length > MAX_CASES) return `\`${kind}\` holds more than ${MAX_CASES} cases`
    const bad = list.findIndex(
      (name) => typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_CHARS,
    )
    if (bad >= 0) return `${kind}[${bad}] has no name of 1 to ${MAX_NAME_CHARS} characters`
    return list.map((name: string) => ({ name }))
  }
  const sampleList = names(samples, 'samples')
  if (typeof sampleList === 'string') return sampleList
  const hiddenList = names(hidden, 'hidden')
  if (typeof hiddenList === 'string') return hiddenList
  if (generated === null || generated === undefined) return { samples: sampleList, hidden: hiddenList }
  const { count, sizes } = generated as { count?: unknown; sizes?: unknown }
  if (!Number.isInteger(count) || (count as number) < 0 || (count as number) > MAX_CASES) {
    return `generated.count must be a whole number up to ${MAX_CASES}`
  }
  const checked = Array.isArray(sizes) ? sizes.map(checkedCaseSize) : []
  if (checked.length === 0 || checked.length > MAX_CASES || !checked.every((size) => size !== undefined)) {
    return 'generated.sizes must be a list of sizes: whole numbers, or named parameters such as { n: 1000, w: 10 }'
  }
  const mismatch = checked.map((size) => caseSizeMismatch(checked[0] as CaseSize, size)).find(Boolean)
  if (mismatch) return `a size in generated.sizes ${mismatch}`
  return {
    samples: sampleList,
    hidden: hiddenList,
    generated: { count: count as number, sizes: checked as CaseSize[] },
  }
}

/** An input's summary for learners: English, and Korean when tests.ts gave both. */
export interface ShownInput {
  en: string
  ko?: string
}

function shownInputOf(raw: unknown): ShownInput | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  const { en, ko } = raw as Record<string, unknown>
  if (typeof en !== 'string' || (ko !== undefined && typeof ko !== 'string')) return undefined
  return ko === undefined ? { en } : { en, ko }
}

/** A judgement as plain strings (the isolate's answer is data, but of any shape). */
function checkedJudgement(raw: unknown): Judgement | string {
  if (typeof raw !== 'object' || raw === null) return 'the pack runtime gave no judgement'
  const value = raw as Record<string, unknown>
  if (typeof value.fault === 'string') return value.fault
  if (value.ok === true) return { ok: true }
  const text = (field: unknown) => (typeof field === 'string' ? field : undefined)
  return {
    ok: false,
    message: text(value.message) ?? 'The output is wrong.',
    messageKo: text(value.messageKo),
    expected: text(value.expected),
    actual: text(value.actual),
  }
}
