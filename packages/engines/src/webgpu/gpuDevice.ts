// The one WebGPU device of this process (a grading child or the runner), on Dawn (npm `webgpu`).
// Every gpu/tensor run borrows it; a run that loses or poisons it calls `resetGpu()` so the next run
// gets a fresh device (issue: "the runner's device is recreated for the next job").
import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pollDawnPatiently } from './dawnPolling.ts'
import { type GpuHandle, openDevice } from './GpuHandle.ts'

export { type GpuHandle, GpuUnavailableError, runnerClassOf } from './GpuHandle.ts'

/** Where Debian's `chromium` package puts SwiftShader, the CPU Vulkan driver CI tests the GPU paths on. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json'
const SYSTEM_ICD_DIRS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d']

type DawnModule = { create(options: string[]): GPU; globals: Record<string, unknown> }

let dawn: DawnModule | undefined
// Dawn's GPU instance must outlive its devices: collected, it frees what their threads still use (crash).
let instance: GPU | undefined
let current: Promise<GpuHandle> | undefined
let generation = 0

/**
 * Picks the Vulkan driver before Dawn loads: an explicit `VK_ICD_FILENAMES` / `VK_DRIVER_FILES` wins
 * (a GPU host points it at `nvidia_icd.json`); otherwise a real GPU driver installed on the system;
 * otherwise SwiftShader. Mesa's lavapipe is refused by this Dawn, so it never counts as a real driver.
 */
export function chooseVulkanDriver(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES) return env.VK_DRIVER_FILES ?? env.VK_ICD_FILENAMES ?? ''
  const systemDrivers = SYSTEM_ICD_DIRS.flatMap((dir) =>
    existsSync(dir)
      ? readdirSync(dir).filter((f) => f.endsWith('.json') && !/lvp|lavapipe|intel|radeon/.test(f))
      : [],
  )
  if (systemDrivers.length > 0) return 'system'
  if (existsSync(SWIFTSHADER_ICD)) {
    env.VK_ICD_FILENAMES = SWIFTSHADER_ICD
    return SWIFTSHADER_ICD
  }
  return 'none'
}

function loadDawn(): DawnModule {
  if (!dawn) {
    chooseVulkanDriver()
    pollDawnPatiently()
    const require = createRequire(import.meta.url)
    dawn = require('webgpu') as DawnModule
    // GPUBufferUsage, GPUMapMode, ... as the WebGPU spec puts them on the global object.
    Object.assign(globalThis, dawn.globals)
  }
  return dawn
}

/**
 * Dawn rounds timestamps to ~65 µs by default (a browser's defence against timing attacks); kernel
 * challenges need the real resolution, and a grader is not a browser.
 */
const DAWN_OPTIONS = ['disable-dawn-features=timestamp_quantization']

async function openGpu(): Promise<GpuHandle> {
  instance ??= loadDawn().create(DAWN_OPTIONS)
  const handle = await openDevice(instance, 'Dawn found no Vulkan adapter')
  const mine = generation
  void handle.device.lost.then(() => {
    if (generation === mine) current = undefined
  })
  return handle
}

/** The process's device, opened on first use and again after a loss or `resetGpu()`. Throws GpuUnavailableError. */
export function acquireGpu(): Promise<GpuHandle> {
  if (!current) {
    const opening = openGpu()
    current = opening
    opening.catch(() => {
      if (current === opening) current = undefined
    })
  }
  return current
}

/** Destroys the device (after a run that hung, lost or poisoned it); the next `acquireGpu()` opens a new one. */
export async function resetGpu(): Promise<void> {
  const previous = current
  current = undefined
  generation++
  if (previous) {
    const handle = await previous.catch(() => undefined)
    handle?.device.destroy()
  }
}

/** How long a finished run's leftover GPU work may take to drain before its process is given up. */
export const GPU_DRAIN_MS = 5000

/**
 * Waits (at most `timeoutMs`) for everything submitted to this process's device to finish: called
 * after each program's run, before the next program may use the device. `idle`: nothing left (or no
 * device was opened); `busy`: work is still running, e.g. a kernel the program launched without
 * awaiting it that never ends. A busy device cannot be stopped or destroyed (destroy waits for the
 * kernel), so it is dropped here: no later run in this process gets it, and the caller marks the
 * process to be replaced.
 */
export async function drainGpu(timeoutMs = GPU_DRAIN_MS): Promise<'idle' | 'busy'> {
  const opened = current
  if (!opened) return 'idle'
  const handle = await opened.catch(() => undefined)
  if (!handle) return 'idle'
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = new Promise<'busy'>((resolve) => {
    timer = setTimeout(() => resolve('busy'), timeoutMs)
  })
  const drained = handle.device.queue.onSubmittedWorkDone().then(
    () => 'idle' as const,
    // A lost device has nothing left running; the next acquireGpu() opens a new one.
    () => 'idle' as const,
  )
  const lost = handle.device.lost.then(() => 'idle' as const)
  try {
    const state = await Promise.race([drained, lost, timedOut])
    if (state === 'busy' && current === opened) {
      current = undefined
      generation++
    }
    return state
  } finally {
    clearTimeout(timer)
  }
}

/** The runner class of this machine's GPU, or null with the reason (for `arena grade --runner gpu`, runners). */
export async function detectGpuRunnerClass(): Promise<
  { runnerClass: string; adapterName: string } | { runnerClass: null; reason: string }
> {
  try {
    const { runnerClass, adapterName } = await acquireGpu()
    return { runnerClass, adapterName }
  } catch (error) {
    return { runnerClass: null, reason: error instanceof Error ? error.message : String(error) }
  }
}
