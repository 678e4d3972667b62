/**
 * Isolate-side `problem(value, path, depth)`: why a value cannot travel between isolates as JSON text
 * (a mapreduce pair, a dataset record or a value sent to workers), or undefined; it sets `sawTyped`
 * when the value holds a number typed array (only then does stringify need a replacer). One source for
 * the engines that send JSON: they differ only in the names below. Needs in scope: `isView`,
 * `isArray`, `getPrototypeOf`, `objectPrototype` and the typed-array table named by `typedArrays`.
 */
export function jsonValueProblemSource(options: {
  /** The in-scope table of number typed-array constructors by name. */
  typedArrays: string
  /** A condition admitting a value as it is (e.g. a broadcast handle), checked before the rest. */
  admit?: string
  /** The expression saying why an object of another prototype is refused (`value`, `path` in scope). */
  objectProblem: string
}): string {
  return `
  let sawTyped = false;
  function problem(value, path, depth) {
    const type = typeof value;
    if (type === 'string' || type === 'boolean' || value === null) return undefined;
    if (type === 'number') return Number.isFinite(value) ? undefined : path + ' is ' + String(value) + ' (not a finite number)';
    if (type === 'function') return path + ' is a function';
    if (type === 'symbol') return path + ' is a symbol';
    if (type === 'undefined') return path + ' is undefined';
    if (type === 'bigint') return path + ' is a bigint';
    if (depth > 32) return path + ' is nested more than 32 levels deep';${options.admit ? `\n    if (${options.admit}) return undefined;` : ''}
    if (isView(value)) {
      if (${options.typedArrays}[value.constructor && value.constructor.name] !== value.constructor) return path + ' is a ' + (value.constructor ? value.constructor.name : 'view') + ' (only number typed arrays)';
      // A float array travels as JSON numbers, where NaN and the infinities would arrive as 0: refused,
      // as a plain NaN is, rather than changed on the way.
      if (value.constructor === ${options.typedArrays}.Float64Array || value.constructor === ${options.typedArrays}.Float32Array) {
        for (let i = 0; i < value.length; i++) {
          const x = value[i];
          if (x - x !== 0) return path + '[' + i + '] is ' + String(x) + ' (not a finite number)';
        }
      }
      sawTyped = true;
      return undefined;
    }
    if (isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const p = problem(value[i], path + '[' + i + ']', depth + 1);
        if (p) return p;
      }
      return undefined;
    }
    const proto = getPrototypeOf(value);
    if (proto !== objectPrototype && proto !== null) return ${options.objectProblem};
    for (const key in value) {
      const p = problem(value[key], path + '.' + key, depth + 1);
      if (p) return p;
    }
    return undefined;
  }`
}
