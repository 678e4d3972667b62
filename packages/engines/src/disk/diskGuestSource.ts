import { MAX_CALL_BYTES } from './DiskFolder.ts'

/**
 * Runs inside the learner's isolate (plain JavaScript, evaluated as `arena:disk`): builds the frozen
 * `disk` module from the host callbacks and the shared staging buffer. Data of the learner's own arrays
 * moves through the staging buffer (one copy in the isolate, then the system call on the host); arrays
 * over a `disk.buffer` are shared memory the host registered once, so the system call reads or writes
 * them directly, in one crossing, with no copy in the isolate. Host answers that are strings
 * become a DiskError thrown here, so its stack starts at the learner's own call.
 */
export const DISK_GUEST_SOURCE = `(function (hostOpen, hostRead, hostWrite, hostHandleSize, hostSizeOf, hostClose, hostDelete, hostList, hostUsage, hostRegister, stageBuffer) {
  'use strict'
  const stage = new Uint8Array(stageBuffer)
  const STAGE = stage.length
  const isView = ArrayBuffer.isView
  const U8 = Uint8Array
  const freeze = Object.freeze
  const SAB = SharedArrayBuffer
  const MAX_CALL = ${MAX_CALL_BYTES}
  // disk.buffer memory -> its host id; other arrays go through the staging buffer (id 0).
  const registered = new WeakMap()
  const getRegistered = WeakMap.prototype.get
  const setRegistered = WeakMap.prototype.set
  const apply = Reflect.apply
  const bufferId = (bytes) => apply(getRegistered, registered, [bytes.buffer]) || 0
  class DiskError extends Error {
    constructor(message) {
      super(message)
      this.name = 'DiskError'
    }
  }
  const answer = (value) => {
    if (typeof value === 'string') throw new DiskError(value)
    return value
  }
  const describe = (value) =>
    value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? (value.constructor && value.constructor.name) || 'an object' : typeof value
  const bytesOf = (view, what) => {
    if (!isView(view)) throw new TypeError(what + ' expects a typed array or a DataView, got ' + describe(view))
    return new U8(view.buffer, view.byteOffset, view.byteLength)
  }
  const offset = (position, what) => {
    if (!Number.isSafeInteger(position) || position < 0)
      throw new TypeError(what + ': the position must be a whole number of bytes, 0 or more; got ' + String(position))
    return position
  }
  const file = (id, name) => freeze({
    name,
    read(target, position) {
      const bytes = bytesOf(target, 'read')
      let at = offset(position, 'read')
      const buffer = bufferId(bytes)
      const step = buffer === 0 ? STAGE : MAX_CALL
      let done = 0
      let continued = false
      while (done < bytes.length) {
        const want = Math.min(step, bytes.length - done)
        const got = answer(hostRead(id, at, want, continued, buffer, buffer === 0 ? 0 : bytes.byteOffset + done))
        continued = true
        if (buffer === 0 && got > 0) bytes.set(got === STAGE ? stage : stage.subarray(0, got), done)
        done += got
        at += got
        if (got < want) break
      }
      return done
    },
    write(source, position) {
      return put(id, bytesOf(source, 'write'), offset(position, 'write'))
    },
    append(source) {
      return put(id, bytesOf(source, 'append'), -1)
    },
    size() {
      return answer(hostHandleSize(id))
    },
    close() {
      answer(hostClose(id))
    },
  })
  const put = (id, bytes, position) => {
    const buffer = bufferId(bytes)
    let done = 0
    let continued = false
    do {
      const n = Math.min(buffer === 0 ? STAGE : MAX_CALL, bytes.length - done)
      if (buffer === 0) stage.set(n === bytes.length ? bytes : bytes.subarray(done, done + n))
      const from = buffer === 0 ? 0 : bytes.byteOffset + done
      answer(hostWrite(id, position < 0 ? -1 : position + done, n, continued, buffer, from))
      continued = true
      done += n
    } while (done < bytes.length)
    return done
  }
  const disk = freeze({
    open(name) {
      return file(answer(hostOpen(name, false)), name)
    },
    create(name) {
      return file(answer(hostOpen(name, true)), name)
    },
    exists(name) {
      return answer(hostSizeOf(name)) >= 0
    },
    size(name) {
      const size = answer(hostSizeOf(name))
      if (size < 0) throw new DiskError('there is no file named ' + JSON.stringify(name) + ' in the scratch folder')
      return size
    },
    delete(name) {
      answer(hostDelete(name))
    },
    list() {
      return hostList()
    },
    usage() {
      const [used, quota] = hostUsage()
      return freeze({ used, quota })
    },
    buffer(bytes) {
      if (!Number.isSafeInteger(bytes) || bytes <= 0)
        throw new TypeError('disk.buffer: the size must be a whole number of bytes, 1 or more; got ' + String(bytes))
      const memory = new SAB(bytes)
      apply(setRegistered, registered, [memory, answer(hostRegister(memory))])
      return new U8(memory)
    },
  })
  Object.defineProperty(globalThis.__arena_engines, 'disk', {
    value: freeze({ disk, DiskError }),
    enumerable: true,
  })
})`
