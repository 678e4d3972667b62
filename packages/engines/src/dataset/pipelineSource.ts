/**
 * Isolate-side source of a stage's pipeline: `pipeline(ops, last, out, sink)` chains the stage's
 * narrow transformations so that each record goes through all of them and into the sink before the
 * next one is read: no array between two transformations, as Spark pipelines a stage with iterators
 * (the arrays cost garbage collection, which ran on V8's background threads and doubled a word count's
 * wall time). `mapPartitions` holds its partition until the task's last batch; a `tap` keeps a cached
 * dataset's records as JSON lines. Evaluated inside datasetWorkerSource.
 */
export const PIPELINE_SOURCE = `
  function asArray(value, where) {
    if (isArray(value)) return value;
    if (value !== null && value !== undefined && typeof value !== 'string' && typeof value[iteratorSymbol] === 'function') return Array.from(value);
    throw new TypeError('dataset: ' + where + ' must return an array (or another iterable) of records, got ' + (value === null ? 'null' : typeof value));
  }

  function link(op, index, last, out, down) {
    if (op.kind === 'tap') {
      const lines = [];
      let size = 0;
      return {
        push(record) {
          const text = encode(record, 'a record', op.where);
          size += text.length + 1;
          if (size > OUTPUT_LIMIT || lines.length >= OUTPUT_RECORDS) tooMuch(op.where);
          lines.push(text);
          down.push(record);
        },
        end() {
          (out.cache || (out.cache = [])).push([op.owner, lines.join('\\n')]);
          down.end();
        },
      };
    }
    const f = fnOf(op.owner, 0);
    const env = envOf(op.owner);
    const end = () => down.end();
    switch (op.kind) {
      case 'map':
        return { push: (record) => down.push(f(record, env)), end };
      case 'filter':
        return {
          push(record) {
            const keep = f(record, env);
            if (!keep) return;
            if (typeof keep === 'object' && keep instanceof Promise) throw new TypeError('dataset: ' + op.where + ' returned a promise: a filter must answer at once (true or false)');
            down.push(record);
          },
          end,
        };
      case 'flatMap':
        return {
          push(record) {
            const many = asArray(f(record, env), op.where);
            for (let k = 0; k < many.length; k++) down.push(many[k]);
          },
          end,
        };
      case 'keyBy':
        return { push: (record) => down.push([f(record, env), record]), end };
      case 'mapPartitions': {
        let held = session.held.get(index);
        if (!held) session.held.set(index, (held = []));
        return {
          push: (record) => { held.push(record); },
          end() {
            if (last) {
              session.held.delete(index);
              const many = asArray(f(held, env), op.where);
              for (let k = 0; k < many.length; k++) down.push(many[k]);
            }
            down.end();
          },
        };
      }
      default:
        throw new Error('dataset: internal error: unknown op ' + op.kind);
    }
  }

  function pipeline(ops, last, out, sink) {
    let head = sink;
    for (let i = ops.length - 1; i >= 0; i--) head = link(ops[i], i, last, out, head);
    return head;
  }
`
