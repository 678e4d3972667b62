// The host side of the `tensor`, `gpu`, `mapreduce` and `dataset` engines in a local-run program
// worker: the engines' own TensorStore, backends and KernelSession (@arena/engines/browser, shared with
// the grader's isolate engines) on the browser's WebGPU, the mapreduce job flow on the run's nested
// pool workers (localMapReduce.ts), and the dataset engine's own DatasetJob on them (localDataset.ts). Vite builds this file as a script of its own (the driver imports
// its URL with `?worker&url`); the program worker's runtime (programRuntime.ts, which cannot import)
// loads it with a dynamic import() before the learner's module runs, and finds `createLocalEngines`
// on the global object under LOCAL_ENGINE_HOST.
import {
  type Backend,
  CpuBackend,
  type EngineFault,
  GpuBackend,
  type GpuHandle,
  type JobDone,
  type JobSpec,
  KernelSession,
  openDevice,
  type TensorAnswer,
  TensorStore,
} from '@arena/engines/browser'
import { LOCAL_ENGINE_HOST } from './hostGlobal.ts'
import { LocalDataset, type LocalDatasetOptions } from './localDataset.ts'
import {
  LocalMapReduce,
  type LocalMapReduceOptions,
  type MapReduceFault,
  type TaskThread,
} from './localMapReduce.ts'

export interface LocalEngineOptions {
  /** The engines the challenge grants; this host serves `tensor`, `gpu` and `mapreduce`. */
  engines: readonly string[]
  /** The tensor engine's backend, chosen by the driver (engineSupport.ts `localBackends`). */
  tensorBackend?: 'cpu' | 'gpu'
  /** The run's `memoryMb`: the tensor budget and the gpu engine's device memory, as on the server. */
  memoryMb: number
  /** `navigator.gpu`, taken by the runtime before it removed `navigator` from learner code's reach. */
  gpu: GPU | undefined
  /**
   * `mapreduce`: the run's pool workers (started by the runtime, which owns `Worker`), disk quota, and
   * the run's files by name (a job's file input: read by the engine, never by the learner's main code).
   */
  mapreduce?: {
    threads: TaskThread[]
    diskMb: number
    jobResultKb?: number
    readFile?: (name: string) => Uint8Array | undefined
    dataAreFiles?: () => boolean
    output?: LocalMapReduceOptions['output']
  }
  /** `dataset`: the run's pool workers (which also evaluate the learner's functions), program and files. */
  dataset?: Omit<LocalDatasetOptions, 'memoryMb'>
}

/** The guests' setup functions (TENSOR_GUEST_SOURCE, GPU_GUEST_SOURCE), evaluated in the program's blob. */
export interface LocalGuests {
  tensor?: (...args: unknown[]) => unknown
  gpu?: (...args: unknown[]) => unknown
  /** MAPREDUCE_GUEST_SOURCE: `arena:mapreduce` of the main program worker. */
  mapreduce?: (...args: unknown[]) => unknown
  /**
   * mapreduceWorkerSource: what a pool worker sees of the engines, and `__arena_helpers.map` /
   * `.reduce`; the runtime's pool role runs it before anything else (it keeps the real built-ins).
   */
  mapreduceWorker?: () => void
  /** DATASET_GUEST_SOURCE: `arena:dataset` of the main program worker. */
  dataset?: (...args: unknown[]) => unknown
  /** datasetWorkerSource: what a pool worker sees of the engines, and `__arena_helpers.dataset`. */
  datasetWorker?: () => void
}

export interface LocalEngines {
  /**
   * Runs the guests' setup: each defines `arena:tensor` / `arena:gpu` on the run's `__arena_engines`
   * (not yet frozen). `exempt` runs a host call outside the runtime's memory meter: host memory is not
   * the learner's heap (on the server it lives outside the isolate), and tensors have their own budget.
   */
  install(guests: LocalGuests, exempt: <T>(call: () => T) => T): void
  beforeCall(): void
  /** The fault that ends the run (the server's engine `failure()`), with the stack of a MemoryLimit's site. */
  failure(): (EngineFault & { suffix?: string }) | MapReduceFault | undefined
  /** What ran, for the result's label: `tensor: gpu, SwiftShader (CPU)`, `tensor: cpu`, `gpu: NVIDIA …`. */
  label: string
}

/**
 * Opens the device where an engine needs one, then the engines of one run. Rejects with a message
 * (no adapter, a device that would not open) that the runtime reports as the run's RuntimeError.
 */
export async function createLocalEngines(options: LocalEngineOptions): Promise<LocalEngines> {
  const wantsTensor = options.engines.includes('tensor')
  const wantsGpu = options.engines.includes('gpu')
  const tensorOnGpu = wantsTensor && options.tensorBackend === 'gpu'
  let handle: GpuHandle | undefined
  if (wantsGpu || tensorOnGpu) {
    if (!options.gpu) throw new Error('This browser has no WebGPU (navigator.gpu) in workers.')
    handle = await openDevice(options.gpu, 'this browser offers no WebGPU adapter')
  }
  const store = wantsTensor
    ? tensorOnGpu && handle
      ? new TensorStore(new GpuBackend(handle) as Backend<unknown>, options.memoryMb, handle.device)
      : new TensorStore(new CpuBackend() as Backend<unknown>, options.memoryMb)
    : undefined
  const session = wantsGpu ? new KernelSession(options.memoryMb, handle) : undefined
  const mapreduce =
    options.engines.includes('mapreduce') && options.mapreduce
      ? new LocalMapReduce({ memoryMb: options.memoryMb, ...options.mapreduce })
      : undefined
  const dataset =
    options.engines.includes('dataset') && options.dataset
      ? new LocalDataset({ memoryMb: options.memoryMb, ...options.dataset })
      : undefined
  const labels: string[] = []
  if (store) labels.push(`tensor: ${store.kind}${store.kind === 'gpu' ? `, ${handle?.adapterName}` : ''}`)
  if (session) labels.push(`gpu: ${handle?.adapterName}`)

  return {
    label: labels.join(', '),
    install(guests, exempt) {
      if (store && guests.tensor) installTensor(store, guests.tensor, exempt)
      if (session && guests.gpu) installGpu(session, guests.gpu, exempt)
      if (mapreduce && guests.mapreduce && options.mapreduce)
        installMapReduce(mapreduce, guests.mapreduce, options.mapreduce.threads.length)
      if (dataset && guests.dataset) installDataset(dataset, guests.dataset)
    },
    beforeCall() {
      store?.beforeCall()
      session?.beforeCall()
      dataset?.beforeCall()
    },
    // The worker is terminated after the run: that releases the device and its buffers.
    failure() {
      return store?.failure() ?? session?.failure() ?? mapreduce?.fault ?? dataset?.fault
    },
  }
}

/** The tensor guest over the store: the same callbacks TensorEngine gives the isolate. */
function installTensor(
  store: TensorStore,
  guest: (...args: unknown[]) => unknown,
  exempt: <T>(call: () => T) => T,
): void {
  // Answers are copied as isolated-vm copies them: the guest freezes the shape it is given.
  const copied = (answer: TensorAnswer): TensorAnswer =>
    typeof answer === 'string' ? answer : [answer[0], [...answer[1]]]
  const upload = (values: unknown, shape: unknown) =>
    exempt(() =>
      copied(
        // The cpu backend keeps the array it is given; the guest reuses its staging arrays.
        store.upload(store.kind === 'cpu' && values instanceof Float32Array ? values.slice() : values, shape),
      ),
    )
  const fill = (shape: unknown, value: unknown) => exempt(() => copied(store.fill(shape, value)))
  const op = (name: unknown, ids: unknown, args: unknown) => exempt(() => copied(store.op(name, ids, args)))
  const free = (id: unknown) => exempt(() => store.free(id))
  let settle: (token: unknown, values: Float32Array | undefined, problem: string | undefined) => void =
    () => {}
  const read = (id: unknown, token: unknown) => {
    void store
      .read(id)
      .then((read) =>
        'values' in read
          ? settle(token, read.values, store.failure()?.message)
          : settle(token, undefined, read.problem),
      )
  }
  // The server maps the stack to the learner's line here; the driver holds the source map instead.
  const locate = (stack: unknown) => {
    if (typeof stack === 'string' && store.fault && !store.fault.stack)
      store.fault = { ...store.fault, stack }
  }
  const memory = () => store.memory()
  settle = guest(upload, fill, op, free, read, locate, memory, store.kind) as typeof settle
}

/** The gpu guest over the session: `start` runs a job and settles the guest's promise with it. */
function installGpu(
  session: KernelSession,
  guest: (...args: unknown[]) => unknown,
  exempt: <T>(call: () => T) => T,
): void {
  let settle: (id: unknown, value: unknown, fault: unknown) => void = () => {}
  const start = (id: unknown, job: unknown) => {
    // The plan is JSON text (a string: nothing to copy). later writes to the arrays do not count.
    void exempt(() => session.run(structuredClone(job))).then((done: JobDone) =>
      settle(id, done.ok ? done.value : undefined, done.ok ? undefined : done.fault),
    )
  }
  settle = guest(start, session.guestInfo()) as typeof settle
}

/** The mapreduce guest over the coordinator: `start` runs a chain and settles the guest's promise. */
function installMapReduce(
  coordinator: LocalMapReduce,
  guest: (...args: unknown[]) => unknown,
  size: number,
): void {
  let settle: (id: unknown, value: unknown, fault: unknown) => void = () => {}
  const start = (id: unknown, jobs: unknown) => {
    // The plan is JSON text (a string: nothing to copy). later writes to the input do not count.
    void coordinator
      .runChain(structuredClone(jobs) as JobSpec[])
      .then((status) =>
        settle(
          id,
          status.ok ? status.results : undefined,
          status.ok ? undefined : { kind: status.kind, message: status.message },
        ),
      )
  }
  settle = guest(start, size, coordinator.blockBytes) as typeof settle
}

/** The dataset guest over the engine: `start` runs an action's job and settles the guest's promise with it. */
function installDataset(engine: LocalDataset, guest: (...args: unknown[]) => unknown): void {
  let settle: (id: unknown, value: unknown, fault: unknown) => void = () => {}
  const start = (job: unknown, plan: unknown) => {
    // The plan is JSON text (a string: nothing to copy).
    void engine
      .runAction(plan)
      .then((status) =>
        settle(
          job,
          status.ok ? structuredClone(status.results) : undefined,
          status.ok ? undefined : { kind: status.kind, message: status.message },
        ),
      )
  }
  const register = (kind: unknown, payload: unknown) => engine.register(kind, structuredClone(payload))
  const unpersist = (node: unknown) => engine.unpersist(node)
  settle = guest(start, register, unpersist, engine.guestLimits) as typeof settle
}

;(globalThis as Record<string, unknown>)[LOCAL_ENGINE_HOST] = Object.freeze({ createLocalEngines })
