interface Orders {
  /** The dictionary: `groups[g]` is the name of group code `g`. */
  groups: string[]
  /** `keys[i]` is the group code of row `i`, in [0, groups.length). */
  keys: Int32Array
  /** `values[i]` is the value of row `i`. */
  values: Float64Array
}

/** Index `g` of every array is about group code `g`. */
interface Aggregates {
  count: Int32Array
  sum: Float64Array
  mean: Float64Array
  min: Float64Array
  max: Float64Array
}

export function solve(input: Orders): Aggregates {
  const k = input.groups.length
  // TODO: aggregate input.values by group code (input.keys). A group without rows has count 0,
  // sum 0, and NaN as its mean, min and max.
  return {
    count: new Int32Array(k),
    sum: new Float64Array(k),
    mean: new Float64Array(k),
    min: new Float64Array(k),
    max: new Float64Array(k),
  }
}
