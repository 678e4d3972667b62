import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = path.dirname(fileURLToPath(import.meta.url))

/** Every module specifier a file imports or re-exports, type-only ones included. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/^(?:import|export)\s[^'"]*?from\s+'([^']+)'/gms)].map(
    (match) => match[1] as string,
  )
}

/** The files the browser bundle pulls in, from src/browser.ts, and what each imports from outside. */
function reachable(): { files: string[]; outside: Map<string, string[]> } {
  const seen = new Set<string>()
  const outside = new Map<string, string[]>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    for (const specifier of specifiers(file)) {
      if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier))
      else
        outside.set(path.relative(SRC, file), [...(outside.get(path.relative(SRC, file)) ?? []), specifier])
    }
  }
  visit(path.join(SRC, 'browser.ts'))
  return { files: [...seen].map((file) => path.relative(SRC, file)).sort(), outside }
}

describe('the browser entry (@arena/engines/browser)', () => {
  it('reaches the shared core and nothing of Node or isolated-vm', () => {
    const { files, outside } = reachable()
    expect(files).toContain('tensor/TensorStore.ts')
    expect(files).toContain('gpu/KernelSession.ts')
    expect(files).toContain('gpu/runKernelJob.ts')
    expect(files).not.toContain('webgpu/gpuDevice.ts')
    expect(Object.fromEntries(outside)).toEqual({})
  })

  it('exports what the local run needs', async () => {
    const browser = await import('./browser.ts')
    expect(typeof browser.TensorStore).toBe('function')
    expect(typeof browser.KernelSession).toBe('function')
    expect(browser.TENSOR_GUEST_SOURCE.startsWith('(function')).toBe(true)
    expect(browser.GPU_GUEST_SOURCE.startsWith('(function')).toBe(true)
  })
})
