// The guest-side sources (lockdown and materializer) on node:vm contexts: the same V8 built-ins as an
// isolate, without a child process, so each rule is checked directly and fast.
import { createContext, runInContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { GUEST_LOCKDOWN_SOURCE, MATERIALIZE_SOURCE, PORTABLE_GUEST_LOCKDOWN_SOURCE } from './index.ts'

function guestContext(): object {
  const context = createContext({})
  runInContext(GUEST_LOCKDOWN_SOURCE, context)
  runInContext(`globalThis.__materialize = ${MATERIALIZE_SOURCE}`, context)
  return context
}

function guest(): (code: string) => unknown {
  const context = guestContext()
  return (code) => runInContext(code, context)
}

describe('GUEST_LOCKDOWN_SOURCE', () => {
  it.each([
    ['the global', 'WebAssembly.Memory'],
    ['globalThis', 'globalThis.WebAssembly'],
    ['Function("return this")', 'Function("return this")().WebAssembly'],
    ['indirect eval', '(0, eval)("this").WebAssembly'],
    ['Reflect.get', 'Reflect.get(globalThis, "WebAssembly")'],
    [
      'the descriptor getter',
      'Object.getOwnPropertyDescriptor(globalThis, "WebAssembly").get.call(globalThis)',
    ],
    ['typeof', 'typeof WebAssembly'],
  ])('WebAssembly through %s throws that it is not available', (_, expression) => {
    const run = guest()
    expect(() => run(expression)).toThrow(/WebAssembly is not available in the arena.*memory limit/)
  })

  it('WebAssembly cannot be deleted, redefined or assigned back', () => {
    const run = guest()
    expect(run('delete globalThis.WebAssembly')).toBe(false)
    expect(() => run('Object.defineProperty(globalThis, "WebAssembly", { value: 1 })')).toThrow(
      /Cannot redefine/,
    )
    expect(() => run('"use strict"; globalThis.WebAssembly = {}')).toThrow(/not available/)
  })

  it.each([
    ['ArrayBuffer', 'new ArrayBuffer(8, { maxByteLength: 1 << 30 })'],
    ['SharedArrayBuffer', 'new SharedArrayBuffer(8, { maxByteLength: 1 << 30 })'],
    ['an instance constructor', 'new (new Uint8Array(1).buffer.constructor)(8, { maxByteLength: 1 << 30 })'],
    ['a subclass', 'new (class extends ArrayBuffer {})(8, { maxByteLength: 1 << 30 })'],
    ['Reflect.construct', 'Reflect.construct(ArrayBuffer, [8, { maxByteLength: 1 << 30 }])'],
  ])('a resizable buffer through %s is refused', (_, expression) => {
    const run = guest()
    expect(() => run(expression)).toThrow(/not available in the arena/)
  })

  it('a getter that hides maxByteLength on the second read still gets a fixed-length buffer', () => {
    const run = guest()
    const resizable = run(
      'let reads = 0; const options = { get maxByteLength() { return reads++ === 0 ? undefined : 1 << 30 } }; new ArrayBuffer(8, options).resizable',
    )
    expect(resizable).toBe(false)
  })

  it('fixed-length buffers, typed arrays and instanceof keep working', () => {
    const run = guest()
    expect(
      run(
        'const b = new ArrayBuffer(8); const s = new SharedArrayBuffer(4); [b instanceof ArrayBuffer, new Uint8Array(2).buffer instanceof ArrayBuffer, s instanceof SharedArrayBuffer, b.byteLength, ArrayBuffer.isView(new Uint8Array(1)), new (class X extends ArrayBuffer {})(4).byteLength].join()',
      ),
    ).toBe('true,true,true,8,true,4')
  })

  it('Atomics.wait and Atomics.waitAsync throw; the other Atomics stay', () => {
    const run = guest()
    expect(() => run('Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)')).toThrow(
      /Atomics.wait is not available/,
    )
    expect(() => run('Atomics.waitAsync(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5)')).toThrow(
      /Atomics.waitAsync is not available/,
    )
    expect(() => run('"use strict"; Atomics.waitAsync = () => 0')).toThrow(/read only/)
    expect(run('Atomics.add(new Int32Array(new SharedArrayBuffer(4)), 0, 2)')).toBe(0)
  })

  it('FinalizationRegistry is gone in isolated-vm contexts, kept in the portable (browser) lockdown', () => {
    const run = guest()
    expect(() => run('new FinalizationRegistry(() => {})')).toThrow(/FinalizationRegistry is not available/)
    expect(() =>
      run('Object.getOwnPropertyDescriptor(globalThis, "FinalizationRegistry").get.call(globalThis)'),
    ).toThrow(/FinalizationRegistry is not available/)
    expect(run('delete globalThis.FinalizationRegistry')).toBe(false)
    expect(run('typeof new WeakRef({}).deref')).toBe('function')
    const portable = createContext({})
    runInContext(PORTABLE_GUEST_LOCKDOWN_SOURCE, portable)
    expect(runInContext('typeof new FinalizationRegistry(() => {}).register', portable)).toBe('function')
    expect(() =>
      runInContext('Atomics.waitAsync(new Int32Array(new SharedArrayBuffer(4)), 0, 0)', portable),
    ).toThrow(/Atomics.waitAsync is not available/)
  })
})

describe('MATERIALIZE_SOURCE', () => {
  it('reads getters, proxies and index getters right away and returns plain data', () => {
    const run = guest()
    const value = run(`
      globalThis.calls = 0
      const lazy = { get total() { calls++; return 42 } }
      const proxy = new Proxy({}, { ownKeys: () => ['a'], getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }), get: (_, key) => { if (key === 'a') calls++; return 7 } })
      const array = [1, 2]; Object.defineProperty(array, 1, { get() { calls++; return 3 }, enumerable: true })
      globalThis.copy = __materialize({ lazy, proxy, array, map: new Map([['k', lazy]]), set: new Set([1]), date: new Date(5) }, 1e6, 'the value returned by solve')
      calls`)
    expect(value).toBe(4)
    expect(run('Object.getOwnPropertyDescriptor(copy.lazy, "total").value')).toBe(42)
    expect(run('JSON.stringify([copy.proxy, copy.array])')).toBe('[{"a":7},[1,3]]')
    expect(run('copy.map.get("k").total + copy.set.size + copy.date.getTime()')).toBe(48)
    expect(run('calls')).toBe(4)
  })

  it('a class instance becomes a plain object of its own fields', () => {
    const run = guest()
    expect(
      run(
        'class P { constructor() { this.x = 1 } get y() { throw new Error("never read") } }; const c = __materialize(new P(), 1e6, "r"); [Object.getPrototypeOf(c) === Object.prototype, JSON.stringify(c)].join()',
      ),
    ).toBe('true,{"x":1}')
  })

  it('is not affected by monkey-patching after it was evaluated', () => {
    const run = guest()
    const text = run(`
      const m = new Map([[1, 2]])
      Object.keys = () => { throw new Error('patched keys') }
      Array.isArray = () => false
      Map.prototype.set = function () { throw new Error('patched set') }
      Object.getPrototypeOf(new Map().entries()).next = function () { throw new Error('patched next') }
      Object.defineProperty(Object.prototype, 'x', { set(v) { throw new Error('setter on the prototype') }, configurable: true })
      Object.defineProperty(Object.prototype, 'get', { get() { throw new Error('descriptor getter') }, configurable: true })
      const copy = __materialize({ x: [1], m }, 1e6, 'r')
      delete Object.prototype.get
      JSON.stringify([copy.x, copy.m.get(1)])`)
    expect(text).toBe('[[1],2]')
  })

  it.each([
    [
      'a function',
      '({ rows: [0, 1, 2, () => 1] })',
      /the value returned by solve, at \.rows\[3\]: a function cannot be copied/,
    ],
    ['a symbol', '({ "odd key": Symbol() })', /at \["odd key"\]: a symbol cannot be copied/],
    [
      'a cycle',
      '(() => { const a = { b: {} }; a.b.a = a; return a })()',
      /at \.b\.a\.b\.a.*: it contains itself/,
    ],
    [
      'deep nesting',
      '(() => { let a = []; for (let i = 0; i < 5000; i++) a = [a]; return a })()',
      /nested deeper than 1000/,
    ],
    ['a map value', 'new Map([[1, () => 1]])', /at \.values\(\)\[0\]: a function/],
  ])('refuses %s with a TypeError naming the path', (_, expression, message) => {
    const run = guest()
    expect(() => run(`__materialize(${expression}, 1e6, 'the value returned by solve')`)).toThrow(message)
  })

  it('counts every occurrence of a string, so a result that expands is refused before it is copied', () => {
    const run = guest()
    expect(() =>
      run(
        "const s = 'x'.repeat(1e6); __materialize(new Array(20).fill(s), 16 * 2 ** 20, 'the value returned by solve')",
      ),
    ).toThrow(/the value returned by solve is larger than 16 MB/)
    expect(run("const t = 'x'.repeat(1e6); __materialize([t, t], 16 * 2 ** 20, 'r').length")).toBe(2)
  })

  it('an endless getter keeps running inside the call (the caller times it)', () => {
    const context = guestContext()
    expect(() =>
      runInContext('__materialize({ get x() { for (;;) {} } }, 1e6, "r")', context, { timeout: 200 }),
    ).toThrow(/timed out/)
  })

  it('typed arrays: an unshared one is returned as is, a shared one is copied out of shared memory', () => {
    const run = guest()
    expect(
      run(`
        const plain = new Float64Array([1, 2])
        const shared = new Int32Array(new SharedArrayBuffer(8)); shared[1] = 9
        const view = new DataView(new ArrayBuffer(4)); view.setUint8(1, 5)
        const c = __materialize({ plain, shared, view, buffer: new SharedArrayBuffer(2) }, 1e6, 'r')
        ;[c.plain === plain, c.shared !== shared, c.shared[1], c.shared.buffer instanceof SharedArrayBuffer, c.view.getUint8(1), c.buffer instanceof ArrayBuffer].join()`),
    ).toBe('true,true,9,false,5,true')
  })

  it('a view of part of a buffer is copied: the host copy would take the whole buffer along', () => {
    const run = guest()
    expect(
      run(`
        const views = Array.from({ length: 12 }, () => new Uint8Array(new ArrayBuffer(2 ** 20), 8, 1))
        const c = __materialize({ views, tail: new Float64Array(8).subarray(6) }, 4096, 'r')
        ;[c.views[0] !== views[0], c.views[0].buffer.byteLength, c.views.length, c.tail.buffer.byteLength, c.tail.length].join()`),
    ).toBe('true,1,12,16,2')
  })
})
