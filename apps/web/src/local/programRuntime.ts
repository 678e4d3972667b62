// The first part of every local-run program worker: it is put in front of the learner's compiled
// script as source text (`programRuntime.toString()`), so it must not use anything from outside this
// function. It gives the learner's code what the server's isolate gives it (console, the granted
// engines, a metered memory allowance for typed arrays) and takes away what the isolate does not have
// (network, timers, storage, workers), then answers the driver's `run` message.
// biome-ignore-all lint/suspicious/noExplicitAny: the runtime patches globals of an untyped scope.
import type { LocalEngines, LocalGuests } from './engines/localEngineHost.ts'

export interface RuntimeConfig {
  role: 'main' | 'pool'
  entry: string
  globalName: string
  memoryMb: number
  /** The meter's thresholds (localMemoryMeter.ts): lenient, the browser cannot see collection. */
  memoryMeter: { singleBytes: number; liveBytes: number }
  outputBytes: number
  engines: string[]
  poolSize: number
  workerIndex: number
  diskQuotaBytes: number
  /** The challenge's `limits.jobResultKb`: most a mapreduce job's output or a dataset action may bring back to solve. */
  jobResultKb?: number
  /** The challenge's `limits.jobResultRecords`: most records a dataset action may bring back to solve. */
  jobResultRecords?: number
  /**
   * Where the tensor/gpu engines' host script is (engines/localEngineHost.ts, an absolute URL), for a
   * challenge that grants them. The learner's module then runs only once the host and its device are
   * ready, as the server installs engines before the module: the blob defines `__arena_program`, a
   * function around the learner's script, and the runtime calls it.
   */
  hostUrl?: string
  /** The global the host script leaves its entry under (engines/hostGlobal.ts). */
  hostGlobal?: string
  tensorBackend?: 'cpu' | 'gpu'
  /** Pool tasks named with this prefix run the engine's own helpers (`__arena_helpers`, the mapreduce worker). */
  helperPrefix?: string
  /** The server's `limits.resultBytes`: how large the entry's materialized value may be. */
  resultBytes: number
  /** Lines of runtime in front of the learner's script: where a script a pool worker evaluates is placed. */
  lineOffset?: number
  /** The learner's script's name in stacks (its `//# sourceURL`), which the driver maps back. */
  scriptName?: string
  /**
   * `dataset`: the challenge's `workers` (the slots of its critical path) and the learner's compiled
   * program with its source map (the engine finds each function sent to the workers in it, for its line).
   */
  dataset?: { workers: number; code: string; sourceMap?: string }
}

/**
 * The server sandbox's own guest sources (packages/sandbox GUEST_LOCKDOWN_SOURCE, MATERIALIZE_SOURCE),
 * put into the script as source text and evaluated before anything else in the worker, so every
 * program worker and every nested pool worker is held to the same rules as an isolate.
 */
export interface RuntimeGuards {
  /** Removes WebAssembly, refuses resizable/growable buffers, makes Atomics.wait throw. */
  lockdown(): void
  /** Reads a value whole into plain data (getters, proxies and thenables run now) or throws. */
  materialize(value: unknown, limitBytes: number, what: string): unknown
}

export function programRuntime(config: RuntimeConfig, guests: LocalGuests, guards: RuntimeGuards): void {
  const scope: any = globalThis
  // First of all, as the server evaluates it in every fresh context before any other code: what the
  // isolate's memory limit could not count (WebAssembly memory, resizable buffers) and a thread that
  // blocks without working (Atomics.wait) are not in this realm either.
  guards.lockdown()
  // Captured now, before the learner's module can patch anything it uses (it captures its intrinsics).
  const materialize = guards.materialize
  // Taken before `navigator` is removed below: the engines' host opens its WebGPU device with it.
  const webGpu = scope.navigator?.gpu
  const post = scope.postMessage.bind(scope) as (message: unknown, transfer?: Transferable[]) => void
  const listen = scope.addEventListener.bind(scope)
  const RealWorker = scope.Worker
  // A dataset pool worker loads the learner's functions as scripts of their own (see 'evaluate').
  const importScript =
    config.role === 'pool' && config.engines.includes('dataset') && typeof scope.importScripts === 'function'
      ? (scope.importScripts as (url: string) => void).bind(scope)
      : undefined
  let evaluated: unknown
  if (importScript) {
    Object.defineProperty(scope, '__arena_evaluated', {
      value: (value: unknown) => {
        evaluated = value
      },
    })
  }
  const now = performance.now.bind(performance)
  const isView = ArrayBuffer.isView
  // A mapreduce pool worker: the engine's worker source defines `__arena_engines` and the helpers,
  // before the typed arrays are wrapped below (its checks compare constructors with the real ones).
  if (config.role === 'pool' && guests.mapreduceWorker) guests.mapreduceWorker()
  if (config.role === 'pool' && guests.datasetWorker) guests.datasetWorker()

  // Typed arrays and ArrayBuffers are counted, as isolated-vm's memoryLimit counts them on the server,
  // but leniently (localMemoryMeter.ts: the heap cannot be measured here and collection is seen late):
  // a memory bomb becomes a MemoryLimit instead of taking the tab down; what the server accepts passes.
  const { singleBytes, liveBytes: liveCeiling } = config.memoryMeter
  const limitBytes = config.memoryMb * 2 ** 20
  const admits = (live: number, bytes: number) => bytes <= singleBytes && live + bytes <= liveCeiling
  let liveBytes = 0
  // Host calls of the tensor/gpu engines allocate outside the meter: on the server that memory is not
  // in the isolate's heap, and tensors have a budget of their own.
  let hostDepth = 0
  const exempt = <T>(call: () => T): T => {
    hostDepth++
    try {
      return call()
    } finally {
      hostDepth--
    }
  }
  const registry = new FinalizationRegistry<number>((bytes) => {
    liveBytes -= bytes
  })
  const account = (bytes: number, buffer: unknown) => {
    if (!(bytes > 0)) return
    if (!admits(liveBytes, bytes)) throw new RangeError('Array buffer allocation failed')
    liveBytes += bytes
    registry.register(buffer as object, bytes)
  }
  /** The real constructors the meter wraps: the engine guests compare a value's constructor with these. */
  const realConstructors = new Map<string, unknown>()
  const wrap = (name: string, bytesOf: (args: any[]) => number) => {
    const Real = scope[name]
    if (!Real) return
    realConstructors.set(name, Real)
    scope[name] = new Proxy(Real, {
      construct(target, args, newTarget): object {
        if (hostDepth > 0)
          return Reflect.construct(target, args, newTarget === scope[name] ? target : newTarget)
        const bytes = bytesOf(args)
        if (!admits(liveBytes, bytes)) throw new RangeError('Array buffer allocation failed')
        const made: object = Reflect.construct(target, args, newTarget === scope[name] ? target : newTarget)
        account(bytes, isView(made) ? (made as ArrayBufferView).buffer : made)
        return made
      },
    })
  }
  wrap('ArrayBuffer', (args) => Number(args[0]) || 0)
  for (const name of [
    'Int8Array',
    'Uint8Array',
    'Uint8ClampedArray',
    'Int16Array',
    'Uint16Array',
    'Int32Array',
    'Uint32Array',
    'Float32Array',
    'Float64Array',
    'BigInt64Array',
    'BigUint64Array',
  ]) {
    const perElement = scope[name]?.BYTES_PER_ELEMENT ?? 1
    wrap(name, (args) => {
      const first = args[0]
      if (typeof first === 'number') return first * perElement
      if (
        first instanceof ArrayBuffer ||
        (typeof SharedArrayBuffer !== 'undefined' && first instanceof SharedArrayBuffer)
      )
        return 0
      if (first && typeof first.length === 'number') return first.length * perElement
      return 0
    })
  }

  // console, capped like the server's: formatting happens here, the rest is counted, not kept.
  let consoleText = ''
  let dropped = 0
  const format = (value: unknown, depth: number): string => {
    if (typeof value === 'string') return depth === 0 ? value : JSON.stringify(value)
    if (typeof value === 'bigint') return `${value}n`
    if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`
    if (value === null || typeof value !== 'object') return String(value)
    if (depth > 2) return '[Object]'
    if (isView(value)) {
      const items = value as unknown as ArrayLike<unknown>
      const shown = Array.prototype.slice.call(items, 0, 20).join(', ')
      return `${value.constructor.name}(${items.length}) [${shown}${items.length > 20 ? ', …' : ''}]`
    }
    if (Array.isArray(value)) {
      const shown = value
        .slice(0, 20)
        .map((item) => format(item, depth + 1))
        .join(', ')
      return `[${shown}${value.length > 20 ? `, … ${value.length - 20} more` : ''}]`
    }
    if (value instanceof Error) return String(value.stack || value)
    const keys = Object.keys(value)
    const shown = keys
      .slice(0, 20)
      .map((key) => `${key}: ${format((value as any)[key], depth + 1)}`)
      .join(', ')
    return `{ ${shown}${keys.length > 20 ? ', …' : ''} }`
  }
  const log = (...args: unknown[]) => {
    let line = `${args.map((arg) => format(arg, 0)).join(' ')}\n`
    const room = config.outputBytes - consoleText.length
    if (room <= 0) {
      dropped += line.length
      return
    }
    if (line.length > room) {
      dropped += line.length - room
      line = line.slice(0, room)
    }
    consoleText += line
  }
  const guestConsole: any = {}
  for (const name of ['log', 'info', 'warn', 'error', 'debug', 'trace']) guestConsole[name] = log
  Object.defineProperty(scope, 'console', {
    value: Object.freeze(guestConsole),
    writable: true,
    configurable: true,
  })

  // Scratch files in memory: the disk engine's API, its names and its quota.
  const files = new Map<string, { bytes: Uint8Array; size: number; readOnly: boolean }>()
  class DiskError extends Error {
    override name = 'DiskError'
  }
  const checkName = (name: unknown): string => {
    if (typeof name !== 'string') throw new DiskError(`a file name must be a string, got ${typeof name}`)
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(name) || name.includes('..')) {
      throw new DiskError(`${JSON.stringify(name)} is not a plain file name (letters, digits, ".", "_", "-")`)
    }
    return name
  }
  const used = () => {
    let total = 0
    for (const file of files.values()) if (!file.readOnly) total += file.size
    return total
  }
  const bytesOf = (view: ArrayBufferView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
  const handle = (name: string) => {
    let open = true
    const file = () => {
      const entry = files.get(name)
      if (!open || !entry) throw new DiskError(`${name} is closed or was deleted`)
      return entry
    }
    const writeAt = (source: ArrayBufferView, position: number) => {
      const entry = file()
      if (entry.readOnly) throw new DiskError(`${name} is an input file: it is read-only`)
      const data = bytesOf(source)
      const end = position + data.length
      if (end > entry.size && used() + (end - entry.size) > config.diskQuotaBytes) {
        throw new DiskError(`writing ${name} would pass the disk quota of ${config.diskQuotaBytes} bytes`)
      }
      if (end > entry.bytes.length) {
        // A scratch file is disk on the server, outside the isolate's memory: never metered here.
        const grown = exempt(() => new Uint8Array(Math.max(end, entry.bytes.length * 2, 4096)))
        grown.set(entry.bytes.subarray(0, entry.size))
        entry.bytes = grown
      }
      entry.bytes.set(data, position)
      entry.size = Math.max(entry.size, end)
      return data.length
    }
    return Object.freeze({
      name,
      read(target: ArrayBufferView, position: number) {
        const entry = file()
        const out = bytesOf(target)
        const chunk = entry.bytes.subarray(
          Math.min(position, entry.size),
          Math.min(position + out.length, entry.size),
        )
        out.set(chunk)
        return chunk.length
      },
      write: writeAt,
      append: (source: ArrayBufferView) => writeAt(source, file().size),
      size: () => file().size,
      close() {
        open = false
      },
    })
  }
  const disk = Object.freeze({
    open(name: string) {
      if (!files.has(checkName(name))) throw new DiskError(`there is no file named ${JSON.stringify(name)}`)
      return handle(name)
    },
    create(name: string) {
      const existing = files.get(checkName(name))
      if (existing?.readOnly) throw new DiskError(`${name} is an input file: it is read-only`)
      files.set(name, { bytes: new Uint8Array(0), size: 0, readOnly: false })
      return handle(name)
    },
    exists: (name: string) => files.has(checkName(name)),
    size(name: string) {
      const entry = files.get(checkName(name))
      if (!entry) throw new DiskError(`there is no file named ${JSON.stringify(name)}`)
      return entry.size
    },
    delete(name: string) {
      const entry = files.get(checkName(name))
      if (!entry) throw new DiskError(`there is no file named ${JSON.stringify(name)}`)
      if (entry.readOnly) throw new DiskError(`${name} is an input file: it is read-only`)
      files.delete(name)
    },
    list: () => [...files.keys()].sort(),
    usage: () => ({ used: used(), quota: config.diskQuotaBytes }),
    buffer: (bytes: number) => new scope.Uint8Array(bytes),
  })

  // The pool engine on nested workers, each loading this same script in the pool role.
  let poolUrl: string | undefined
  const nested = () => {
    throw new Error(
      'pool.map and pool.mapArray run from your main function only: a worker cannot start tasks of its own',
    )
  }
  /** One nested pool worker that runs tasks one at a time: the mapreduce and dataset engines' hosts drive these. */
  const spawnThread = () => {
    if (!poolUrl) throw new Error('mapreduce: this run has no workers')
    const thread = new RealWorker(poolUrl)
    const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (fault: unknown) => void }>()
    let nextTask = 0
    thread.onmessage = (event: MessageEvent) => {
      const message = event.data
      const task = waiting.get(message.id)
      if (!task) return
      waiting.delete(message.id)
      if (message.type === 'fault')
        task.reject({ name: message.kind, message: message.text, stack: message.stack })
      else task.resolve(message.value)
    }
    thread.onerror = (event: ErrorEvent) => {
      event.preventDefault()
      for (const task of waiting.values())
        task.reject({ name: '', message: `a pool worker failed: ${event.message}`, stack: '' })
      waiting.clear()
    }
    return {
      run: (worker: string, task: unknown, info: unknown) =>
        new Promise((resolve, reject) => {
          const id = nextTask++
          waiting.set(id, { resolve, reject })
          thread.postMessage({ type: 'task', id, worker, task, info })
        }),
      // The dataset engine's learner functions, compiled in the worker at their place in the program.
      evaluate: (code: string, lineOffset: number) =>
        new Promise((resolve, reject) => {
          const id = nextTask++
          waiting.set(id, { resolve, reject })
          thread.postMessage({ type: 'evaluate', id, code, lineOffset })
        }),
    }
  }
  const runTasks = async (worker: string, tasks: unknown[], workers: number): Promise<unknown[]> => {
    if (!poolUrl) throw new Error('pool: this run has no workers')
    const results = new Array(tasks.length)
    let next = 0
    const threads = Array.from({ length: Math.min(workers, tasks.length) }, () => new RealWorker(poolUrl))
    try {
      await Promise.all(
        threads.map(
          (thread: any, index: number) =>
            new Promise<void>((resolve, reject) => {
              const give = () => {
                if (next >= tasks.length) return resolve()
                const id = next++
                const task = tasks[id] as any
                thread.postMessage({ type: 'task', id, worker, task, info: { index: id, worker: index } })
              }
              thread.onmessage = (event: MessageEvent) => {
                const message = event.data
                if (message.type === 'fault')
                  return reject(new (message.kind === 'TypeError' ? TypeError : Error)(message.message))
                results[message.id] = message.value
                give()
              }
              thread.onerror = (event: ErrorEvent) => {
                event.preventDefault()
                reject(new Error(`a pool worker failed: ${event.message}`))
              }
              give()
            }),
        ),
      )
    } finally {
      for (const thread of threads) thread.terminate()
    }
    return results
  }
  // The server pool's own check (engines/src/pool/poolGuestSource.ts), so the message names the path.
  const untransferable = (
    value: any,
    path: string,
    seen: Set<unknown>,
    depth: number,
  ): string | undefined => {
    const type = typeof value
    if (type === 'function') return `${path} is a function`
    if (type === 'symbol') return `${path} is a symbol`
    if (value === null || type !== 'object') return undefined
    if (isView(value) || value instanceof ArrayBuffer) return undefined
    if (value instanceof Promise) return `${path} is a Promise (await it before passing its value)`
    if (value instanceof WeakMap || value instanceof WeakSet || value instanceof WeakRef) {
      return `${path} is a ${value.constructor.name}`
    }
    if (seen.has(value) || depth > 32) return undefined
    seen.add(value)
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const problem = untransferable(value[i], `${path}[${i}]`, seen, depth + 1)
        if (problem) return problem
      }
      return undefined
    }
    if (value instanceof Map || value instanceof Set) return undefined
    for (const key of Object.keys(value)) {
      const problem = untransferable(value[key], `${path}.${key}`, seen, depth + 1)
      if (problem) return problem
    }
    return undefined
  }
  const checkWorkers = (worker: unknown, options: any): number => {
    if (typeof worker !== 'string' || worker === '') {
      throw new TypeError(
        'pool: the first argument is the name of an exported worker function, e.g. pool.map("countChunk", chunks)',
      )
    }
    const wanted = options?.workers ?? config.poolSize
    if (!Number.isInteger(wanted) || wanted < 1) {
      throw new RangeError(
        `pool: options.workers must be a whole number from 1 to pool.size (${config.poolSize}), got ${String(wanted)}`,
      )
    }
    if (wanted > config.poolSize) {
      throw new RangeError(
        `pool: asked for ${wanted} workers, but this run has ${config.poolSize} (pool.size); a run cannot start more workers than the challenge allows`,
      )
    }
    return wanted
  }
  const pool =
    config.role === 'pool'
      ? Object.freeze({ size: config.poolSize, worker: config.workerIndex, map: nested, mapArray: nested })
      : Object.freeze({
          size: config.poolSize,
          async map(worker: string, tasks: unknown[], options?: unknown) {
            const workers = checkWorkers(worker, options)
            if (!Array.isArray(tasks))
              throw new TypeError(`pool.map: tasks must be an array, got ${typeof tasks}`)
            for (let i = 0; i < tasks.length; i++) {
              const problem = untransferable(tasks[i], `task ${i}`, new Set(), 0)
              if (problem) {
                throw new TypeError(
                  `pool.map: ${problem}, which cannot be sent to a worker. Tasks may hold numbers, strings, booleans, null, bigints, plain objects, arrays, Maps, Sets and typed arrays.`,
                )
              }
            }
            return runTasks(worker, tasks, workers)
          },
          async mapArray(worker: string, array: any, chunkLength: number, options?: unknown) {
            const workers = checkWorkers(worker, options)
            if (!isView(array) || array instanceof DataView) {
              throw new TypeError(
                'pool.mapArray: the second argument must be a typed array, e.g. a Float64Array',
              )
            }
            if (!Number.isInteger(chunkLength) || chunkLength < 1) {
              throw new RangeError(
                `pool.mapArray: chunkLength must be a whole number of elements, at least 1, got ${String(chunkLength)}`,
              )
            }
            const typed = array as unknown as { length: number; slice(from: number, to: number): unknown }
            const chunks: unknown[] = []
            for (let offset = 0; offset < typed.length; offset += chunkLength) {
              chunks.push(typed.slice(offset, offset + chunkLength))
            }
            const tagged = chunks.map((chunk, index) => ({ chunk, offset: index * chunkLength }))
            return runTasks(`\u0000chunk:${worker}`, tagged, workers)
          },
        })

  const engines: Record<string, unknown> = {}
  if (config.engines.includes('disk')) engines.disk = Object.freeze({ disk, DiskError })
  if (config.engines.includes('pool')) engines.pool = Object.freeze({ pool })
  // With an engine host, the guests add their modules once the host is up (then it is frozen).
  const deferred = config.role === 'main' && config.hostUrl !== undefined
  // A mapreduce pool worker has its engines from the worker source already (defined once only).
  if (!Object.getOwnPropertyDescriptor(scope, '__arena_engines'))
    Object.defineProperty(scope, '__arena_engines', { value: deferred ? engines : Object.freeze(engines) })
  let local: LocalEngines | undefined
  let programExports: Record<string, unknown> | undefined
  /** Imports the host script, opens the device, installs the guests, then runs the learner's module. */
  const startDeferred = async () => {
    await import(/* @vite-ignore */ config.hostUrl as string)
    const host = scope[config.hostGlobal as string]
    if (!host) throw new Error('the local engine host did not load')
    local = (await host.createLocalEngines({
      engines: config.engines,
      tensorBackend: config.tensorBackend,
      memoryMb: config.memoryMb,
      gpu: webGpu,
      // The pool's workers start with the run, as the server's worker isolates do.
      ...(config.engines.includes('mapreduce') && {
        mapreduce: {
          threads: Array.from({ length: config.poolSize }, spawnThread),
          diskMb: config.diskQuotaBytes / 2 ** 20,
          ...(config.jobResultKb !== undefined && { jobResultKb: config.jobResultKb }),
          // A job's file input: the engine reads the run's file, the learner's code only names it.
          readFile: (name: string) => {
            const file = files.get(name)
            return file ? file.bytes.subarray(0, file.size) : undefined
          },
          // The call's inputs are files (read-only ones): its jobs read files only, as on the server.
          dataAreFiles: () => [...files.values()].some((file) => file.readOnly),
          // A job's `output: { file }`: the reducers' file lands among the run's files, for the check.
          output: {
            write: (name: string, bytes: Uint8Array) => {
              files.set(name, { bytes, size: bytes.length, readOnly: false })
            },
            isInput: (name: string) => files.get(name)?.readOnly === true,
            usedBytes: used,
          },
        },
      }),
      ...(config.engines.includes('dataset') &&
        config.dataset && {
          dataset: {
            threads: Array.from({ length: config.poolSize }, spawnThread),
            diskMb: config.diskQuotaBytes / 2 ** 20,
            workers: config.dataset.workers,
            ...(config.jobResultKb !== undefined && { jobResultKb: config.jobResultKb }),
            ...(config.jobResultRecords !== undefined && { jobResultRecords: config.jobResultRecords }),
            program: {
              code: config.dataset.code,
              globalName: config.globalName,
              sourceMap: config.dataset.sourceMap,
            },
            readFile: (name: string) => {
              const file = files.get(name)
              return file ? file.bytes.subarray(0, file.size) : undefined
            },
            // A write action's file lands among the run's files, for later jobs and the check.
            writeFile: (name: string, bytes: Uint8Array) => {
              files.set(name, { bytes, size: bytes.length, readOnly: false })
            },
          },
        }),
    })) as LocalEngines
    // The guests capture the typed-array constructors when they are set up (to check what crosses to
    // tasks by `value.constructor`): they see the real ones, which made every array, not the meter's.
    const metered = new Map<string, unknown>()
    for (const [name, Real] of realConstructors) {
      metered.set(name, scope[name])
      scope[name] = Real
    }
    try {
      local.install(guests, exempt)
    } finally {
      for (const [name, wrapped] of metered) scope[name] = wrapped
    }
    Object.freeze(engines)
  }

  // What an isolate does not have: network, storage, timers, workers of its own, a way to the page.
  for (const name of [
    'fetch',
    'XMLHttpRequest',
    'WebSocket',
    'WebTransport',
    'EventSource',
    'importScripts',
    'indexedDB',
    'caches',
    'Worker',
    'SharedWorker',
    'BroadcastChannel',
    'setTimeout',
    'setInterval',
    'clearTimeout',
    'clearInterval',
    'requestAnimationFrame',
    'postMessage',
    'navigator',
    'location',
    'close',
    'onmessage',
  ]) {
    for (let target = scope; target && target !== Object.prototype; target = Object.getPrototypeOf(target)) {
      try {
        if (Object.getOwnPropertyDescriptor(target, name)) delete target[name]
      } catch {}
    }
    try {
      Object.defineProperty(scope, name, { value: undefined, configurable: false, writable: false })
    } catch {}
  }

  const errorOf = (error: unknown) =>
    error instanceof Error
      ? { name: error.name, message: error.message, stack: String(error.stack ?? '') }
      : { name: '', message: `Threw a non-Error value: ${String(error)}`, stack: '' }
  const exportsOf = () =>
    deferred ? programExports : (scope[config.globalName] as Record<string, unknown> | undefined)
  let moduleError: unknown
  listen('error', (event: ErrorEvent) => {
    moduleError ??= event.error ?? new Error(event.message)
    event.preventDefault()
  })

  listen('message', async (event: MessageEvent) => {
    const message = event.data
    if (config.role === 'pool' && message.type === 'evaluate') {
      // No eval here (the sandbox's CSP has no 'unsafe-eval') and no module import of a blob (an opaque
      // origin cannot fetch one): the script is a classic one of its own, its value handed to
      // `__arena_evaluated`, placed on the lines it has in the program so its stack maps back.
      let url: string | undefined
      try {
        if (!importScript) throw new Error('this worker cannot load scripts')
        const line = (config.lineOffset ?? 0) + message.lineOffset + 1
        const source = `__arena_evaluated(${'\n'.repeat(Math.max(0, line - 1))}${message.code}\n)\n//# sourceURL=${config.scriptName}\n`
        url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))
        evaluated = undefined
        importScript(url)
        post({ type: 'result', id: message.id, value: evaluated })
      } catch (error) {
        const { name, message: text, stack } = errorOf(error)
        post({ type: 'fault', id: message.id, kind: name, message: text, text, stack })
      } finally {
        if (url) URL.revokeObjectURL(url)
      }
      return
    }
    if (config.role === 'pool') {
      try {
        const chunked = message.worker.startsWith('\u0000chunk:')
        const helper = config.helperPrefix !== undefined && message.worker.startsWith(config.helperPrefix)
        const name = chunked ? message.worker.slice(7) : message.worker
        const fn = helper
          ? scope.__arena_helpers?.[name.slice((config.helperPrefix as string).length)]
          : exportsOf()?.[name]
        if (typeof fn !== 'function') {
          throw new TypeError(
            `pool: your module exports no function named "${name}" (workers run exported functions, named by a string)`,
          )
        }
        const task = chunked ? message.task.chunk : message.task
        const info = Object.freeze({ ...message.info, offset: chunked ? message.task.offset : 0 })
        // A task's result is read whole inside the task, as the server's worker caller does: a getter
        // or proxy in it runs on the task's time, never while the page copies it. The engine's own
        // helpers (mapreduce, dataset) are synchronous (not awaited: an await would look up a `then`
        // the learner's module may have put on Object.prototype), and their results are materialized
        // too: built where the module may have patched the built-ins they use.
        const value = helper
          ? materialize(
              fn(task, info),
              limitBytes,
              `the output of this ${name.slice((config.helperPrefix as string).length)} task`,
            )
          : materialize(await fn(task, info), limitBytes, `the value returned by \`${name}\``)
        post({ type: 'result', id: message.id, value })
      } catch (error) {
        const { name, message: text, stack } = errorOf(error)
        post({
          type: 'fault',
          id: message.id,
          kind: name,
          message: `${name || 'Error'}: ${text}`,
          text,
          stack,
        })
      }
      return
    }
    poolUrl = message.poolUrl
    // Call k's input files appear when call k starts, never before (the grader's inputFiles): module
    // evaluation and the warm-up call cannot read or pre-process the timed input.
    const inputFiles = message.files as [string, Uint8Array, number][]
    const admitInputs = (call: number) => {
      for (const [name, bytes, of] of inputFiles) {
        if (of === call) files.set(name, { bytes, size: bytes.length, readOnly: true })
      }
    }
    const outputs: unknown[] = []
    const ms: number[] = []
    let phase = 'evaluating your module'
    /** An engine's fault ends the run whatever the learner's code did with it (the server's engineFailure). */
    const engineFailed = () => {
      const fault = local?.failure()
      if (!fault) return false
      post({
        type: 'failed',
        status: fault.status,
        error: { name: '', message: fault.message, stack: fault.stack ?? '' },
        suffix: 'suffix' in fault ? fault.suffix : undefined,
        console: consoleText,
        engineLabel: local?.label,
      })
      return true
    }
    if (deferred) {
      try {
        await startDeferred()
      } catch (error) {
        const { message: text } = errorOf(error)
        post({
          type: 'failed',
          status: 'RuntimeError',
          error: {
            name: '',
            message: `The ${config.engines.join(' and ')} engine could not start in this browser: ${text}`,
            stack: '',
          },
          console: consoleText,
        })
        return
      }
    }
    try {
      if (deferred) programExports = scope.__arena_program()
      if (moduleError) throw moduleError
      if (engineFailed()) return
      const entry = exportsOf()?.[config.entry]
      if (typeof entry !== 'function') {
        const names = Object.keys(exportsOf() ?? {}).join(', ')
        post({
          type: 'failed',
          status: 'CompileError',
          error: {
            name: '',
            message: `Your module must export a function named \`${config.entry}\`; it exports ${names ? `only: ${names}` : 'nothing'}.`,
            stack: '',
          },
          console: consoleText,
        })
        return
      }
      phase = `calling ${config.entry}`
      for (const [call, input] of (message.inputs as unknown[]).entries()) {
        admitInputs(call)
        local?.beforeCall()
        const started = now()
        // The timed window holds all of the call's work: the value is materialized before the clock
        // stops (a getter, proxy or lazy structure runs now, not while the result is copied out).
        const output = materialize(
          await (entry as (input: unknown) => unknown)(input),
          config.resultBytes,
          `the value returned by ${config.entry}`,
        )
        ms.push(now() - started)
        if (engineFailed()) return
        outputs.push(output)
      }
      const outputFiles = [...files]
        .filter(([, file]) => !file.readOnly)
        .map(([name, file]) => [name, file.bytes.slice(0, file.size)])
      try {
        post({
          type: 'done',
          outputs,
          ms,
          console: consoleText,
          dropped,
          files: outputFiles,
          engineLabel: local?.label,
        })
      } catch (error) {
        post({
          type: 'failed',
          status: 'RuntimeError',
          error: {
            name: 'DataCloneError',
            message: `${config.entry} returned a value that cannot be copied out (${errorOf(error).message})`,
            stack: '',
          },
          console: consoleText,
        })
      }
    } catch (error) {
      if (engineFailed()) return
      post({ type: 'failed', phase, error: errorOf(error), console: consoleText, engineLabel: local?.label })
    }
  })
}
