import { describe, expect, it } from 'vitest'
import {
  localBackends,
  localSupport,
  needsEngineHost,
  needsWebGpu,
  readUnsupportedFault,
  unsupportedFault,
} from './engineSupport.ts'

describe('localSupport (what the page can tell at once)', () => {
  it('serves disk, pool, mapreduce and dataset without WebGPU, and refuses an engine it does not know', () => {
    expect(localSupport(['disk', 'pool'], ['cpu'], false)).toEqual({ ok: true })
    expect(localSupport(['mapreduce'], ['cpu'], false)).toEqual({ ok: true })
    expect(localSupport(['dataset'], ['cpu'], false)).toEqual({ ok: true })
    expect(localSupport(['spark'], ['cpu'], true)).toEqual({
      ok: false,
      reason: 'serverOnly',
      engine: 'spark',
    })
  })

  it('loads the engine host for mapreduce, dataset, tensor and gpu, and asks WebGPU only for tensor and gpu', () => {
    expect(needsEngineHost(['mapreduce'])).toBe(true)
    expect(needsEngineHost(['dataset'])).toBe(true)
    expect(needsWebGpu(['dataset'])).toBe(false)
    expect(needsWebGpu(['mapreduce'])).toBe(false)
    expect(needsEngineHost(['tensor'])).toBe(true)
    expect(needsWebGpu(['gpu'])).toBe(true)
    expect(needsEngineHost(['disk', 'pool'])).toBe(false)
  })

  it('needs WebGPU for gpu, and for tensor only where the challenge has no cpu runners', () => {
    expect(localSupport(['gpu'], ['gpu'], false)).toEqual({ ok: false, reason: 'webgpu', engine: 'gpu' })
    expect(localSupport(['gpu'], ['gpu'], true)).toEqual({ ok: true })
    expect(localSupport(['disk', 'tensor'], ['cpu', 'gpu'], false)).toEqual({ ok: true })
    expect(localSupport(['tensor'], ['gpu'], false)).toEqual({
      ok: false,
      reason: 'webgpu',
      engine: 'tensor',
    })
  })
})

describe('localBackends (the driver, once it asked for an adapter)', () => {
  it('runs tensor on the gpu backend where there is an adapter and gpu runners', () => {
    expect(localBackends(['tensor'], ['cpu', 'gpu'], 'ok')).toEqual({ ok: true, tensorBackend: 'gpu' })
    expect(localBackends(['disk', 'tensor'], ['gpu'], 'ok')).toEqual({ ok: true, tensorBackend: 'gpu' })
  })

  it('falls back to the cpu backend where the challenge has cpu runners', () => {
    expect(localBackends(['tensor'], ['cpu', 'gpu'], 'noAdapter')).toEqual({ ok: true, tensorBackend: 'cpu' })
    expect(localBackends(['tensor'], ['cpu', 'gpu'], 'none')).toEqual({ ok: true, tensorBackend: 'cpu' })
    // A challenge for cpu runners only runs on the cpu backend even with an adapter, as the server would.
    expect(localBackends(['tensor'], ['cpu'], 'ok')).toEqual({ ok: true, tensorBackend: 'cpu' })
  })

  it('says why when nothing can serve the engine', () => {
    expect(localBackends(['gpu'], ['gpu'], 'noAdapter')).toEqual({
      ok: false,
      reason: 'noAdapter',
      engine: 'gpu',
    })
    expect(localBackends(['gpu'], ['gpu'], 'none')).toEqual({ ok: false, reason: 'webgpu', engine: 'gpu' })
    expect(localBackends(['tensor'], ['gpu'], 'noAdapter')).toEqual({
      ok: false,
      reason: 'noAdapter',
      engine: 'tensor',
    })
  })

  it('leaves challenges without tensor/gpu as they were', () => {
    expect(localBackends(['disk'], ['cpu'], 'none')).toEqual({ ok: true })
  })
})

describe('unsupported faults', () => {
  it('round-trip through the driver fault, and other faults are not read as one', () => {
    expect(readUnsupportedFault(unsupportedFault('noAdapter', 'gpu'))).toEqual({
      ok: false,
      reason: 'noAdapter',
      engine: 'gpu',
    })
    expect(readUnsupportedFault('The sample kit could not load')).toBeUndefined()
    expect(readUnsupportedFault(undefined)).toBeUndefined()
  })
})
