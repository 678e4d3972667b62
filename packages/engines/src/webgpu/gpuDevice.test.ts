import { callingThreadCpuNs } from '@arena/sandbox'
import { describe, expect, it } from 'vitest'
import { acquireGpu, resetGpu, runnerClassOf } from './gpuDevice.ts'

describe('runnerClassOf', () => {
  it('names SwiftShader by its architecture and real GPUs by their device name', () => {
    expect(
      runnerClassOf({
        vendor: 'google',
        architecture: 'swiftshader',
        device: 'swiftshader-device-subzero-',
        description: 'SwiftShader driver 5.0.0',
      }),
    ).toBe('gpu:swiftshader')
    expect(
      runnerClassOf({
        vendor: 'nvidia',
        architecture: 'hopper',
        device: 'NVIDIA H100 80GB HBM3',
        description: '550.54',
      }),
    ).toBe('gpu:nvidia-h100-80gb-hbm3')
  })

  it('marks any other fallback (CPU) adapter as software, so its times are not scored', () => {
    const info = { vendor: 'mesa', architecture: '', device: 'llvmpipe (LLVM 15)', description: '' }
    expect(runnerClassOf({ ...info, isFallbackAdapter: true })).toBe('gpu:software-llvmpipe-llvm-15')
    expect(runnerClassOf({ ...info, isFallbackAdapter: false })).toBe('gpu:llvmpipe-llvm-15')
    expect(
      runnerClassOf({
        vendor: 'google',
        architecture: 'swiftshader',
        device: '',
        description: '',
        isFallbackAdapter: true,
      }),
    ).toBe('gpu:swiftshader')
  })
})

describe('acquireGpu (Dawn on this machine: SwiftShader in CI)', () => {
  it('opens one device per process, runs a kernel, and opens a fresh one after reset', async () => {
    const gpu = await acquireGpu()
    expect(gpu.runnerClass).toMatch(/^gpu:/)
    expect(await acquireGpu()).toBe(gpu)
    const { device } = gpu
    const module = device.createShaderModule({
      code: `@group(0) @binding(0) var<storage, read_write> a: array<f32>;
        @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
          if (id.x < arrayLength(&a)) { a[id.x] = a[id.x] * 2.0; } }`,
    })
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } })
    const data = Float32Array.from({ length: 1000 }, (_, i) => i)
    const storage = device.createBuffer({
      size: data.byteLength,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    })
    const readback = device.createBuffer({
      size: data.byteLength,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    })
    device.queue.writeBuffer(storage, 0, data)
    const encoder = device.createCommandEncoder()
    const pass = encoder.beginComputePass()
    pass.setPipeline(pipeline)
    pass.setBindGroup(
      0,
      device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [{ binding: 0, resource: { buffer: storage } }],
      }),
    )
    pass.dispatchWorkgroups(Math.ceil(data.length / 64))
    pass.end()
    encoder.copyBufferToBuffer(storage, 0, readback, 0, data.byteLength)
    device.queue.submit([encoder.finish()])
    await readback.mapAsync(GPUMapMode.READ)
    const doubled = new Float32Array(readback.getMappedRange().slice(0))
    readback.unmap()
    expect(doubled[999]).toBe(1998)

    await resetGpu()
    const fresh = await acquireGpu()
    expect(fresh).not.toBe(gpu)
    expect(fresh.runnerClass).toBe(gpu.runnerClass)
  })
  it("leaves this thread nearly idle while a pipeline compiles on Dawn's threads (dawnPolling.ts)", async () => {
    const { device } = await acquireGpu()
    let body = ''
    for (let i = 0; i < 600; i++) body += `s = s * 1.0001 + sin(s + ${i}.0);\n`
    const module = device.createShaderModule({
      code: `@group(0) @binding(0) var<storage, read_write> o: array<f32>;
        @compute @workgroup_size(1) fn main() { var s = o[0];\n${body} o[0] = s; }`,
    })
    const threadBefore = callingThreadCpuNs()
    const startedAt = performance.now()
    await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } })
    const wallMs = performance.now() - startedAt
    const threadMs = ((callingThreadCpuNs() ?? 0) - (threadBefore ?? 0)) / 1e6
    expect(wallMs).toBeGreaterThan(100)
    // Polled from setImmediate at once after each poll, this thread spun for the whole compile.
    expect(threadMs).toBeLessThan(0.25 * wallMs)
  })
})
