// @expect WrongAnswer
// One workgroup per 256 values, rounded down: the last n % 256 values are never counted (and fewer
// than 256 values give no workgroup at all).
import { gpu } from 'arena:gpu'

interface Input {
  values: Uint32Array
  bins: number
}

const KERNEL = /* wgsl */ `
@group(0) @binding(0) var<storage, read> values: array<u32>;
@group(0) @binding(1) var<storage, read_write> counts: array<atomic<u32>>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3u) {
  atomicAdd(&counts[values[id.x]], 1u);
}
`

export async function solve(input: Input): Promise<Uint32Array> {
  const { counts } = await gpu.run({
    kernel: 'histogram',
    code: KERNEL,
    buffers: { values: input.values, counts: { type: 'u32', length: input.bins } },
    dispatches: [{ workgroups: Math.floor(input.values.length / 256), bind: ['values', 'counts'] }],
    read: ['counts'],
  })
  return counts as Uint32Array
}
