import { inlinedChars } from './wgslInlining.ts'

/** The WGSL scalar types a buffer holds: what a typed array maps to. */
export type ElementType = 'f32' | 'u32' | 'i32'
export type KernelArray = Float32Array | Uint32Array | Int32Array

export interface BufferSpec {
  type: ElementType
  /** Elements. */
  length: number
  /** Uploaded before the first dispatch; zero-filled when absent. */
  data?: KernelArray
  /** A `var<uniform>` buffer (read-only parameters) rather than `var<storage>`. */
  uniform: boolean
}

export interface DispatchSpec {
  entryPoint: string
  workgroups: [number, number, number]
  /** Buffer names by `@binding` index in `@group(0)`; null leaves a binding out. */
  bind: (string | null)[]
}

/** One `gpu.run`: a WGSL module, its buffers, the dispatches in order, what to read back. */
export interface KernelJob {
  kernel: string
  code: string
  buffers: Record<string, BufferSpec>
  dispatches: DispatchSpec[]
  read: string[]
  /** Floating-point operations the job does, as its author counts them (shown as GFLOP/s). */
  flops: number
}

export const MAX_BUFFERS = 32
export const MAX_DISPATCHES = 64
/** WGSL source per job: far more than any kernel needs, and it bounds what the compiler is fed. */
export const MAX_CODE_CHARS = 256 * 1024

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/
const ARRAYS = { f32: Float32Array, u32: Uint32Array, i32: Int32Array } as const

/** Bytes a buffer takes on the device (storage: 4-byte aligned, at least 4; uniform: 16-byte aligned). */
export function deviceBytes(spec: BufferSpec): number {
  const bytes = Math.max(4, spec.length * 4)
  return spec.uniform ? Math.ceil(bytes / 16) * 16 : Math.ceil(bytes / 4) * 4
}

/**
 * Re-checks a job copied out of the isolate (the guest wrapper checked it, but learner code can patch
 * the built-ins the wrapper used): the job, or what is wrong with it.
 */
export function checkKernelJob(raw: unknown, maxWorkgroups: number): KernelJob | string {
  if (!isRecord(raw)) return 'the job must be an object'
  const { kernel, code, buffers, dispatches, read, flops } = raw
  if (typeof code !== 'string' || code.length === 0) return 'code must be the WGSL source'
  if (code.length > MAX_CODE_CHARS) return `the WGSL source is over ${MAX_CODE_CHARS / 1024} KB`
  if (!isRecord(buffers)) return 'buffers must be an object'
  const names = Object.keys(buffers)
  if (names.length > MAX_BUFFERS) return `at most ${MAX_BUFFERS} buffers per job`
  // No prototype: a buffer named like an Object.prototype key (`__proto__`, `constructor`) is only a name.
  const checked: Record<string, BufferSpec> = Object.create(null)
  for (const name of names) {
    const spec = buffers[name]
    if (!NAME.test(name) || !isRecord(spec)) return `buffer "${name}" is malformed`
    const type = spec.type
    if (type !== 'f32' && type !== 'u32' && type !== 'i32') return `buffer "${name}" has no WGSL type`
    const length = spec.length
    if (!Number.isSafeInteger(length) || (length as number) < 0) return `buffer "${name}" has a bad length`
    const data = spec.data
    if (data !== undefined && !(data instanceof ARRAYS[type] && data.length === length)) {
      return `buffer "${name}" does not hold ${length} ${type} values`
    }
    checked[name] = {
      type,
      length: length as number,
      uniform: spec.uniform === true,
      ...(data ? { data: data as KernelArray } : {}),
    }
  }
  if (!Array.isArray(dispatches) || dispatches.length === 0 || dispatches.length > MAX_DISPATCHES) {
    return `dispatches must hold 1 to ${MAX_DISPATCHES} dispatches`
  }
  const checkedDispatches: DispatchSpec[] = []
  for (const dispatch of dispatches) {
    if (!isRecord(dispatch) || typeof dispatch.entryPoint !== 'string' || !NAME.test(dispatch.entryPoint)) {
      return 'a dispatch has no entry point'
    }
    const groups = dispatch.workgroups
    if (
      !Array.isArray(groups) ||
      groups.length !== 3 ||
      !groups.every((n) => Number.isInteger(n) && n >= 0 && n <= maxWorkgroups)
    ) {
      return `a dispatch's workgroups must be 3 whole numbers from 0 to ${maxWorkgroups}`
    }
    const bind = dispatch.bind
    if (
      !Array.isArray(bind) ||
      !bind.every((name) => name === null || (typeof name === 'string' && Object.hasOwn(checked, name)))
    ) {
      return 'a dispatch binds a buffer that does not exist'
    }
    checkedDispatches.push({
      entryPoint: dispatch.entryPoint,
      workgroups: groups as [number, number, number],
      bind: bind as (string | null)[],
    })
  }
  if (
    !Array.isArray(read) ||
    !read.every((name) => typeof name === 'string' && checked[name] && !checked[name].uniform)
  ) {
    return 'read must name storage buffers'
  }
  if (typeof flops !== 'number' || !Number.isFinite(flops) || flops < 0) return 'flops must be a number >= 0'
  const inlined = inlinedChars(
    code,
    checkedDispatches.map((dispatch) => dispatch.entryPoint),
  )
  if (inlined > MAX_CODE_CHARS) {
    return `the WGSL its entry points compile to is over ${MAX_CODE_CHARS / 1024} KB (${Math.round(inlined / 1024).toLocaleString('en')} KB): the GPU compiler inlines every function call, so a function called twice is compiled twice. Call fewer copies of large functions, or use a loop`
  }
  return {
    kernel: typeof kernel === 'string' ? kernel.slice(0, 64) : 'kernel',
    code,
    buffers: checked,
    dispatches: checkedDispatches,
    read: [...new Set(read as string[])],
    flops,
  }
}

export function arrayOf(type: ElementType, bytes: ArrayBuffer): KernelArray {
  return new ARRAYS[type](bytes)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
