/** Engines a local run can serve in this browser, and why not when it cannot. */
const IN_BROWSER = new Set(['disk', 'pool', 'mapreduce', 'dataset'])
/** Engines that run on the browser's WebGPU (`tensor` also on its cpu backend). */
const ON_WEBGPU = new Set(['tensor', 'gpu'])

/** `serverOnly`: an engine this browser build does not know (every engine of today's packs runs here). */
export type UnsupportedReason = 'serverOnly' | 'webgpu' | 'noAdapter'

export type LocalSupport = { ok: true } | { ok: false; reason: UnsupportedReason; engine: string }

function hasWebGpu(): boolean {
  return typeof navigator !== 'undefined' && 'gpu' in navigator && Boolean(navigator.gpu)
}

/**
 * What the page can tell at once: `disk` is served from memory, `pool` by nested workers, and
 * `mapreduce` and `dataset` by the engine host's job flows on those workers (shuffles in memory); `gpu` needs the
 * browser's WebGPU (`navigator.gpu`), and so does `tensor` when the challenge runs on gpu runners only
 * (with a cpu runner kind it falls back to the cpu backend). Whether WebGPU has an adapter is known
 * only asynchronously: the driver checks it (`localBackends`) and says so with `unsupportedFault`.
 */
export function localSupport(
  engines: readonly string[],
  runners: readonly string[] = ['cpu'],
  webGpu: boolean = hasWebGpu(),
): LocalSupport {
  for (const engine of engines) {
    if (IN_BROWSER.has(engine)) continue
    if (ON_WEBGPU.has(engine)) {
      const needsGpu = engine === 'gpu' || !runners.includes('cpu')
      if (needsGpu && !webGpu) return { ok: false, reason: 'webgpu', engine }
      continue
    }
    return { ok: false, reason: 'serverOnly', engine }
  }
  return { ok: true }
}

/** What a run gets: the tensor engine's backend where the challenge grants it. */
export type LocalBackends = { ok: true; tensorBackend?: 'cpu' | 'gpu' } | Extract<LocalSupport, { ok: false }>

/**
 * The driver's choice once it knows whether WebGPU has an adapter: `gpu` needs one; `tensor` takes the
 * gpu backend where there is one and the challenge has gpu runners, else the cpu backend where it has
 * cpu runners (so tensor challenges run locally without WebGPU), else it cannot run here.
 */
export function localBackends(
  engines: readonly string[],
  runners: readonly string[],
  adapter: 'none' | 'noAdapter' | 'ok',
): LocalBackends {
  const support = localSupport(engines, runners, adapter !== 'none')
  if (!support.ok) return support
  if (engines.includes('gpu') && adapter !== 'ok') return { ok: false, reason: 'noAdapter', engine: 'gpu' }
  if (!engines.includes('tensor')) return { ok: true }
  if (adapter === 'ok' && runners.includes('gpu')) return { ok: true, tensorBackend: 'gpu' }
  if (runners.includes('cpu')) return { ok: true, tensorBackend: 'cpu' }
  return { ok: false, reason: adapter === 'none' ? 'webgpu' : 'noAdapter', engine: 'tensor' }
}

/** Whether an engine needs WebGPU's adapter check before a local run. */
export function needsWebGpu(engines: readonly string[]): boolean {
  return engines.some((engine) => ON_WEBGPU.has(engine))
}

/** Whether an engine needs the engines' host script (engines/localEngineHost.ts) in a local run. */
export function needsEngineHost(engines: readonly string[]): boolean {
  return needsWebGpu(engines) || engines.includes('mapreduce') || engines.includes('dataset')
}

const UNSUPPORTED_PREFIX = 'arena-local-unsupported:'

/** A driver's fault that the page shows as the translated reason (the driver has no translations). */
export function unsupportedFault(reason: UnsupportedReason, engine: string): string {
  return `${UNSUPPORTED_PREFIX}${reason}:${engine}`
}

/** The reason inside a fault made by `unsupportedFault`, or undefined for any other fault. */
export function readUnsupportedFault(
  fault: string | undefined,
): Extract<LocalSupport, { ok: false }> | undefined {
  if (!fault?.startsWith(UNSUPPORTED_PREFIX)) return undefined
  const [reason, engine] = fault.slice(UNSUPPORTED_PREFIX.length).split(':')
  if (reason !== 'serverOnly' && reason !== 'webgpu' && reason !== 'noAdapter') return undefined
  return { ok: false, reason, engine: engine ?? '' }
}
