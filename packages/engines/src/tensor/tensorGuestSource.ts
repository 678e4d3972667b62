/**
 * Runs inside the learner's isolate (plain JavaScript, evaluated as `arena:tensor`): the `tensor`
 * module over the host callbacks. A `Tensor` is a frozen object whose host id lives in a WeakMap of
 * this closure, so learner code can neither see nor forge ids; the host re-checks every id anyway.
 * Host answers that are strings become a TensorError thrown here, from the learner's own call, so its
 * stack (and the verdict's line) is the learner's. Returns `settle`, which the host calls when a
 * `data()` read is done.
 */
export const TENSOR_GUEST_SOURCE = `(function (hostUpload, hostFill, hostOp, hostFree, hostRead, hostLocate, hostMemory, backend) {
  'use strict'
  const MEMORY = 'MemoryLimit: '
  const freeze = Object.freeze
  const isView = ArrayBuffer.isView
  const isArray = Array.isArray
  const apply = Reflect.apply
  const mapGet = WeakMap.prototype.get
  const mapSet = WeakMap.prototype.set
  const F32 = Float32Array
  const SAB = typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : undefined
  const handles = new WeakMap()
  const kept = new WeakSet()
  const scopes = []
  const pending = new Map()
  let nextToken = 1
  const secret = {}

  class TensorError extends Error {
    constructor(message) {
      super(message)
      this.name = 'TensorError'
    }
  }
  const describe = (value) =>
    value === null ? 'null' : isArray(value) ? 'an array' : typeof value === 'object' ? (value.constructor && value.constructor.name) || 'an object' : typeof value
  const answer = (value) => {
    if (typeof value !== 'string') return value
    if (value.startsWith(MEMORY)) {
      const error = new TensorError(value.slice(MEMORY.length))
      hostLocate(String(error.stack))
      throw error
    }
    throw new TensorError(value)
  }
  const handle = (t, what) => {
    const h = typeof t === 'object' && t !== null ? apply(mapGet, handles, [t]) : undefined
    if (!h) throw new TypeError(what + ': expects a tensor, got ' + describe(t))
    if (h.disposed) throw new TensorError(what + ': this tensor was disposed; keep it until its last use (dispose it after, or return it from tensor.tidy)')
    return h.id
  }
  const make = (result) => {
    const [id, shape] = answer(result)
    const t = new Tensor(secret, id, shape)
    if (scopes.length > 0) scopes[scopes.length - 1].push(t)
    return t
  }
  const op = (name, ids, args) => make(hostOp(name, ids, args))
  const unary = (t, kind) => op('unary', [handle(t, kind)], [kind])
  const binary = (t, other, kind) => {
    const id = handle(t, kind)
    if (typeof other === 'number') return op('scalar', [id], [kind, other])
    return op('binary', [id, handle(other, kind)], [kind])
  }
  const reduce = (t, kind, axis, keepDims) => {
    if (axis !== undefined && axis !== null && typeof axis !== 'number') throw new TypeError(kind + ': the axis must be a number (or omitted for all values), got ' + describe(axis))
    return op('reduce', [handle(t, kind)], [kind, axis === undefined ? null : axis, keepDims === true])
  }
  const free = (t) => {
    const h = apply(mapGet, handles, [t])
    if (!h || h.disposed) return
    h.disposed = true
    hostFree(h.id)
  }

  class Tensor {
    constructor(token, id, shape) {
      if (token !== secret) throw new TypeError('tensors are made by tensor.from, tensor.zeros, tensor.ones, tensor.fill and by tensor ops')
      apply(mapSet, handles, [this, { id, disposed: false }])
      this.shape = freeze(shape)
      freeze(this)
    }
    get size() { let n = 1; for (const d of this.shape) n *= d; return n }
    get rank() { return this.shape.length }
    get disposed() { const h = apply(mapGet, handles, [this]); return !h || h.disposed }
    add(b) { return binary(this, b, 'add') }
    sub(b) { return binary(this, b, 'sub') }
    mul(b) { return binary(this, b, 'mul') }
    div(b) { return binary(this, b, 'div') }
    maximum(b) { return binary(this, b, 'max') }
    rsub(s) { if (typeof s !== 'number') throw new TypeError('rsub: expects a number'); return op('scalar', [handle(this, 'rsub')], ['rsub', s]) }
    rdiv(s) { if (typeof s !== 'number') throw new TypeError('rdiv: expects a number'); return op('scalar', [handle(this, 'rdiv')], ['rdiv', s]) }
    pow(s) { if (typeof s !== 'number') throw new TypeError('pow: expects a number'); return op('scalar', [handle(this, 'pow')], ['pow', s]) }
    neg() { return unary(this, 'neg') }
    exp() { return unary(this, 'exp') }
    log() { return unary(this, 'log') }
    sqrt() { return unary(this, 'sqrt') }
    abs() { return unary(this, 'abs') }
    relu() { return unary(this, 'relu') }
    step() { return unary(this, 'step') }
    sigmoid() { return unary(this, 'sigmoid') }
    matmul(b) { return op('matmul', [handle(this, 'matmul'), handle(b, 'matmul')], []) }
    sum(axis, keepDims) { return reduce(this, 'sum', axis, keepDims) }
    mean(axis, keepDims) { return reduce(this, 'mean', axis, keepDims) }
    max(axis, keepDims) { return reduce(this, 'max', axis, keepDims) }
    softmax() { return op('softmax', [handle(this, 'softmax')], []) }
    argmax() { return op('argmax', [handle(this, 'argmax')], []) }
    transpose() { return op('transpose', [handle(this, 'transpose')], []) }
    rows(start, end) { return op('rows', [handle(this, 'rows')], [start, end]) }
    reshape(shape) { return op('reshape', [handle(this, 'reshape')], [isArray(shape) ? shape.slice() : shape]) }
    data() {
      const id = handle(this, 'data')
      const token = nextToken++
      const site = new Error()
      const done = new Promise((resolve, reject) => pending.set(token, { resolve, reject, site }))
      hostRead(id, token)
      return done
    }
    async item() {
      if (this.size !== 1) throw new TensorError('item: expects a tensor of one value, got shape [' + this.shape.join(', ') + ']; use data()')
      return (await this.data())[0]
    }
    dispose() { free(this) }
    toString() { return 'Tensor[' + this.shape.join(', ') + ']' }
  }
  freeze(Tensor.prototype)
  freeze(Tensor)

  // A view (a batch cut from a larger array, or shared memory from disk.buffer) is copied into a
  // reusable array of exactly its length: crossing to the host copies a view's whole buffer, and a
  // fresh copy per batch would leave garbage that a small memory limit cannot wait for V8 to collect.
  const scratch = new Map()
  const staged = (view) => {
    let copy = scratch.get(view.length)
    if (!copy) {
      if (scratch.size >= 4) scratch.clear()
      copy = new F32(view.length)
      scratch.set(view.length, copy)
    }
    copy.set(view)
    return copy
  }
  const toValues = (values, what) => {
    if (values instanceof F32) {
      const whole = values.byteOffset === 0 && values.byteLength === values.buffer.byteLength
      return whole && !(SAB && values.buffer instanceof SAB) ? values : staged(values)
    }
    if (isView(values) || isArray(values)) return new F32(values)
    throw new TypeError(what + ': expects a Float32Array (or another typed array, or an array of numbers), got ' + describe(values))
  }
  const collect = (value, into, depth) => {
    if (value === null || typeof value !== 'object' || depth > 3) return
    if (apply(mapGet, handles, [value])) { into.add(value); return }
    if (isArray(value)) { for (const v of value) collect(v, into, depth + 1); return }
    if (Object.getPrototypeOf(value) === Object.prototype) for (const key of Object.keys(value)) collect(value[key], into, depth + 1)
  }

  const tensor = freeze({
    backend,
    from(values, shape) {
      const data = toValues(values, 'tensor.from')
      return make(hostUpload(data, shape === undefined ? [data.length] : isArray(shape) ? shape.slice() : shape))
    },
    zeros(shape) { return make(hostFill(isArray(shape) ? shape.slice() : shape, 0)) },
    ones(shape) { return make(hostFill(isArray(shape) ? shape.slice() : shape, 1)) },
    fill(shape, value) { return make(hostFill(isArray(shape) ? shape.slice() : shape, value)) },
    tidy(fn) {
      if (typeof fn !== 'function') throw new TypeError('tensor.tidy: expects a function, got ' + describe(fn))
      const scope = []
      scopes.push(scope)
      let result
      let ok = false
      try {
        result = fn()
        ok = true
      } finally {
        scopes.pop()
        const keep = new Set()
        if (ok) collect(result, keep, 0)
        for (const t of scope) {
          if (kept.has(t)) continue
          if (keep.has(t) && scopes.length > 0) scopes[scopes.length - 1].push(t)
          else if (!keep.has(t)) free(t)
        }
      }
      if (result !== null && typeof result === 'object' && typeof result.then === 'function')
        throw new TensorError('tensor.tidy: the function must be synchronous (an async function returns before its tensors are used; await outside tidy)')
      return result
    },
    keep(t) {
      handle(t, 'tensor.keep')
      kept.add(t)
      return t
    },
    dispose(...items) {
      const all = new Set()
      collect(items, all, 0)
      for (const t of all) free(t)
    },
    memory() {
      const [bytes, tensors, limit] = hostMemory()
      return freeze({ bytes, tensors, limit })
    },
  })
  Object.defineProperty(globalThis.__arena_engines, 'tensor', {
    value: freeze({ tensor, Tensor, TensorError }),
    enumerable: true,
  })
  return function settle(token, values, problem) {
    const entry = pending.get(token)
    if (!entry) return
    pending.delete(token)
    if (typeof problem === 'string') {
      const error = new TensorError(problem)
      const lines = String(entry.site.stack).split('\\n')
      lines[0] = 'TensorError: ' + problem
      error.stack = lines.join('\\n')
      entry.reject(error)
    } else {
      entry.resolve(new F32(values))
    }
  }
})`
