// The naive kernel: one GPU invocation adds every value in a loop. Correct, and as slow as a GPU can be:
// a single thread of a machine built for thousands.
import { gpu } from 'arena:gpu'

interface Input {
  values: Float32Array
}

const SERIAL = /* wgsl */ `
@group(0) @binding(0) var<storage, read> values: array<f32>;
@group(0) @binding(1) var<storage, read_write> total: array<f32>;

@compute @workgroup_size(1)
fn main() {
  var sum = 0.0;
  for (var i = 0u; i < arrayLength(&values); i++) {
    sum += values[i];
  }
  total[0] = sum;
}
`

export async function solve(input: Input): Promise<number> {
  const { total } = await gpu.run({
    kernel: 'serial-sum',
    code: SERIAL,
    buffers: { values: input.values, total: { length: 1 } },
    dispatches: [{ workgroups: 1, bind: ['values', 'total'] }],
    read: ['total'],
    flops: input.values.length,
  })
  return total[0]!
}
