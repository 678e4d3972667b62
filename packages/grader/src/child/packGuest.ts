// The grader's side of the pack-code isolate: bundled in front of a challenge's tests.ts (see
// compile/bundleTests.ts) and evaluated with it inside an isolate of its own (packIsolate.ts). It runs
// as guest code: no Node, no imports at run time. It captures the host's narrow callbacks before any
// pack code runs, gives tests.ts the file contexts and text codecs it may use, and answers the host's
// calls with plain data. Pack code could tamper with this runtime, but only to break its own grading.
import { excerpt } from '../authoring/excerpt.ts'
import type { CheckContext, GenerateContext, OutputFiles } from '../authoring/files.ts'
import { isBilingual, splitLearnerText } from '../authoring/learnerText.ts'
import type { CaseSize, CaseSource, ChallengeTests } from '../authoring/types.ts'
import type { CaseRef } from './caseInput.ts'
import { type Judgement, judgeOutput } from './judgeOutput.ts'
import { PACK_HOST_GLOBAL, type PackHost } from './packHost.ts'

/** What the host calls; every answer is plain data, copied out. */
export interface PackGuest {
  plan(): { samples: unknown[]; hidden: unknown[]; generated: unknown }
  makeInput(slot: number, ref: CaseRef): unknown
  /** Puts an input generated before (a copy the host kept, child/inputCache.ts) in `slot`. */
  adopt(slot: number, input: unknown): void
  /** `describe`'s text (English, and Korean when tests.ts gave it), else an excerpt of at most `maxChars`. */
  describe(slot: number, maxChars: number): { en: string; ko?: string }
  judge(slot: number, output: unknown): Judgement | { fault: string }
  release(slot: number): void
}

// Captured before tests.ts runs, and removed from the global scope. This module runs only inside the
// pack-code isolate: it replaces globals (TextEncoder, console), so the host never imports it.
const scope = globalThis as Record<string, unknown>
const host = scope[PACK_HOST_GLOBAL] as PackHost | undefined
if (!host) throw new Error('packGuest.ts runs only inside the pack-code isolate, which provides its host')
delete scope[PACK_HOST_GLOBAL]
installTextCodecs(host)
installQuietConsole()

const generateContext: GenerateContext = {
  files: {
    write(name, chunks) {
      const handle = host.writeOpen(String(name))
      for (const chunk of ArrayBuffer.isView(chunks) ? [chunks] : chunks)
        host.writeChunk(handle, bytesOf(chunk))
      return host.writeClose(handle)
    },
    name: (name) => host.fileName(String(name)),
  },
}

const outputFiles: OutputFiles = {
  exists: (name) => host.outExists(String(name)),
  size: (name) => host.outSize(String(name)),
  *chunks(name, chunkBytes = 2 ** 20) {
    const handle = host.outOpen(String(name))
    // Each chunk is the buffer the host moved in, yielded as it is (no copy into a reused buffer): the
    // contract ("a view valid until the next chunk") lets a check keep none, so memory stays flat.
    try {
      for (;;) {
        const got = host.outRead(handle, chunkBytes)
        if (!got || got.byteLength === 0) return
        yield new Uint8Array(got)
      }
    } finally {
      host.outClose(handle)
    }
  },
}
const checkContext: CheckContext = { files: outputFiles }

/** A view's own bytes only (a subarray of a large buffer is not copied whole to the host). */
function bytesOf(chunk: ArrayBufferView): Uint8Array {
  const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  return bytes.byteLength === chunk.buffer.byteLength ? bytes : bytes.slice()
}

/**
 * Errors a check cannot throw because of an output, only because the pack's code is broken or reaches
 * for what the sandbox does not have (`process`, `require`, `fetch`): a fault of the challenge.
 */
const FAULT_ERRORS = new Set(['ReferenceError', 'SyntaxError', 'EvalError'])

export function installPackGuest(tests: ChallengeTests<unknown>): PackGuest {
  if (!tests || typeof tests.generate !== 'function' || typeof tests.check !== 'function') {
    throw new TypeError('tests.ts must `export default defineTests({ generate, check, samples, hidden })`')
  }
  const inputs = new Map<number, unknown>()
  const inputOf = (slot: number) => {
    if (!inputs.has(slot)) throw new RangeError(`no input in slot ${slot}`)
    return inputs.get(slot)
  }
  return {
    plan: () => ({
      samples: (tests.samples ?? []).map((sample) => sample?.name),
      hidden: (tests.hidden ?? []).map((hidden) => hidden?.name),
      generated: tests.generated ? { count: tests.generated.count, sizes: tests.generated.sizes } : null,
    }),
    makeInput(slot, ref) {
      const input = caseInputOf(tests, ref)
      inputs.set(slot, input)
      return input
    },
    adopt(slot, input) {
      inputs.set(slot, input)
    },
    describe(slot, maxChars) {
      const input = inputOf(slot)
      const text = tests.describe ? tests.describe(input) : excerpt(input, maxChars)
      if (typeof text === 'string') return { en: text }
      return isBilingual(text) ? splitLearnerText(text) : { en: excerpt(text, maxChars) }
    },
    judge(slot, output) {
      let fault: unknown
      const guarded: ChallengeTests<unknown> = {
        ...tests,
        check(input, value, ctx) {
          try {
            const verdict = tests.check(input, value, ctx)
            if (isVerdict(verdict)) return verdict
            // A path of check without a return (undefined), or null/false: the pack's fault, not a
            // verdict on the output; the types refuse it, this catches plain JavaScript and `as any`.
            fault = new TypeError(
              `it returned ${excerpt(verdict, 40)}, not true, pass(), fail(message) or a message`,
            )
            return true
          } catch (error) {
            if (error instanceof Error && FAULT_ERRORS.has(error.name)) fault = error
            throw error
          }
        },
      }
      const judgement = judgeOutput(guarded, inputOf(slot), output, checkContext)
      if (fault) return { fault: `${(fault as Error).name}: ${(fault as Error).message}` }
      return judgement
    },
    release(slot) {
      inputs.delete(slot)
    },
  }
}

/** What `check` may return: true, a message, `msg({ en, ko })`, or a `pass()`/`fail()` result. */
function isVerdict(verdict: unknown): boolean {
  if (verdict === true || typeof verdict === 'string' || isBilingual(verdict)) return true
  return (
    typeof verdict === 'object' && verdict !== null && typeof (verdict as { ok?: unknown }).ok === 'boolean'
  )
}

/** As child/caseInput.ts, with the input files written through the host; no copy of a literal is needed. */
function caseInputOf(tests: ChallengeTests<unknown, unknown, CaseSize>, ref: CaseRef): unknown {
  if (ref.kind === 'generated') return tests.generate(ref.seed, ref.size, generateContext)
  const source: CaseSource<unknown, CaseSize> | undefined = (
    ref.kind === 'sample' ? tests.samples : tests.hidden
  )[ref.index]
  if (!source) throw new RangeError(`tests.ts has no ${ref.kind} case #${ref.index}`)
  return 'input' in source ? source.input : tests.generate(source.seed, source.size, generateContext)
}

/** TextEncoder/TextDecoder (UTF-8 only) over the host's codecs: tests.ts files encode corpora with them. */
function installTextCodecs(codecs: PackHost): void {
  class ArenaTextEncoder {
    readonly encoding = 'utf-8'
    encode(text = ''): Uint8Array {
      const string = String(text)
      return asciiBytes(string) ?? new Uint8Array(codecs.utf8Encode(string))
    }
  }
  // A decoder holds state on the host only while a stream is open (the host's handles are bounded, and
  // an isolate has no finalizer to free them): a check that makes a TextDecoder per row, or per file,
  // must not run out of them and fail a correct solution.
  class ArenaTextDecoder {
    readonly encoding = 'utf-8'
    readonly #fatal: boolean
    readonly #ignoreBOM: boolean
    /** The host's decoder of an open stream: it may hold the start of a character. */
    #stream: number | undefined
    constructor(label = 'utf-8', options: { fatal?: boolean; ignoreBOM?: boolean } = {}) {
      if (!/^(utf-?8|unicode-1-1-utf-8)$/i.test(String(label).trim())) {
        throw new RangeError(`TextDecoder: only UTF-8 is available in the sandbox, not "${label}"`)
      }
      this.#fatal = Boolean(options.fatal)
      this.#ignoreBOM = Boolean(options.ignoreBOM)
    }
    decode(input?: ArrayBufferView | ArrayBuffer, options: { stream?: boolean } = {}): string {
      const stream = Boolean(options.stream)
      const view =
        input === undefined
          ? undefined
          : ArrayBuffer.isView(input)
            ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
            : new Uint8Array(input as ArrayBuffer)
      if (stream || this.#stream !== undefined) {
        this.#stream ??= codecs.decoderOpen(this.#fatal, this.#ignoreBOM)
        const id = this.#stream
        // A call without `stream` ends the stream: the host frees its decoder.
        if (!stream) this.#stream = undefined
        return codecs.decoderWrite(id, view && bytesOf(view), stream)
      }
      // ASCII decodes to itself whatever the decoder's options (a BOM is not ASCII): no host call.
      const text = view === undefined ? '' : asciiText(view)
      return text ?? codecs.utf8Decode(view && bytesOf(view), this.#fatal, this.#ignoreBOM)
    }
  }
  Object.defineProperty(globalThis, 'TextEncoder', {
    value: ArenaTextEncoder,
    writable: true,
    configurable: true,
  })
  Object.defineProperty(globalThis, 'TextDecoder', {
    value: ArenaTextDecoder,
    writable: true,
    configurable: true,
  })
}

/**
 * Text short enough to code here, and ASCII (where UTF-8 is the identity): a host call costs 10-60 µs,
 * and a check that decoded one string per row spent 14 s on 500,000 of them (columnar-pushdown).
 */
const CODE_HERE_UP_TO = 4096

function asciiBytes(text: string): Uint8Array | undefined {
  if (text.length > CODE_HERE_UP_TO) return undefined
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code > 0x7f) return undefined
    bytes[i] = code
  }
  return bytes
}

function asciiText(bytes: Uint8Array): string | undefined {
  if (bytes.length > CODE_HERE_UP_TO) return undefined
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) > 0x7f) return undefined
  // One flat string: built by `+=`, each would be a rope of one-character strings, many times its size.
  return String.fromCharCode.apply(null, bytes as unknown as number[])
}

/** console.log left in a tests.ts while writing it must not fail a grading: it prints nowhere. */
function installQuietConsole(): void {
  const quiet = () => {}
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table', 'time', 'timeEnd']
  const console = Object.fromEntries(methods.map((method) => [method, quiet]))
  Object.defineProperty(globalThis, 'console', { value: console, writable: true, configurable: true })
}
