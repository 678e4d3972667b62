// The naive kernel: one invocation per value, each an atomicAdd on the histogram in storage memory.
// Correct, but every value is a round trip to the same few hot counters, and those atomics serialize.
import { gpu } from 'arena:gpu'

interface Input {
  values: Uint32Array
  bins: number
}

const GLOBAL_ATOMICS = /* wgsl */ `
@group(0) @binding(0) var<storage, read> values: array<u32>;
@group(0) @binding(1) var<storage, read_write> counts: array<atomic<u32>>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = id.y * groups.x * 256u + id.x;
  if (i < arrayLength(&values)) {
    atomicAdd(&counts[values[i]], 1u);
  }
}
`

export async function solve(input: Input): Promise<Uint32Array> {
  const n = input.values.length
  // More than 65535 workgroups do not fit one dimension: spread them over y.
  const groups = Math.ceil(n / 256)
  const x = Math.min(groups, 65535)
  const { counts } = await gpu.run({
    kernel: 'global-atomics',
    code: GLOBAL_ATOMICS,
    buffers: { values: input.values, counts: { type: 'u32', length: input.bins } },
    dispatches: [{ workgroups: [x, Math.ceil(groups / x)], bind: ['values', 'counts'] }],
    read: ['counts'],
  })
  return counts as Uint32Array
}
