import { gpu } from 'arena:gpu'

interface Input {
  values: Uint32Array
  bins: number
}

// One workgroup, one value per invocation: counts only the first 256 values.
// TODO: count every value; then make it fast (a histogram per workgroup in var<workgroup> memory).
const KERNEL = /* wgsl */ `
@group(0) @binding(0) var<storage, read> values: array<u32>;
@group(0) @binding(1) var<storage, read_write> counts: array<atomic<u32>>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) i: u32) {
  if (i < arrayLength(&values)) {
    atomicAdd(&counts[values[i]], 1u);
  }
}
`

export async function solve(input: Input): Promise<Uint32Array> {
  const { counts } = await gpu.run({
    kernel: 'histogram',
    code: KERNEL,
    buffers: { values: input.values, counts: { type: 'u32', length: input.bins } },
    dispatches: [{ workgroups: 1, bind: ['values', 'counts'] }],
    read: ['counts'],
  })
  return counts as Uint32Array
}
