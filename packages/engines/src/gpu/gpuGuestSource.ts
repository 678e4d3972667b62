/**
 * Installs `gpu` in the run's isolate. Called once with the host's `start` callback (fire and forget:
 * it copies the job out and returns), the adapter's facts and, in an isolate, `mark`, a clock the host
 * reads around that copy (so the engine's copying is not timed as the learner's code); returns `settle`, which the host calls
 * when a job ends, with the read-back arrays moved in or the fault to reject with. The job is checked
 * here first so that a mistake throws from the learner's own call, with their line; the host checks
 * it again (learner code can patch the built-ins used here).
 */
export const GPU_GUEST_SOURCE = `(function (start, info, mark) {
  'use strict';
  const pending = new Map();
  let nextJob = 1;
  const isView = ArrayBuffer.isView;
  const isArray = Array.isArray;
  const objectKeys = Object.keys;
  const TYPES = { f32: Float32Array, u32: Uint32Array, i32: Int32Array };
  const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

  function typeOf(array) {
    if (array instanceof Float32Array) return 'f32';
    if (array instanceof Uint32Array) return 'u32';
    if (array instanceof Int32Array) return 'i32';
    return undefined;
  }
  function problem(message) {
    return new TypeError('gpu.run: ' + message);
  }
  function count(value, what, max) {
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new RangeError('gpu.run: ' + what + ' must be a whole number from 0 to ' + max + ', got ' + String(value));
    }
    return value;
  }

  function buffer(name, spec) {
    if (isView(spec)) spec = { data: spec };
    if (spec === null || typeof spec !== 'object') {
      throw problem('buffer "' + name + '" must be a Float32Array, Uint32Array or Int32Array, or { type, length } or { uniform }');
    }
    const uniform = spec.uniform !== undefined;
    const data = uniform ? spec.uniform : spec.data;
    if (data !== undefined) {
      const type = typeOf(data);
      if (!type) {
        const kind = data && data.constructor ? data.constructor.name : typeof data;
        throw problem('buffer "' + name + '" is a ' + kind + '; WGSL reads f32, u32 and i32, so pass a Float32Array, Uint32Array or Int32Array' + (kind === 'Float64Array' ? ' (Float32Array.from(values))' : ''));
      }
      const own = data.byteLength === data.buffer.byteLength ? data : data.slice();
      return { type, length: data.length, data: own, uniform };
    }
    const type = spec.type === undefined ? 'f32' : spec.type;
    if (!TYPES[type]) throw problem('buffer "' + name + '": type must be "f32", "u32" or "i32", got ' + String(type));
    const length = count(spec.length, 'buffer "' + name + '".length', 2 ** 30);
    return { type, length, uniform: false };
  }

  function run(job) {
    if (job === null || typeof job !== 'object') throw problem('pass one job: { code, buffers, dispatches, read }');
    const code = job.code;
    if (typeof code !== 'string' || code.length === 0) throw problem('code must be the WGSL source, a non-empty string');
    if (job.buffers === null || typeof job.buffers !== 'object') throw problem('buffers must be an object: { name: Float32Array | { type, length } | { uniform } }');
    const names = objectKeys(job.buffers);
    if (names.length > info.maxBuffers) throw problem('at most ' + info.maxBuffers + ' buffers per job, got ' + names.length);
    const buffers = {};
    for (const name of names) {
      if (!NAME.test(name)) throw problem('buffer name "' + name + '" must be an identifier (letters, digits, _)');
      buffers[name] = buffer(name, job.buffers[name]);
    }
    if (!isArray(job.dispatches) || job.dispatches.length === 0) throw problem('dispatches must be a non-empty array of { entryPoint, workgroups, bind }');
    if (job.dispatches.length > info.maxDispatches) throw problem('at most ' + info.maxDispatches + ' dispatches per job, got ' + job.dispatches.length);
    const dispatches = job.dispatches.map((d, i) => {
      const at = 'dispatches[' + i + ']';
      if (d === null || typeof d !== 'object') throw problem(at + ' must be { entryPoint, workgroups, bind }');
      const entryPoint = d.entryPoint === undefined ? 'main' : d.entryPoint;
      if (typeof entryPoint !== 'string' || !NAME.test(entryPoint)) throw problem(at + '.entryPoint must be the name of an @compute function');
      const groups = typeof d.workgroups === 'number' ? [d.workgroups] : d.workgroups;
      if (!isArray(groups) || groups.length < 1 || groups.length > 3) throw problem(at + '.workgroups must be a number or [x, y?, z?]');
      const workgroups = [0, 1, 2].map((k) => count(groups[k] === undefined ? 1 : groups[k], at + '.workgroups[' + k + ']', info.maxWorkgroupsPerDimension));
      if (!isArray(d.bind)) throw problem(at + '.bind must list buffer names by @binding index, e.g. ["input", "output"]');
      const bind = d.bind.map((name, b) => {
        if (name === null) return null;
        if (typeof name !== 'string' || !buffers[name]) throw problem(at + '.bind[' + b + '] names no buffer: ' + String(name) + ' (buffers: ' + names.join(', ') + ')');
        return name;
      });
      return { entryPoint, workgroups, bind };
    });
    const readNames = job.read === undefined ? [] : job.read;
    if (!isArray(readNames)) throw problem('read must list the buffer names to read back, e.g. ["output"]');
    // A fresh array: the learner's own (its getters) must not be read again inside the copy below.
    const read = [];
    for (const name of readNames) {
      if (typeof name !== 'string' || !buffers[name]) throw problem('read names no buffer: ' + String(name));
      if (buffers[name].uniform) throw problem('read: "' + name + '" is a uniform buffer; shaders cannot write it');
      read.push(name);
    }
    const flops = job.flops === undefined ? 0 : job.flops;
    if (typeof flops !== 'number' || !(flops >= 0) || flops === Infinity) throw problem('flops must be a number >= 0');
    const label = job.kernel === undefined ? 'kernel' : String(job.kernel).slice(0, 64);

    const id = nextJob++;
    const done = new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    // Only engine code runs between the marks: the spec is plain data built above (typed arrays and
    // objects of our own), so no getter of the learner's can hide work in the copy.
    if (mark) mark();
    try {
      start(id, { kernel: label, code, buffers, dispatches, read, flops });
    } finally {
      if (mark) mark();
    }
    return done;
  }

  const gpu = Object.freeze({ info: Object.freeze(info.public), run });
  Object.defineProperty(globalThis.__arena_engines, 'gpu', { value: Object.freeze({ gpu }), enumerable: true });
  return function settle(id, value, fault) {
    const waiting = pending.get(id);
    if (!waiting) return;
    pending.delete(id);
    if (fault === undefined) waiting.resolve(value);
    else waiting.reject(new (fault.kind === 'TypeError' ? TypeError : fault.kind === 'RangeError' ? RangeError : Error)(fault.message));
  };
})`
