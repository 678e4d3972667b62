/**
 * Installs `gpu` in the run's isolate. Called once with the host's `start` callback (fire and forget:
 * it copies the job out and returns), the adapter's facts and, in an isolate, `mark`, a clock the host
 * reads around that copy (so the engine's copying is not timed as the learner's code); returns `settle`, which the host calls
 * when a job ends, with the read-back arrays moved in or the fault to reject with. The job is checked
 * here first so that a mistake throws from the learner's own call, with their line; the host checks
 * it again (learner code can patch the built-ins used here).
 *
 * The copy between the marks is excluded from the code clock, so nothing the learner wrote may run in
 * it: the job is first snapshotted, on the code clock, into a spec of primitives, objects and arrays
 * made here (properties defined with intrinsics captured before the learner's module ran, so no
 * patched prototype setter can plant an accessor) and typed arrays checked by their internal slots
 * (not by `instanceof`, `length` or `constructor`, which a Proxy or subclass answers with learner code).
 * Copying such a spec reads no getter and calls no learner function.
 */
export const GPU_GUEST_SOURCE = `(function (start, info, mark) {
  'use strict';
  const pending = new Map();
  let nextJob = 1;
  // Intrinsics captured before any learner code runs: later patching of the globals cannot reach them.
  const apply = Reflect.apply;
  const defineProperty = Object.defineProperty;
  const getPrototypeOf = Object.getPrototypeOf;
  const ownDescriptor = Object.getOwnPropertyDescriptor;
  const objectKeys = Object.keys;
  const isArray = Array.isArray;
  const isView = ArrayBuffer.isView;
  const isInteger = Number.isInteger;
  const toText = String;
  const regexpExec = RegExp.prototype.exec;
  const mapGet = Map.prototype.get;
  const mapSet = Map.prototype.set;
  const mapDelete = Map.prototype.delete;
  const arrayJoin = Array.prototype.join;
  const stringSlice = String.prototype.slice;
  const TypedArray = getPrototypeOf(Float32Array.prototype);
  const typedTag = ownDescriptor(TypedArray, Symbol.toStringTag).get;
  const typedLength = ownDescriptor(TypedArray, 'length').get;
  const typedByteOffset = ownDescriptor(TypedArray, 'byteOffset').get;
  const typedByteLength = ownDescriptor(TypedArray, 'byteLength').get;
  const typedBuffer = ownDescriptor(TypedArray, 'buffer').get;
  const typedSet = TypedArray.set;
  const bufferByteLength = ownDescriptor(ArrayBuffer.prototype, 'byteLength').get;
  const resizableOf = ownDescriptor(ArrayBuffer.prototype, 'resizable');
  const bufferResizable = resizableOf ? resizableOf.get : undefined;
  const TYPES = { __proto__: null, f32: Float32Array, u32: Uint32Array, i32: Int32Array };
  const TAGS = { __proto__: null, Float32Array: 'f32', Uint32Array: 'u32', Int32Array: 'i32' };
  const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
  const PromiseOf = Promise;
  const TypeErrorOf = TypeError;
  const RangeErrorOf = RangeError;
  const ErrorOf = Error;

  /** Sets an own data property without consulting any prototype (a learner's setter there). */
  function put(target, key, value) {
    defineProperty(target, key, { __proto__: null, value, writable: true, enumerable: true, configurable: true });
  }
  function isName(value) {
    return typeof value === 'string' && apply(regexpExec, NAME, [value]) !== null;
  }
  /** The WGSL type of a real typed array (by its internal slot: a Proxy or plain object has none). */
  function typeOf(array) {
    if (array === null || typeof array !== 'object') return undefined;
    const tag = apply(typedTag, array, []);
    return tag === undefined ? undefined : TAGS[tag];
  }
  function kindOf(value) {
    if (value === null || typeof value !== 'object') return typeof value;
    const tag = apply(typedTag, value, []);
    if (tag !== undefined) return tag;
    return isView(value) ? 'DataView' : isArray(value) ? 'Array' : 'object';
  }
  function problem(message) {
    return new TypeErrorOf('gpu.run: ' + message);
  }
  function count(value, what, max) {
    if (!isInteger(value) || value < 0 || value > max) {
      throw new RangeErrorOf('gpu.run: ' + what + ' must be a whole number from 0 to ' + max + ', got ' + toText(value));
    }
    return value;
  }
  /** A plain, whole, unshared copy of the learner's array's contents, read through its internal slots. */
  function ownData(data, type) {
    const length = apply(typedLength, data, []);
    const buffer = apply(typedBuffer, data, []);
    let whole = false;
    try {
      const resizable = bufferResizable ? apply(bufferResizable, buffer, []) : false;
      whole = !resizable && apply(typedByteOffset, data, []) === 0 &&
        apply(typedByteLength, data, []) === apply(bufferByteLength, buffer, []);
    } catch {
      whole = false; // a SharedArrayBuffer: not an ArrayBuffer, so copied
    }
    // A whole, plain view is copied by the structured copy as its bytes (no getter, no subclass code).
    if (whole && getPrototypeOf(data) === TYPES[type].prototype) return { data, length };
    const copy = new TYPES[type](length);
    apply(typedSet, copy, [data]);
    return { data: copy, length };
  }

  function buffer(name, spec) {
    if (isView(spec)) spec = { data: spec };
    if (spec === null || typeof spec !== 'object') {
      throw problem('buffer "' + name + '" must be a Float32Array, Uint32Array or Int32Array, or { type, length } or { uniform }');
    }
    const uniformData = spec.uniform;
    const uniform = uniformData !== undefined;
    const data = uniform ? uniformData : spec.data;
    if (data !== undefined) {
      const type = typeOf(data);
      if (!type) {
        const kind = kindOf(data);
        throw problem('buffer "' + name + '" is a ' + kind + '; WGSL reads f32, u32 and i32, so pass a Float32Array, Uint32Array or Int32Array' + (kind === 'Float64Array' ? ' (Float32Array.from(values))' : ''));
      }
      const own = ownData(data, type);
      return { type, length: own.length, data: own.data, uniform };
    }
    const declared = spec.type;
    const type = declared === undefined ? 'f32' : declared;
    if (typeof type !== 'string' || !TYPES[type]) throw problem('buffer "' + name + '": type must be "f32", "u32" or "i32", got ' + toText(type));
    const length = count(spec.length, 'buffer "' + name + '".length', 2 ** 30);
    return { type, length, uniform: false };
  }

  /** The learner's list as a fresh array of what each() makes of its items, read by index (no iterator, no map). */
  function listOf(value, max, each) {
    const length = value.length;
    if (!isInteger(length) || length < 0 || length > max) return undefined;
    const out = [];
    for (let i = 0; i < length; i++) put(out, i, each(value[i], i));
    return out;
  }

  function dispatchOf(d, i, buffers, names) {
    const at = 'dispatches[' + i + ']';
    if (d === null || typeof d !== 'object') throw problem(at + ' must be { entryPoint, workgroups, bind }');
    const declared = d.entryPoint;
    const entryPoint = declared === undefined ? 'main' : declared;
    if (!isName(entryPoint)) throw problem(at + '.entryPoint must be the name of an @compute function');
    const given = d.workgroups;
    const groups = typeof given === 'number' ? [given] : given;
    if (!isArray(groups)) throw problem(at + '.workgroups must be a number or [x, y?, z?]');
    const size = groups.length;
    if (!(size >= 1 && size <= 3)) throw problem(at + '.workgroups must be a number or [x, y?, z?]');
    const workgroups = [0, 0, 0];
    for (let k = 0; k < 3; k++) {
      const n = k < size ? groups[k] : undefined;
      put(workgroups, k, count(n === undefined ? 1 : n, at + '.workgroups[' + k + ']', info.maxWorkgroupsPerDimension));
    }
    const bindList = d.bind;
    if (!isArray(bindList)) throw problem(at + '.bind must list buffer names by @binding index, e.g. ["input", "output"]');
    const bind = listOf(bindList, 1024, (name, b) => {
      if (name === null) return null;
      if (typeof name !== 'string' || !buffers[name]) throw problem(at + '.bind[' + b + '] names no buffer: ' + toText(name) + ' (buffers: ' + apply(arrayJoin, names, [', ']) + ')');
      return name;
    });
    if (!bind) throw problem(at + '.bind lists too many bindings');
    return { entryPoint, workgroups, bind };
  }

  /** The job as plain data of this closure's making: every learner getter, proxy trap or method runs here, on the code clock. */
  function snapshot(job) {
    if (job === null || typeof job !== 'object') throw problem('pass one job: { code, buffers, dispatches, read }');
    const code = job.code;
    if (typeof code !== 'string' || code.length === 0) throw problem('code must be the WGSL source, a non-empty string');
    const given = job.buffers;
    if (given === null || typeof given !== 'object') throw problem('buffers must be an object: { name: Float32Array | { type, length } | { uniform } }');
    const keys = objectKeys(given);
    const names = listOf(keys, info.maxBuffers, (name) => toText(name));
    if (!names) throw problem('at most ' + info.maxBuffers + ' buffers per job, got ' + keys.length);
    const buffers = { __proto__: null };
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      if (!isName(name)) throw problem('buffer name "' + name + '" must be an identifier (letters, digits, _)');
      put(buffers, name, buffer(name, given[name]));
    }
    const list = job.dispatches;
    if (!isArray(list) || list.length === 0) throw problem('dispatches must be a non-empty array of { entryPoint, workgroups, bind }');
    const dispatches = listOf(list, info.maxDispatches, (d, i) => dispatchOf(d, i, buffers, names));
    if (!dispatches) throw problem('at most ' + info.maxDispatches + ' dispatches per job, got ' + list.length);
    const readList = job.read;
    const readNames = readList === undefined ? [] : readList;
    if (!isArray(readNames)) throw problem('read must list the buffer names to read back, e.g. ["output"]');
    const read = listOf(readNames, info.maxBuffers * 4, (name) => {
      if (typeof name !== 'string' || !buffers[name]) throw problem('read names no buffer: ' + toText(name));
      if (buffers[name].uniform) throw problem('read: "' + name + '" is a uniform buffer; shaders cannot write it');
      return name;
    });
    if (!read) throw problem('read lists more names than the job has buffers');
    const declaredFlops = job.flops;
    const flops = declaredFlops === undefined ? 0 : declaredFlops;
    if (typeof flops !== 'number' || !(flops >= 0) || flops === Infinity) throw problem('flops must be a number >= 0');
    const kernel = job.kernel;
    const label = kernel === undefined ? 'kernel' : apply(stringSlice, toText(kernel), [0, 64]);
    // A plain object (not the null-prototype map above): the host checks the copy as a record.
    const plainBuffers = {};
    for (let i = 0; i < names.length; i++) put(plainBuffers, names[i], buffers[names[i]]);
    return { kernel: label, code, buffers: plainBuffers, dispatches, read, flops };
  }

  /** Copies of at least this much data are timed out of the code clock (about 0.1 ms to copy). */
  const BRACKETED_COPY_BYTES = 1 << 20;
  function dataBytes(spec) {
    let bytes = 0;
    const names = objectKeys(spec.buffers);
    for (let i = 0; i < names.length; i++) {
      const buffer = spec.buffers[names[i]];
      if (buffer.data !== undefined) bytes += buffer.length * 4;
    }
    return bytes;
  }

  function run(job) {
    const spec = snapshot(job);
    const id = nextJob++;
    let waiting;
    const done = new PromiseOf((resolve, reject) => { waiting = { resolve, reject }; });
    apply(mapSet, pending, [id, waiting]);
    // Only engine code runs between the marks: the spec is plain data of our own making (see snapshot),
    // so its copy runs no learner code, and the engine's copying is not timed as the learner's.
    // Each mark is a round trip that waits for the host's event loop, which Dawn can hold for a whole
    // kernel (SwiftShader submits synchronously): bracketing every job would line the jobs up one after
    // another. A copy without much data costs microseconds, so only one worth timing is bracketed.
    const bracketed = mark !== undefined && dataBytes(spec) >= BRACKETED_COPY_BYTES;
    if (bracketed) mark();
    try {
      start(id, spec);
    } finally {
      if (bracketed) mark();
    }
    return done;
  }

  const gpu = Object.freeze({ info: Object.freeze(info.public), run });
  defineProperty(globalThis.__arena_engines, 'gpu', { value: Object.freeze({ gpu }), enumerable: true });
  return function settle(id, value, fault) {
    const waiting = apply(mapGet, pending, [id]);
    if (!waiting) return;
    apply(mapDelete, pending, [id]);
    if (fault === undefined) waiting.resolve(value);
    else waiting.reject(new (fault.kind === 'TypeError' ? TypeErrorOf : fault.kind === 'RangeError' ? RangeErrorOf : ErrorOf)(fault.message));
  };
})`
