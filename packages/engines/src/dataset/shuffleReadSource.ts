/**
 * Isolate-side source of a stage's shuffle read: `readShuffle(text, input, out, head)` turns a batch of
 * a shuffle partition's merged lines (`JSON(key)\tJSON(value)`, sorted by the key's JSON, whole groups
 * per batch) into the wide transformation's records, pushed one at a time into the stage's pipeline:
 * folded values (reduceByKey, aggregateByKey's combOp), groups, a join's pairs, distinct keys, or the
 * records themselves (repartition, sortBy, partitionBy). Line by line: a key is decoded once per group
 * and a number value without JSON.parse (one regex pass and one JSON.parse over a 3 MB batch, as
 * parsePairs does, took ten times as long on a word count's 500,000 pairs). Evaluated inside
 * datasetWorkerSource.
 */
export const SHUFFLE_READ_SOURCE = `
  // A value's JSON text: numbers (most shuffled values) without JSON.parse.
  function decodeFast(text) {
    const c = text.charCodeAt(0);
    if ((c >= 48 && c <= 57) || c === 45) {
      const n = +text;
      if (n === n) return n;
    }
    return decodeValue(text);
  }

  function readShuffle(text, input, out, head) {
    const op = input.op;
    const owner = input.owner;
    const fold = op === 'reduceByKey' ? fnOf(owner, 0) : op === 'aggregateByKey' ? fnOf(owner, 1) : undefined;
    const env = fold ? envOf(owner) : undefined;
    const passThrough = op === 'repartition' || op === 'sortBy';
    let groupText;
    let key;
    let acc;
    let values = [];
    let right = [];
    const flush = () => {
      if (op === 'distinct') head.push(key);
      else if (op === 'groupByKey') head.push([key, values]);
      else if (op === 'join') {
        for (let l = 0; l < values.length; l++) for (let r = 0; r < right.length; r++) head.push([key, [values[l], right[r]]]);
      } else head.push([key, acc]);
    };
    let at = 0;
    let count = 0;
    while (at < text.length && !session.stop) {
      let end = indexOfText.call(text, '\\n', at);
      if (end < 0) end = text.length;
      const tab = indexOfText.call(text, '\\t', at);
      const value = decodeFast(text.slice(tab + 1, end));
      count++;
      if (passThrough) head.push(value);
      else if (op === 'partitionBy') head.push([decodeValue(text.slice(at, tab)), value]);
      else {
        const keyText = text.slice(at, tab);
        if (keyText !== groupText) {
          if (groupText !== undefined) flush();
          groupText = keyText;
          key = decodeValue(keyText);
          values = [];
          right = [];
          acc = value;
          if (op === 'join') (value[0] === 0 ? values : right).push(value[1]);
          else if (op === 'groupByKey') values.push(value);
        } else if (op === 'join') (value[0] === 0 ? values : right).push(value[1]);
        else if (op === 'groupByKey') values.push(value);
        else if (fold) acc = fold(acc, value, env);
      }
      at = end + 1;
    }
    if (groupText !== undefined && !session.stop) flush();
    out.inRecords = count;
  }
`
