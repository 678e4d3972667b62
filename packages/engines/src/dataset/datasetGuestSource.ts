import { jsonValueProblemSource } from '../mapreduce/jsonValueSource.ts'
import { PARSE_PAIRS_SOURCE } from '../mapreduce/pairsSource.ts'

/**
 * Installs `dataset` in the run's main isolate. Transformations only build the lineage (nothing
 * crosses to the host); an action sends it with the learner's function sources through `start` (fire
 * and forget) and the host settles the promise when the job ends. Arrays (`fromArray`) and broadcasts
 * are registered with the host once, when made (`register`, synchronous). Every argument is checked
 * here, so a mistake throws from the learner's own call with their line; the host checks it all again.
 */
export const DATASET_GUEST_SOURCE = `(function (start, register, unpersistHost, limits) {
  'use strict';
${PARSE_PAIRS_SOURCE}
  const size = limits.size;
  const maxPartitions = limits.maxPartitions;
  const apply = Reflect.apply;
  const fnToString = Function.prototype.toString;
  const stringify = JSON.stringify;
  const isArray = Array.isArray;
  const isView = ArrayBuffer.isView;
  const freeze = Object.freeze;
  const create = Object.create;
  const getPrototypeOf = Object.getPrototypeOf;
  const objectPrototype = Object.prototype;
  const defineProperty = Object.defineProperty;
  const floor = Math.floor;
  const nodes = new WeakMap();
  const broadcastIds = new WeakMap();
  const pending = new Map();
  let nextNode = 1;
  let nextJob = 1;
  let lastJob;

${jsonValueProblemSource({
  typedArrays: 'TYPED_ARRAYS',
  admit: 'broadcastIds.has(value)',
  objectProblem:
    "path + ' is a ' + (value.constructor ? value.constructor.name : 'object') + ' (only plain objects: a Map can be an object or an array of [key, value] pairs)'",
})}
  function replacer(key, value) {
    if (value !== null && typeof value === 'object' && broadcastIds.has(value)) return { $broadcast: broadcastIds.get(value) };
    if (isView(value)) return { $typed: value.constructor.name, data: Array.from(value) };
    return value;
  }
  // JSON text of a value sent to workers, or a TypeError naming the path that cannot be sent.
  function encode(value, what, path) {
    const type = typeof value;
    if (type === 'string') return stringify(value);
    if (type === 'number' && Number.isFinite(value)) return '' + value;
    sawTyped = false;
    const p = problem(value, path, 0);
    if (p) {
      throw new TypeError('dataset.' + what + ': ' + p + ', which cannot be sent to a worker. Send JSON values (strings, finite numbers, booleans, null, arrays, plain objects), number typed arrays and broadcasts.');
    }
    return stringify(value, replacer);
  }

  function checkFunction(what, fn, example) {
    if (typeof fn !== 'function') {
      throw new TypeError('dataset.' + what + ': pass a function, e.g. ' + example + ', got ' + (fn === null ? 'null' : typeof fn));
    }
    const source = apply(fnToString, fn, []);
    // A task runs a function to the end for each record: a promise would be a record (or, in filter, true).
    if (/^async[\\s(]/.test(source)) throw new TypeError('dataset.' + what + ': pass a synchronous function; tasks cannot await (an async function returns a promise, not a record)');
    return source;
  }
  // Options are checked by name: \`reduceByKey(fn, { k })\` meant env: { k }, and would silently drop it.
  function checkKeys(what, value, allowed) {
    for (const key in value) {
      if (allowed.indexOf(key) < 0) throw new TypeError('dataset.' + what + ': unknown option ' + String(key).slice(0, 40) + ' (the options are ' + allowed.join(', ') + ')');
    }
  }
  function checkPartitions(what, value, optional) {
    if (value === undefined && optional) return undefined;
    if (!Number.isInteger(value) || value < 1 || value > maxPartitions) {
      throw new RangeError('dataset.' + what + ': partitions must be a whole number from 1 to ' + maxPartitions + ', got ' + String(value).slice(0, 40));
    }
    return value;
  }
  function options(what, value) {
    if (value === undefined) return {};
    if (typeof value === 'number') return { partitions: value };
    if (value === null || typeof value !== 'object') throw new TypeError('dataset.' + what + ': options must be an object such as { partitions: 4, env }');
    checkKeys(what, value, what === 'sortBy' ? ['ascending', 'partitions', 'env'] : ['partitions', 'env']);
    return value;
  }

  const proto = create(null);
  function wrap(node) {
    const ds = create(proto);
    nodes.set(ds, node);
    return freeze(ds);
  }
  function nodeOf(ds, what) {
    const node = nodes.get(ds);
    if (!node) throw new TypeError('dataset.' + what + ': call it on a dataset made by dataset.read, dataset.fromArray or a transformation');
    return node;
  }
  function derive(ds, what, op, fields) {
    const parent = nodeOf(ds, what);
    const node = { id: nextNode++, op, parents: [parent], fns: [], cached: false };
    for (const key in fields) if (fields[key] !== undefined) node[key] = fields[key];
    return wrap(node);
  }
  function envText(what, env) {
    return env === undefined ? undefined : encode(env, what, 'env');
  }
  function narrow(op, example) {
    return function (fn, env) {
      const source = checkFunction(op, fn, example);
      return derive(this, op, op, { fns: [source], env: envText(op, env) });
    };
  }
  proto.map = narrow('map', '(record) => record.length');
  proto.filter = narrow('filter', '(record) => record > 0');
  proto.flatMap = narrow('flatMap', "(line) => line.split(' ')");
  proto.mapPartitions = narrow('mapPartitions', '(records) => [records.length]');
  proto.keyBy = narrow('keyBy', '(record) => record.id');
  proto.reduceByKey = function (fn, opts) {
    const source = checkFunction('reduceByKey', fn, '(a, b) => a + b');
    const o = options('reduceByKey', opts);
    return derive(this, 'reduceByKey', 'reduceByKey', { fns: [source], env: envText('reduceByKey', o.env), partitions: checkPartitions('reduceByKey', o.partitions, true) });
  };
  proto.aggregateByKey = function (zero, seqOp, combOp, opts) {
    const zeroText = encode(zero, 'aggregateByKey', 'the zero value');
    const seq = checkFunction('aggregateByKey', seqOp, '(acc, value) => acc + value');
    const comb = checkFunction('aggregateByKey', combOp, '(a, b) => a + b');
    const o = options('aggregateByKey', opts);
    return derive(this, 'aggregateByKey', 'aggregateByKey', { fns: [seq, comb], zero: zeroText, env: envText('aggregateByKey', o.env), partitions: checkPartitions('aggregateByKey', o.partitions, true) });
  };
  function shuffleOnly(op) {
    return function (partitions) {
      return derive(this, op, op, { partitions: checkPartitions(op, partitions, op !== 'repartition') });
    };
  }
  proto.groupByKey = shuffleOnly('groupByKey');
  proto.distinct = shuffleOnly('distinct');
  proto.repartition = shuffleOnly('repartition');
  proto.partitionBy = function (partitions, fn, env) {
    const n = checkPartitions('partitionBy', partitions, false);
    const source = checkFunction('partitionBy', fn, '(key, partitions) => key % partitions');
    return derive(this, 'partitionBy', 'partitionBy', { partitions: n, fns: [source], env: envText('partitionBy', env) });
  };
  proto.join = function (other, partitions) {
    const left = nodeOf(this, 'join');
    const right = nodeOf(other, 'join');
    return wrap({ id: nextNode++, op: 'join', parents: [left, right], fns: [], cached: false, partitions: checkPartitions('join', partitions, true) });
  };
  proto.sortBy = function (fn, opts) {
    const source = checkFunction('sortBy', fn, '(record) => record.score');
    const o = options('sortBy', opts);
    if (o.ascending !== undefined && typeof o.ascending !== 'boolean') throw new TypeError('dataset.sortBy: ascending must be true or false');
    return derive(this, 'sortBy', 'sortBy', { fns: [source], env: envText('sortBy', o.env), ascending: o.ascending !== false, partitions: checkPartitions('sortBy', o.partitions, true) });
  };
  proto.cache = function () {
    nodeOf(this, 'cache').cached = true;
    return this;
  };
  proto.unpersist = function () {
    const node = nodeOf(this, 'unpersist');
    node.cached = false;
    unpersistHost(node.id);
    return this;
  };

  // Own properties of arrays made here, set without a method or setter the learner could have patched.
  function put(array, index, value) {
    defineProperty(array, index, { value, writable: true, enumerable: true, configurable: true });
  }
  const SPEC_FIELDS = ['env', 'partitions', 'file', 'format', 'header', 'columns', 'where', 'record', 'array', 'zero', 'ascending'];
  // The lineage of a node, parents before children. Ids grow along every edge, and a for-in over a
  // prototype-less object lists integer keys in ascending order: no sort, Map or push to patch.
  function lineage(target) {
    const byId = create(null);
    const stack = [target];
    let top = 1;
    while (top > 0) {
      const node = stack[--top];
      if (byId[node.id] !== undefined) continue;
      byId[node.id] = node;
      const parents = node.parents;
      for (let i = 0; i < parents.length; i++) put(stack, top++, parents[i]);
    }
    const specs = [];
    let count = 0;
    for (const id in byId) {
      const node = byId[id];
      const parents = [];
      for (let i = 0; i < node.parents.length; i++) put(parents, i, node.parents[i].id);
      const spec = { id: node.id, op: node.op, parents, fns: node.fns, cached: node.cached };
      for (let i = 0; i < SPEC_FIELDS.length; i++) {
        const key = SPEC_FIELDS[i];
        if (node[key] !== undefined) spec[key] = node[key];
      }
      put(specs, count++, spec);
    }
    return specs;
  }
  function act(ds, what, action, finish) {
    const target = nodeOf(ds, what);
    const job = nextJob++;
    const done = new Promise((resolve, reject) => pending.set(job, { resolve, reject, finish }));
    // One JSON text crosses to the host, made here under the memory limit: an object would be copied
    // there, where a lineage built through a patched method (columns.slice, parents.map) could repeat
    // one large string at every place and expand in the host, uncounted (issue 14, class 1).
    start(job, stringify({ action, target: target.id, nodes: lineage(target) }));
    return done;
  }
  function parseLines(text) {
    if (text.length === 0) return [];
    const json = '[' + replaceText.call(text, /\\n/g, ',') + ']';
    return indexOfText.call(text, '$typed') < 0 ? parseJson(json) : parseJson(json, reviveTyped);
  }
  proto.collect = function () {
    return act(this, 'collect', { kind: 'collect' }, (value) => parseLines(value.text));
  };
  proto.count = function () {
    return act(this, 'count', { kind: 'count' }, (value) => value.count);
  };
  proto.take = function (n) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError('dataset.take: n must be a whole number, got ' + String(n).slice(0, 40));
    return act(this, 'take', { kind: 'take', n }, (value) => parseLines(value.text));
  };
  proto.reduce = function (fn, env) {
    const source = checkFunction('reduce', fn, '(a, b) => a + b');
    const text = envText('reduce', env);
    return act(this, 'reduce', { kind: 'reduce', fn: source, env: text }, (value) => {
      const partials = parseLines(value.text);
      if (partials.length === 0) throw new TypeError('dataset.reduce: the dataset is empty, so there is nothing to reduce (count() it first, or fold with aggregateByKey)');
      // The last step runs here, in your main function, as Spark's driver does.
      let result = partials[0];
      for (let i = 1; i < partials.length; i++) result = fn(result, partials[i], env);
      return result;
    });
  };
  proto.treeReduce = function (fn, opts) {
    const source = checkFunction('treeReduce', fn, '(a, b) => a + b');
    const o = opts === undefined ? {} : opts;
    if (o === null || typeof o !== 'object') throw new TypeError('dataset.treeReduce: options must be an object such as { depth: 2, env }');
    checkKeys('treeReduce', o, ['depth', 'env']);
    const depth = o.depth === undefined ? 2 : o.depth;
    if (!Number.isInteger(depth) || depth < 2 || depth > 8) throw new RangeError('dataset.treeReduce: depth must be a whole number from 2 to 8 (levels of the tree, counting the fold in your main function; 1 is reduce), got ' + String(depth).slice(0, 40));
    const env = o.env;
    const text = envText('treeReduce', env);
    return act(this, 'treeReduce', { kind: 'reduce', fn: source, env: text, depth }, (value) => {
      const partials = parseLines(value.text);
      if (partials.length === 0) throw new TypeError('dataset.treeReduce: the dataset is empty, so there is nothing to reduce (count() it first, or fold with aggregateByKey)');
      // The tree's last level leaves a few partials: the root's fold runs here, as Spark's driver does.
      let result = partials[0];
      for (let i = 1; i < partials.length; i++) result = fn(result, partials[i], env);
      return result;
    });
  };
  proto.write = function (file, opts) {
    if (typeof file !== 'string' || file === '') throw new TypeError('dataset.write: the first argument is the name of the output file, e.g. ds.write("out.txt")');
    const o = opts === undefined ? {} : opts;
    if (o === null || typeof o !== 'object') throw new TypeError("dataset.write: options must be an object such as { format: 'json' }");
    checkKeys('write', o, ['format', 'schema', 'rowGroupRows']);
    const format = o.format === undefined ? 'lines' : o.format;
    if (format !== 'lines' && format !== 'json' && format !== 'columnar') throw new TypeError("dataset.write: format must be 'lines' (string records, one a line), 'json' (each record's JSON, one a line) or 'columnar' (object records, with a schema), got " + String(format).slice(0, 40));
    if ((o.schema !== undefined || o.rowGroupRows !== undefined) && format !== 'columnar') throw new TypeError("dataset.write: schema and rowGroupRows are for format: 'columnar' only");
    const action = { kind: 'write', file, format };
    if (format === 'columnar') {
      action.schema = fields('write', o.schema, COLUMN_TYPES);
      if (o.rowGroupRows !== undefined) {
        if (!Number.isInteger(o.rowGroupRows) || o.rowGroupRows < 1 || o.rowGroupRows > 16777216) throw new RangeError('dataset.write: rowGroupRows must be a whole number from 1 to 2^24, got ' + String(o.rowGroupRows).slice(0, 40));
        action.rowGroupRows = o.rowGroupRows;
      }
    }
    return act(this, 'write', action, (value) => freeze(parseJson(value.text)));
  };
  freeze(proto);

  const PREDICATE_OPS = ['=', '<', '<=', '>', '>=', 'between'];
  const FIELD_TYPES = ['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64'];
  const COLUMN_TYPES = ['int32', 'float64', 'string'];
  // [[name, type], ...] with distinct names: a binary record's layout, a columnar write's schema.
  function fields(what, value, types) {
    const example = what === 'read' ? "record: [['id', 'int32'], ['value', 'float64']]" : "schema: [['id', 'int32'], ['name', 'string']]";
    if (!isArray(value) || value.length === 0) throw new TypeError('dataset.' + what + ': ' + example.split(':')[0] + ' must be a non-empty array of [name, type], e.g. ' + example);
    const names = [];
    const out = [];
    for (const f of value) {
      if (!isArray(f) || f.length !== 2 || typeof f[0] !== 'string' || f[0] === '' || names.indexOf(f[0]) >= 0 || types.indexOf(f[1]) < 0) {
        throw new TypeError('dataset.' + what + ': ' + String(stringify(f)).slice(0, 60) + ' is not a [name, type] of its own; the types are ' + types.join(', '));
      }
      names.push(f[0]);
      out.push([f[0], f[1]]);
    }
    return out;
  }
  function predicates(value) {
    if (!isArray(value)) throw new TypeError("dataset.read: where must be an array of predicates, e.g. [['price', '>', 10], ['day', 'between', 1, 7]]");
    const out = [];
    for (const p of value) {
      const ok = isArray(p) && typeof p[0] === 'string' && PREDICATE_OPS.indexOf(p[1]) >= 0 && p.length === (p[1] === 'between' ? 4 : 3);
      let values = ok;
      for (let i = 2; ok && i < p.length; i++) values = values && (typeof p[i] === 'string' || (typeof p[i] === 'number' && Number.isFinite(p[i])));
      if (!values) throw new TypeError("dataset.read: " + String(stringify(p)).slice(0, 80) + " is not a predicate; write [column, op, value] with op one of =, <, <=, >, >=, or [column, 'between', low, high], with finite numbers or strings");
      out.push(p.slice());
    }
    return out;
  }
  function read(file, opts) {
    if (typeof file !== 'string' || file === '') throw new TypeError('dataset.read: the first argument is the name of an input file, e.g. dataset.read("corpus.txt")');
    const o = opts === undefined ? {} : opts;
    if (o === null || typeof o !== 'object') throw new TypeError("dataset.read: options must be an object such as { format: 'lines' }");
    checkKeys('read', o, ['format', 'header', 'partitions', 'columns', 'where', 'record']);
    const format = o.format === undefined ? 'lines' : o.format;
    if (format !== 'lines' && format !== 'csv' && format !== 'json' && format !== 'columnar' && format !== 'binary') {
      throw new TypeError("dataset.read: format must be 'lines' (each line a string), 'csv' (each line an array of fields, or an object with header: true), 'json' (each line parsed as JSON), 'columnar' (rows of a columnar file as objects) or 'binary' (fixed-layout records as objects), got " + String(format).slice(0, 40));
    }
    if (o.header !== undefined && (typeof o.header !== 'boolean' || format !== 'csv')) throw new TypeError("dataset.read: header: true is for format: 'csv' only");
    if ((o.columns !== undefined || o.where !== undefined) && format !== 'columnar') throw new TypeError("dataset.read: columns and where are for format: 'columnar' only (other formats have no columns to prune or statistics to skip by: filter() their records)");
    if ((o.record !== undefined) !== (format === 'binary')) throw new TypeError("dataset.read: format: 'binary' needs a record layout, e.g. { format: 'binary', record: [['id', 'int32'], ['value', 'float64']] }, and only it");
    const node = { id: nextNode++, op: 'read', parents: [], fns: [], cached: false, file, format, header: o.header === true, partitions: checkPartitions('read', o.partitions, true) };
    if (o.columns !== undefined) {
      if (!isArray(o.columns) || o.columns.length === 0 || !o.columns.every((c) => typeof c === 'string')) throw new TypeError("dataset.read: columns must be a non-empty array of column names, e.g. ['day', 'price']");
      node.columns = o.columns.slice();
    }
    if (o.where !== undefined) node.where = predicates(o.where);
    if (format === 'binary') node.record = fields('read', o.record, FIELD_TYPES);
    return wrap(node);
  }
  function fromArray(values, partitions) {
    if (!isArray(values)) throw new TypeError('dataset.fromArray: the first argument must be an array of records');
    const n = checkPartitions('fromArray', partitions === undefined ? size : partitions, false);
    // Each partition's text is built here with no method the learner could have patched (a patched
    // push or join could put one large string at every place of what the host copies).
    const texts = [];
    const count = values.length;
    for (let p = 0; p < n; p++) {
      const from = floor((p * count) / n);
      const to = floor(((p + 1) * count) / n);
      let text = '';
      for (let i = from; i < to; i++) text += (i > from ? '\\n' : '') + encode(values[i], 'fromArray', 'record ' + i);
      put(texts, p, text);
    }
    const id = register('array', texts);
    if (typeof id === 'string') throw new RangeError(id);
    return wrap({ id: nextNode++, op: 'array', parents: [], fns: [], cached: false, array: id, partitions: n });
  }
  function broadcast(value) {
    const text = encode(value, 'broadcast', 'the value');
    const id = register('broadcast', text);
    if (typeof id === 'string') throw new RangeError(id);
    // destroy(): the host frees its bytes and the workers their copies; an action that still needs it
    // is refused, naming the transformation.
    const handle = freeze({ value, destroy() { register('destroy', id); } });
    broadcastIds.set(handle, id);
    return handle;
  }

  const dataset = freeze({
    size,
    blockBytes: limits.blockBytes,
    maxPartitions,
    read,
    fromArray,
    broadcast,
    lastJob: () => lastJob,
  });
  Object.defineProperty(globalThis.__arena_engines, 'dataset', { value: freeze({ dataset }), enumerable: true });
  return function settle(job, value, fault) {
    const waiting = pending.get(job);
    if (!waiting) return;
    pending.delete(job);
    if (fault !== undefined) {
      waiting.reject(new (fault.kind === 'TypeError' ? TypeError : fault.kind === 'RangeError' ? RangeError : Error)(fault.message));
      return;
    }
    const result = value[0];
    lastJob = result.report;
    try {
      waiting.resolve(waiting.finish(result));
    } catch (error) {
      waiting.reject(error);
    }
  };
})`
