// @expect WrongAnswer
// Counts with a plain `+=` on u32 counters instead of atomicAdd: invocations that hit the same bin at
// the same time read the same old count, and all but one of their increments are lost.
import { gpu } from 'arena:gpu'

interface Input {
  values: Uint32Array
  bins: number
}

const KERNEL = /* wgsl */ `
@group(0) @binding(0) var<storage, read> values: array<u32>;
@group(0) @binding(1) var<storage, read_write> counts: array<u32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = id.y * groups.x * 256u + id.x;
  if (i < arrayLength(&values)) {
    counts[values[i]] += 1u;
  }
}
`

export async function solve(input: Input): Promise<Uint32Array> {
  const groups = Math.ceil(input.values.length / 256)
  const x = Math.min(groups, 65535)
  const { counts } = await gpu.run({
    kernel: 'plain-increment',
    code: KERNEL,
    buffers: { values: input.values, counts: { type: 'u32', length: input.bins } },
    dispatches: [{ workgroups: [x, Math.ceil(groups / x)], bind: ['values', 'counts'] }],
    read: ['counts'],
  })
  return counts as Uint32Array
}
