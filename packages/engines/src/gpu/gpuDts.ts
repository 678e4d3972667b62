/** What learner code sees of `arena:gpu`: the body of `declare module 'arena:gpu' { ... }`. */
export const GPU_DTS = `  /** What WGSL reads: \`f32\`, \`u32\` or \`i32\` arrays. */
  export type KernelArray = Float32Array | Uint32Array | Int32Array
  /**
   * A buffer of a job: a typed array (uploaded, then \`var<storage>\`), \`{ type, length }\` (zero-filled
   * storage, e.g. an output), or \`{ uniform }\` (a small \`var<uniform>\` of parameters).
   */
  export type BufferSpec =
    | KernelArray
    | { type?: 'f32' | 'u32' | 'i32'; length: number }
    | { uniform: KernelArray }
  export interface Dispatch {
    /** The \`@compute\` function to run; default \`main\`. */
    entryPoint?: string
    /** Workgroups to launch: \`x\` or \`[x, y?, z?]\` (each at most 65535). */
    workgroups: number | [number, number?, number?]
    /** Buffer names by \`@binding\` index of \`@group(0)\`, e.g. \`['input', 'output', 'params']\`; null skips one. */
    bind: (string | null)[]
  }
  export interface KernelJob<R extends string> {
    /** A name for messages and the timeline, e.g. \`'reduce'\`. */
    kernel?: string
    /** The WGSL module: one or more \`@compute\` entry points. */
    code: string
    buffers: Record<string, BufferSpec>
    /**
     * Run in order in one command buffer, one compute pass each: a dispatch sees what the previous ones
     * wrote. Only the passes count as kernel time; creating buffers, uploading and reading back do not.
     */
    dispatches: Dispatch[]
    /** Buffers to read back after the last dispatch, returned under their names. */
    read?: R[]
    /** Floating-point operations the job does, as you count them (e.g. 2·M·N·K): shown as GFLOP/s. */
    flops?: number
  }
  export interface GpuInfo {
    /** \`gpu:swiftshader\`, \`gpu:nvidia-h100-80gb-hbm3\`, ... */
    readonly runnerClass: string
    readonly adapter: string
    /** Whether kernel time comes from timestamp queries (else: wall time around the submit). */
    readonly timestamps: boolean
    readonly maxWorkgroupSizeX: number
    readonly maxInvocationsPerWorkgroup: number
    /** Bytes of \`var<workgroup>\` memory a workgroup may use. */
    readonly maxWorkgroupStorageBytes: number
    readonly maxStorageBufferBytes: number
    /** All of a run's buffers together may take this many bytes (the challenge's memory limit). */
    readonly deviceMemoryBytes: number
  }
  /**
   * WebGPU compute on this runner's GPU. Each \`run\` compiles the WGSL, creates the buffers, runs the
   * dispatches, and resolves to the read-back buffers once the GPU is done. A WGSL compile error ends
   * the run with a CompileError that shows the WGSL line and column; buffers over \`deviceMemoryBytes\`
   * end it with MemoryLimit. Out-of-bounds accesses are clamped by WebGPU, not reported: check your
   * indices. Ranked by kernel time plus your code's own CPU time in the call (\`counter:kernelAndCodeNs\`;
   * uploads and read-backs excluded).
   */
  export interface Gpu {
    readonly info: GpuInfo
    run<R extends string = never>(job: KernelJob<R>): Promise<Record<R, KernelArray>>
  }
  export const gpu: Gpu
`
