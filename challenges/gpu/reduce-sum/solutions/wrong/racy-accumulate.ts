// @expect WrongAnswer
// Every invocation adds its value straight into total[0] with a plain `+=`: a read, an add and a write
// that other invocations interleave with, so most additions are lost. (WGSL has no atomic f32 add.)
import { gpu } from 'arena:gpu'

interface Input {
  values: Float32Array
}

const KERNEL = /* wgsl */ `
@group(0) @binding(0) var<storage, read> values: array<f32>;
@group(0) @binding(1) var<storage, read_write> total: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x < arrayLength(&values)) {
    total[0] += values[id.x];
  }
}
`

export async function solve(input: Input): Promise<number> {
  const { total } = await gpu.run({
    kernel: 'racy-sum',
    code: KERNEL,
    buffers: { values: input.values, total: { length: 1 } },
    dispatches: [{ workgroups: Math.ceil(input.values.length / 256), bind: ['values', 'total'] }],
    read: ['total'],
  })
  return total[0]!
}
