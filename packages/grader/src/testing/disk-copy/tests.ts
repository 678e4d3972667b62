import { defineTests, fail } from '../../authoring/index.ts'

interface CopyJob {
  input: string
  output: string
  bytes: number
}

/** The grader's disk fixture: copy an input file (byte i is i % 251) to an output file. */
export default defineTests<CopyJob>({
  generate(_seed, size, ctx) {
    function* chunks() {
      const chunk = new Uint8Array(1 << 16)
      for (let done = 0; done < size; done += chunk.length) {
        const n = Math.min(chunk.length, size - done)
        for (let i = 0; i < n; i++) chunk[i] = (done + i) % 251
        yield chunk.subarray(0, n)
      }
    }
    return {
      input: ctx.files.write('input.bin', chunks()),
      output: ctx.files.name('output.bin'),
      bytes: size,
    }
  },
  check(job, _output, ctx) {
    if (!ctx.files.exists(job.output)) return fail(`no ${job.output}`)
    let at = 0
    for (const chunk of ctx.files.chunks(job.output, 4096)) {
      for (let i = 0; i < chunk.length; i++, at++) {
        if (chunk[i] !== at % 251) return fail(`byte ${at} is ${chunk[i]}, expected ${at % 251}`)
      }
    }
    return at === job.bytes ? true : fail(`${at} bytes, expected ${job.bytes}`)
  },
  samples: [{ name: '1000 bytes', seed: 1, size: 1000 }],
  hidden: [{ name: '3 MB', seed: 2, size: 3_000_000 }],
})
