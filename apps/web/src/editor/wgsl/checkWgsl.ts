import type { TypeProblem } from '../EditorHandle.ts'
import { fileLineOf, wgslTemplates } from './wgslTemplates.ts'

let device: Promise<GPUDevice | undefined> | undefined

/** One WebGPU device of the page's own for compiling kernels; undefined where WebGPU is missing. */
function compilerDevice(): Promise<GPUDevice | undefined> {
  device ??= (async () => {
    if (typeof navigator === 'undefined' || !navigator.gpu) return undefined
    const adapter = await navigator.gpu.requestAdapter().catch(() => null)
    const found = await adapter?.requestDevice().catch(() => undefined)
    found?.lost.then(() => {
      device = undefined
    })
    return found ?? undefined
  })()
  return device
}

/**
 * Compiles every WGSL kernel written in the file with the browser's own WebGPU (as the GPU runners
 * would) and places each error on the file's line and column. Kernels built with `${…}` are left to
 * the grader. Undefined where the browser has no WebGPU: nothing is claimed about the kernels then.
 */
export async function checkWgsl(source: string): Promise<TypeProblem[] | undefined> {
  const templates = wgslTemplates(source).filter((template) => !template.interpolated)
  if (templates.length === 0) return []
  const gpu = await compilerDevice()
  if (!gpu) return undefined
  const problems: TypeProblem[] = []
  for (const template of templates) {
    // A module that does not compile is also a validation error of the device: caught here, not logged.
    gpu.pushErrorScope('validation')
    const module = gpu.createShaderModule({ code: template.code })
    const info = await module.getCompilationInfo()
    await gpu.popErrorScope()
    for (const message of info.messages) {
      if (message.type !== 'error') continue
      problems.push({ ...fileLineOf(template, message.lineNum, message.linePos), message: message.message })
    }
  }
  return problems
}
