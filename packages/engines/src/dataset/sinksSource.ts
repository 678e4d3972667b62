/**
 * Isolate-side source of where a stage's records go, one at a time (`push`), with `end` at the end of
 * each call: `shuffleSink` (the map side of the next wide transformation: reduceByKey's and
 * aggregateByKey's map-side combine, distinct's dedupe, a join side's tag, repartition's round robin,
 * sortBy's range partitions, partitionBy's partitioner, else the key's hash; runs sorted by key as
 * mapreduce's map tasks hand them over) and `actionSink` (sortBy's key sample, collect, count, take,
 * reduce). Every record, key and value is checked where it is encoded, naming the transformation that
 * made it. Evaluated inside datasetWorkerSource.
 */
export const SINKS_SOURCE = `
  function pairOf(record, where) {
    if (!isArray(record) || record.length !== 2) {
      throw new TypeError('dataset: ' + where + ' needs [key, value] pairs, but a record is ' + (isArray(record) ? 'an array of ' + record.length : record === null ? 'null' : typeof record) + '; make pairs first, e.g. .keyBy(...) or .map((r) => [key, value])');
    }
    return record;
  }

  function shuffleSink(output, out, where) {
    const R = output.partitions;
    const keys = [];
    const lines = [];
    for (let r = 0; r < R; r++) { keys.push([]); lines.push([]); }
    const op = output.op;
    const owner = output.owner;
    let size = 0;
    let placed = 0;
    const place = (r, keyText, valueText) => {
      size += keyText.length + valueText.length + 2;
      if (size > OUTPUT_LIMIT || placed >= OUTPUT_RECORDS) tooMuch(where);
      keys[r].push(keyText);
      lines[r].push(keyText + '\\t' + valueText);
      placed++;
    };
    let push;
    let finish = () => {};
    if (op === 'reduceByKey' || op === 'aggregateByKey') {
      // Map-side combine: one value per key leaves the batch.
      const f = fnOf(owner, 0);
      const env = envOf(owner);
      const zero = op === 'aggregateByKey' ? output.zero : undefined;
      const groups = new Map();
      push = (record) => {
        const pair = pairOf(record, output.where);
        const keyText = encode(pair[0], 'a key', where);
        const group = groups.get(keyText);
        if (group === undefined) groups.set(keyText, { value: zero === undefined ? pair[1] : f(decodeValue(zero), pair[1], env) });
        else group.value = f(group.value, pair[1], env);
      };
      finish = () => {
        for (const [keyText, group] of groups) place(hash(keyText) % R, keyText, encode(group.value, 'the combined value', output.where));
      };
    } else if (op === 'distinct') {
      const seen = new Set();
      push = (record) => {
        const keyText = encode(record, 'a record', where);
        if (seen.has(keyText)) return;
        seen.add(keyText);
        place(hash(keyText) % R, keyText, '0');
      };
    } else if (op === 'repartition') {
      // Round robin from the task's own offset, so every partition gets a share of every task.
      push = (record) => {
        const n = session.counter++;
        place((session.partition + n) % R, '' + n, encode(record, 'a record', where));
      };
    } else if (op === 'sortBy') {
      const f = fnOf(owner, 0);
      const env = envOf(owner);
      push = (record) => {
        const text = sortKeyText(f(record, env), output.ascending, output.where);
        place(rangeOf(text, output.bounds), '"' + text + '"', encode(record, 'a record', where));
      };
    } else {
      const partitioner = op === 'partitionBy' ? fnOf(owner, 0) : undefined;
      const env = partitioner ? envOf(owner) : undefined;
      push = (record) => {
        const pair = pairOf(record, output.where);
        const keyText = encode(pair[0], 'a key', where);
        let r;
        if (partitioner) {
          r = partitioner(pair[0], R, env);
          if (!Number.isInteger(r) || r < 0 || r >= R) {
            throw new RangeError('dataset: ' + output.where + ' returned ' + String(r) + ' for the key ' + keyText.slice(0, 80) + '; it must return a whole number from 0 to ' + (R - 1));
          }
        } else r = hash(keyText) % R;
        const valueText = encode(pair[1], 'a value', where);
        place(r, keyText, op === 'join' ? '[' + output.side + ',' + valueText + ']' : valueText);
      };
    }
    return {
      push(record) {
        out.outRecords++;
        push(record);
      },
      end() {
        finish();
        const runs = [];
        for (let r = 0; r < R; r++) runs.push(sortedRun(keys[r], lines[r]));
        out.runs = runs;
        out.shuffleRecords = placed;
      },
    };
  }

  function actionSink(output, last, out, where) {
    const lines = [];
    let size = 0;
    const keep = (record, what) => {
      const text = encode(record, what, where);
      size += text.length + 1;
      if (size > OUTPUT_LIMIT || lines.length >= OUTPUT_RECORDS) tooMuch(where);
      lines.push(text);
    };
    switch (output.kind) {
      case 'sample': {
        const f = fnOf(output.owner, 0);
        const env = envOf(output.owner);
        const keys = [];
        return {
          push(record) {
            out.outRecords++;
            keys.push(sortKeyText(f(record, env), output.ascending, output.where));
          },
          end() {
            const step = Math.max(1, Math.ceil(keys.length / SAMPLE_PER_BATCH));
            const sample = [];
            for (let j = 0; j < keys.length; j += step) sample.push(keys[j]);
            out.sample = sample;
          },
        };
      }
      case 'collect':
        return {
          push(record) {
            out.outRecords++;
            keep(record, 'a record');
          },
          end() { out.text = lines.join('\\n'); },
        };
      case 'count': {
        return {
          push() { out.outRecords++; },
          end() { out.count = out.outRecords; },
        };
      }
      case 'take':
        return {
          push(record) {
            out.outRecords++;
            if (session.taken >= output.n) return;
            keep(record, 'a record');
            // Enough: the task reads no further (the host starts no further tasks).
            if (++session.taken >= output.n) session.stop = true;
          },
          end() {
            out.text = lines.join('\\n');
            out.count = lines.length;
            out.done = session.taken >= output.n;
          },
        };
      case 'reduce': {
        const f = fnOf(output.owner, 0);
        const env = envOf(output.owner);
        return {
          push(record) {
            out.outRecords++;
            session.partial = session.hasPartial ? f(session.partial, record, env) : record;
            session.hasPartial = true;
          },
          end() {
            if (last && session.hasPartial) out.partial = encode(session.partial, 'the reduced value', output.where);
          },
        };
      }
      default:
        throw new Error('dataset: internal error: unknown output ' + output.kind);
    }
  }
`
