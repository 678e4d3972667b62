import { describe, expect, it } from 'vitest'
import { acquireGpu } from '../webgpu/gpuDevice.ts'
import { checkKernelJob, type KernelJob } from './kernelJob.ts'
import { runKernelJob } from './runKernelJob.ts'

const never = new Promise<never>(() => {})

function job(raw: Record<string, unknown>): KernelJob {
  const checked = checkKernelJob({ kernel: 'k', read: [], flops: 0, ...raw }, 65535)
  if (typeof checked === 'string') throw new Error(checked)
  return checked
}

const SQUARE = job({
  code: `@group(0) @binding(0) var<storage, read_write> a: array<i32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x < arrayLength(&a)) { a[id.x] = a[id.x] * a[id.x]; } }`,
  buffers: {
    a: { type: 'i32', length: 100, data: Int32Array.from({ length: 100 }, (_, i) => i - 50), uniform: false },
  },
  dispatches: [{ entryPoint: 'main', workgroups: [2, 1, 1], bind: ['a'] }],
  read: ['a'],
})

describe('runKernelJob (Dawn on this machine: SwiftShader in CI)', () => {
  it('times the passes with timestamp queries, or the fenced submit without them', async () => {
    const gpu = await acquireGpu()
    const timed = await runKernelJob(gpu, SQUARE, never)
    const walled = await runKernelJob({ ...gpu, hasTimestamps: false }, SQUARE, never)
    for (const outcome of [timed, walled]) {
      if (!outcome.ok) throw new Error(outcome.fault.message)
      expect(Array.from(outcome.outputs.a as Int32Array)).toEqual(
        Array.from({ length: 100 }, (_, i) => (i - 50) ** 2),
      )
      expect(outcome.measured.kernelNs).toBeGreaterThan(0)
    }
    expect(timed.ok && timed.measured.clock).toBe(gpu.hasTimestamps ? 'timestamps' : 'wall')
    expect(walled.ok && walled.measured).toMatchObject({
      clock: 'wall',
      dispatches: 1,
      bytesUploaded: 400,
      bytesReadBack: 400,
    })
  })

  it('compiles pipelines off the thread, once per module and entry point, and words their errors as before', async () => {
    const gpu = await acquireGpu()
    const compiles: string[] = []
    const onCompile = (kernel: string) => {
      compiles.push(`start ${kernel}`)
      return () => compiles.push(`end ${kernel}`)
    }
    const fresh = job({ ...SQUARE, kernel: 'fresh', code: `${SQUARE.code}\n// fresh` })
    for (let round = 0; round < 2; round++) {
      const outcome = await runKernelJob(gpu, fresh, never, undefined, onCompile)
      expect(outcome.ok).toBe(true)
    }
    // The module (Tint, on this thread), then its one pipeline (off it); the second run is cached.
    expect(compiles).toEqual(['start fresh', 'end fresh', 'start fresh', 'end fresh'])
    // Jobs of one kernel launched together share one module compile and one pipeline compile.
    compiles.length = 0
    const twin = job({ ...fresh, code: `${fresh.code}\n// twin` })
    const both = await Promise.all([1, 2].map(() => runKernelJob(gpu, twin, never, undefined, onCompile)))
    expect(both.every((outcome) => outcome.ok)).toBe(true)
    expect(compiles.filter((entry) => entry.startsWith('start')).length).toBe(2)
    // A pipeline error is the async compile's rejection now, worded as the validation scope's was.
    const missing = await runKernelJob(
      gpu,
      job({ ...SQUARE, dispatches: [{ entryPoint: 'nope', workgroups: [1, 1, 1], bind: ['a'] }] }),
      never,
    )
    expect(missing).toEqual({
      ok: false,
      fault: {
        status: 'RuntimeError',
        message:
          'GPU error in kernel "k": Entry point ""nope"" doesn\'t exist in the shader module [ShaderModule "k"].',
      },
    })
    // A run that ended while a job waited starts no compile.
    const late = await runKernelJob(gpu, job({ ...fresh, code: `${fresh.code}\n// late` }), never, () => true)
    expect(late).toEqual({
      ok: false,
      fault: { status: 'RuntimeError', message: 'gpu: the run ended before kernel "fresh" started' },
    })
  })

  it('rejects checked-out jobs that do not hold together', () => {
    expect(checkKernelJob({ code: 'x', buffers: { a: { type: 'f64', length: 1 } } }, 65535)).toMatch(
      /no WGSL type/,
    )
    expect(
      checkKernelJob(
        {
          code: 'x',
          buffers: {},
          dispatches: [{ entryPoint: 'main', workgroups: [1, 1, 1], bind: ['ghost'] }],
          read: [],
          flops: 0,
        },
        65535,
      ),
    ).toMatch(/does not exist/)
    expect(
      checkKernelJob(
        {
          code: 'x',
          buffers: {},
          dispatches: [{ entryPoint: 'main', workgroups: [70000, 1, 1], bind: [] }],
          read: [],
          flops: 0,
        },
        65535,
      ),
    ).toMatch(/workgroups/)
    expect(
      checkKernelJob(
        {
          code: 'x',
          buffers: { a: { type: 'f32', length: 4, data: new Float32Array(3), uniform: false } },
          dispatches: [{ entryPoint: 'main', workgroups: [1, 1, 1], bind: ['a'] }],
          read: [],
          flops: 0,
        },
        65535,
      ),
    ).toMatch(/does not hold 4 f32 values/)
  })
})

describe('checkKernelJob', () => {
  // Issue 14, class 7: a few KB whose calls double at each level held the child's thread in the
  // synchronous pipeline compile until the pool killed it (120 s under a 30 s wall limit).
  it('refuses WGSL whose entry points inline to more than 256 KB, before the compiler sees it', () => {
    const base = { kernel: 'k', read: [], flops: 0, buffers: {} }
    let fns = 'fn f0(x: f32) -> f32 { return sin(x) * 1.0001; }\n'
    for (let k = 1; k <= 20; k++)
      fns += `fn f${k}(x: f32) -> f32 { return f${k - 1}(x) + f${k - 1}(x * 0.5); }\n`
    const bomb = `${fns}@compute @workgroup_size(1) fn main() { let y = f20(1.0); }`
    const dispatches = [{ entryPoint: 'main', workgroups: [1, 1, 1], bind: [] }]
    expect(bomb.length).toBeLessThan(4096)
    expect(checkKernelJob({ ...base, code: bomb, dispatches }, 65535)).toMatch(
      /the WGSL its entry points compile to is over 256 KB .*inlines every function call/,
    )
    // The same helpers a few levels deep, and a comment that mentions calls, compile as written.
    const shallow = `${fns}// f20(f20(f20()))\n@compute @workgroup_size(1) fn main() { let y = f4(1.0) + f3(2.0); }`
    expect(typeof checkKernelJob({ ...base, code: shallow, dispatches }, 65535)).toBe('object')
  })

  it('treats buffer names like Object.prototype keys as plain names', () => {
    const base = {
      kernel: 'k',
      code: 'x',
      read: [],
      flops: 0,
      dispatches: [{ entryPoint: 'main', workgroups: [1, 1, 1], bind: ['constructor'] }],
    }
    // `constructor` is no buffer of this job: the bind must not find Object.prototype's.
    expect(checkKernelJob({ ...base, buffers: {} }, 65535)).toBe(
      'a dispatch binds a buffer that does not exist',
    )
    const buffers = JSON.parse(
      '{"__proto__": {"type": "f32", "length": 4}, "constructor": {"type": "u32", "length": 2}}',
    )
    const checked = checkKernelJob({ ...base, buffers, read: ['__proto__'] }, 65535)
    if (typeof checked === 'string') throw new Error(checked)
    expect(Object.keys(checked.buffers).sort()).toEqual(['__proto__', 'constructor'])
    expect(Object.getOwnPropertyDescriptor(checked.buffers, '__proto__')?.value).toMatchObject({
      type: 'f32',
      length: 4,
    })
    expect(checked.read).toEqual(['__proto__'])
  })
})
