/** Engines a local run can serve in this browser, and why not when it cannot. */
const IN_BROWSER = new Set(['disk', 'pool'])

export type LocalSupport =
  | { ok: true }
  | { ok: false; reason: 'mapreduce' | 'webgpu' | 'gpuEngine'; engine: string }

/**
 * `disk` is served from memory and `pool` by nested workers; `tensor`/`gpu` need the browser's WebGPU
 * (`navigator.gpu`); `mapreduce` (a sort-based shuffle that spills to disk) runs on the server only.
 */
export function localSupport(engines: readonly string[]): LocalSupport {
  for (const engine of engines) {
    if (IN_BROWSER.has(engine)) continue
    if (engine === 'tensor' || engine === 'gpu') {
      const hasWebGpu = typeof navigator !== 'undefined' && 'gpu' in navigator && Boolean(navigator.gpu)
      return { ok: false, reason: hasWebGpu ? 'gpuEngine' : 'webgpu', engine }
    }
    return { ok: false, reason: 'mapreduce', engine }
  }
  return { ok: true }
}
