/** Results nested deeper than this are refused: plain data that deep is a linked structure, not an answer. */
export const MATERIALIZE_MAX_DEPTH = 1000

/**
 * Source of a JavaScript expression whose value is `materialize(value, limitBytes, what, counted)`. Evaluate it
 * in a guest context BEFORE any learner code: it captures the intrinsics it uses at that moment, so
 * later monkey-patching of Object, Array, Map, iterators, Symbol.species or setters on prototypes
 * cannot change what it does.
 *
 * It reads the whole value right then (every getter and proxy trap runs inside the caller's timed
 * window) and returns plain data that no code can run on when it is copied out of the isolate:
 * - primitives (a symbol is refused), null-free of functions (a function is refused);
 * - arrays (dense, `length` read once, every index read), objects (own enumerable string keys, as
 *   structured clone copies them; a class instance becomes a plain object, its prototype's getters are
 *   not part of the value), Map, Set, Date (copied with captured methods, so a patched iterator or
 *   `Map.prototype.set` is never called);
 * - typed arrays and DataViews (a view over a SharedArrayBuffer is copied into an unshared buffer, so
 *   the host never holds memory that a worker can still write; an unshared typed array that spans its
 *   whole buffer is already plain data and is returned as it is: its elements cannot run code; a view
 *   of part of a buffer is copied, since the host copy takes the whole buffer along); ArrayBuffer /
 *   SharedArrayBuffer are copied.
 * The copy is a tree: a value reached twice is copied twice and counted twice (a result that expands
 * when it is copied out is refused here, before the host copies it), and a cycle is refused. Every
 * occurrence of a string counts 2 bytes per character, a number 8, a BigInt 16 plus its magnitude
 * (one BigInt can hold 128 MB, copied out whole at each occurrence), an object 16 plus its keys. Past
 * `limitBytes` it throws a RangeError "<what> is larger than N MB"; a value that cannot be copied is a
 * TypeError "<what>, at .rows[3]: a function cannot be copied". `what` names the value for the learner
 * ("the value returned by solve"). `counted`, if given, is called with the bytes counted once the copy
 * is made (an engine holds that many on the host while its copy waits there).
 */
export const MATERIALIZE_SOURCE = `(function arenaMaterializer() {
  'use strict';
  const uncurry = Function.prototype.bind.bind(Function.prototype.call);
  const getPrototypeOf = Object.getPrototypeOf;
  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const objectKeys = Object.keys;
  const isArray = Array.isArray;
  const defineProperty = Object.defineProperty;
  const ObjectPrototype = Object.prototype;
  const arrayFrom = Array.from.bind(Array);
  const objectToString = uncurry(Object.prototype.toString);
  const stringify = JSON.stringify;
  const StringConstructor = String;
  const TypeErrorConstructor = TypeError;
  const RangeErrorConstructor = RangeError;
  const MapConstructor = Map;
  const SetConstructor = Set;
  const DateConstructor = Date;
  const Uint8ArrayConstructor = Uint8Array;
  const DataViewConstructor = DataView;
  const getter = (object, key) => uncurry(getOwnPropertyDescriptor(object, key).get);
  const TypedArrayPrototype = getPrototypeOf(Uint8Array.prototype);
  const typedArrayTag = getter(TypedArrayPrototype, Symbol.toStringTag);
  const typedArrayBuffer = getter(TypedArrayPrototype, 'buffer');
  const typedArrayByteLength = getter(TypedArrayPrototype, 'byteLength');
  const typedArraySet = uncurry(TypedArrayPrototype.set);
  const arrayBufferByteLength = getter(ArrayBuffer.prototype, 'byteLength');
  const sharedBufferByteLength = typeof SharedArrayBuffer === 'function' ? getter(SharedArrayBuffer.prototype, 'byteLength') : undefined;
  const ArrayBufferConstructor = getPrototypeOf(new Uint8Array(0).buffer).constructor;
  const dataViewBuffer = getter(DataView.prototype, 'buffer');
  const dataViewByteOffset = getter(DataView.prototype, 'byteOffset');
  const dataViewByteLength = getter(DataView.prototype, 'byteLength');
  const mapSize = getter(Map.prototype, 'size');
  const mapEntries = uncurry(Map.prototype.entries);
  const mapIteratorNext = uncurry(getPrototypeOf(new Map().entries()).next);
  const mapSet = uncurry(Map.prototype.set);
  const setSize = getter(Set.prototype, 'size');
  const setValues = uncurry(Set.prototype.values);
  const setIteratorNext = uncurry(getPrototypeOf(new Set().values()).next);
  const setAdd = uncurry(Set.prototype.add);
  const dateGetTime = uncurry(Date.prototype.getTime);
  const typedArrayConstructors = { __proto__: null };
  for (const C of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
    Float32Array, Float64Array, BigInt64Array, BigUint64Array]) typedArrayConstructors[C.name] = C;
  const MAX_DEPTH = ${MATERIALIZE_MAX_DEPTH};
  const INDEX = 0, KEY = 1, MAP_KEY = 2, MAP_VALUE = 3, SET_VALUE = 4;
  const slice = uncurry(String.prototype.slice);
  const charCodeAt = uncurry(String.prototype.charCodeAt);
  const round = Math.round;
  const floor = Math.floor;

  const bigintToString = uncurry(BigInt.prototype.toString);
  const SMALL_BIGINT = 2n ** 64n;
  // Its magnitude in bytes, read from its hexadecimal digits (linear, no multiplication), only past 64 bits.
  function bigintBytes(value) {
    if (value < SMALL_BIGINT && value > -SMALL_BIGINT) return 8;
    return (bigintToString(value, 16).length + 1) >> 1;
  }
  function brand(read, value) {
    try { return read(value); } catch { return undefined; }
  }
  function isIdentifier(key) {
    if (key.length === 0 || key.length > 40) return false;
    for (let i = 0; i < key.length; i++) {
      const c = charCodeAt(key, i);
      const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 36 || c === 95;
      if (!letter && !(i > 0 && c >= 48 && c <= 57)) return false;
    }
    return true;
  }
  function formatBytes(bytes) {
    return bytes >= 1048576 ? StringConstructor(round(bytes / 1048576)) + ' MB' : StringConstructor(round(bytes / 1024)) + ' KB';
  }

  return function materialize(value, limitBytes, what, counted) {
    const name = typeof what === 'string' ? (what.length > 200 ? slice(what, 0, 200) + '…' : what) : 'the value';
    let used = 0;
    // The path is kept as segments and written out only for an error: no string work per element.
    const segments = { __proto__: null };
    const kinds = { __proto__: null };
    let depth = 0;
    const onPath = { __proto__: null };

    function where() {
      let path = '';
      for (let i = 0; i < depth && path.length < 300; i++) {
        const segment = segments[i];
        const kind = kinds[i];
        path += kind === INDEX ? '[' + segment + ']'
          : kind === KEY ? keySegment(segment)
          : kind === MAP_KEY ? '.keys()[' + segment + ']'
          : kind === MAP_VALUE ? '.values()[' + segment + ']'
          : '.values()[' + segment + ']';
      }
      return path.length > 300 ? slice(path, 0, 300) + '…' : path;
    }
    function refuse(reason) {
      const path = where();
      throw new TypeErrorConstructor(name + (path ? ', at ' + path : '') + ': ' + reason);
    }
    function count(bytes) {
      used += bytes;
      if (used > limitBytes) throw new RangeErrorConstructor(name + ' is larger than ' + formatBytes(limitBytes) + ', the limit for it');
    }
    function keySegment(key) {
      return isIdentifier(key) ? '.' + key : '[' + stringify(key.length > 40 ? slice(key, 0, 40) + '…' : key) + ']';
    }
    function copyBytes(buffer, offset, length) {
      const copy = new ArrayBufferConstructor(length);
      typedArraySet(new Uint8ArrayConstructor(copy), new Uint8ArrayConstructor(buffer, offset, length));
      return copy;
    }
    function isShared(buffer) {
      return sharedBufferByteLength !== undefined && brand(sharedBufferByteLength, buffer) !== undefined;
    }

    function copyObject(object) {
      const tag = typedArrayTag(object);
      if (tag !== undefined) {
        const byteLength = typedArrayByteLength(object);
        count(16 + byteLength);
        // A view is copied out with its whole buffer: only a view of all of an unshared buffer goes as
        // it is (12 one-byte views of 16 MB buffers took 192 MB out under a 1 MB result limit).
        const buffer = typedArrayBuffer(object);
        if (!isShared(buffer) && brand(arrayBufferByteLength, buffer) === byteLength) return object;
        return new typedArrayConstructors[tag](object);
      }
      if (isArray(object)) return copyArray(object);
      // A cheap hint first: a brand check that fails throws, and an exception per plain object made a
      // 100,000-object result take seconds. The hint is only a hint (Symbol.toStringTag can lie): the
      // brand check confirms it, and whatever is not confirmed is copied as a plain object.
      switch (objectToString(object)) {
        case '[object ArrayBuffer]': {
          const length = brand(arrayBufferByteLength, object);
          if (length === undefined) break;
          count(16 + length);
          return copyBytes(object, 0, length);
        }
        case '[object SharedArrayBuffer]': {
          const length = sharedBufferByteLength === undefined ? undefined : brand(sharedBufferByteLength, object);
          if (length === undefined) break;
          count(16 + length);
          return copyBytes(object, 0, length);
        }
        case '[object DataView]': {
          const length = brand(dataViewByteLength, object);
          if (length === undefined) break;
          count(16 + length);
          return new DataViewConstructor(copyBytes(dataViewBuffer(object), dataViewByteOffset(object), length));
        }
        case '[object Date]': {
          const time = brand(dateGetTime, object);
          if (time === undefined) break;
          count(16);
          return new DateConstructor(time);
        }
        case '[object Map]': {
          if (brand(mapSize, object) === undefined) break;
          count(16);
          const copy = new MapConstructor();
          const entries = mapEntries(object);
          let index = 0;
          for (let step = mapIteratorNext(entries); !step.done; step = mapIteratorNext(entries), index++) {
            const entry = step.value;
            const key = copyAt(MAP_KEY, index, entry[0]);
            const item = copyAt(MAP_VALUE, index, entry[1]);
            mapSet(copy, key, item);
          }
          return copy;
        }
        case '[object Set]': {
          if (brand(setSize, object) === undefined) break;
          count(16);
          const copy = new SetConstructor();
          const values = setValues(object);
          let index = 0;
          for (let step = setIteratorNext(values); !step.done; step = setIteratorNext(values), index++) {
            setAdd(copy, copyAt(SET_VALUE, index, step.value));
          }
          return copy;
        }
      }
      count(16);
      const copy = {};
      const keys = objectKeys(object);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        count(2 * key.length);
        const item = copyAt(KEY, key, object[key]);
        // A key that Object.prototype has (toString, __proto__, or a setter a learner put there) is
        // defined, so no setter runs and no inherited property stands in for it; others are assigned.
        if (key in ObjectPrototype) defineProperty(copy, key, { __proto__: null, value: item, writable: true, enumerable: true, configurable: true });
        else copy[key] = item;
      }
      return copy;
    }

    function copyArray(array) {
      let length = +array.length;
      length = length > 0 ? floor(length) : 0;
      count(16);
      // Every element costs at least a byte: a length past the limit is refused before allocating.
      if (length > limitBytes - used) count(length);
      // Every index is an own data property from the start (no hole, so no setter or getter on
      // Array.prototype is ever met, here or when the host copies it).
      const copy = arrayFrom({ __proto__: null, length });
      // The running count is kept in a local for the primitive fast path (a closure variable per
      // element measured about twice as slow) and written back around every nested copy.
      let bytes = used;
      for (let i = 0; i < length; i++) {
        const item = array[i];
        // Numbers and strings, the bulk of most results, skip the path bookkeeping.
        if (typeof item === 'number') {
          bytes += 8;
          copy[i] = item;
        } else if (typeof item === 'string') {
          bytes += 2 * item.length;
          copy[i] = item;
        } else {
          used = bytes;
          copy[i] = copyAt(INDEX, i, item);
          bytes = used;
        }
        if (bytes > limitBytes) {
          used = bytes;
          count(0);
        }
      }
      used = bytes;
      return copy;
    }

    // A path segment is kept raw (an index or a key, and its kind) and written out only for an error.
    function copyAt(kind, segment, item) {
      kinds[depth] = kind;
      segments[depth] = segment;
      depth++;
      try {
        return copyValue(item);
      } finally {
        depth--;
      }
    }

    function copyValue(item) {
      switch (typeof item) {
        case 'undefined':
        case 'boolean':
          count(1);
          return item;
        case 'number':
          count(8);
          return item;
        case 'bigint':
          // A BigInt is a primitive: every occurrence is copied out whole, and one can hold 128 MB.
          count(16 + bigintBytes(item));
          return item;
        case 'string':
          count(2 * item.length);
          return item;
        case 'symbol':
          return refuse('a symbol cannot be copied');
        case 'function':
          return refuse('a function cannot be copied');
      }
      if (item === null) {
        count(1);
        return null;
      }
      // A cycle is found when it reaches the depth limit (a tree walk of a cycle never ends): the
      // objects on the path tell a cycle from plain deep nesting.
      if (depth >= MAX_DEPTH) {
        for (let i = 0; i < depth; i++) {
          if (onPath[i] === item) return refuse('it contains itself (a cycle); a result must be plain data without cycles');
        }
        return refuse('it is nested deeper than ' + MAX_DEPTH + ' levels');
      }
      onPath[depth] = item;
      return copyObject(item);
    }

    const copy = copyValue(value);
    if (counted !== undefined) counted(used);
    return copy;
  };
})()`
