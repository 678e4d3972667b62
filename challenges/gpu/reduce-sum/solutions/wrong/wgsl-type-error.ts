// @expect CompileError
// Initialises an f32 with a u32 literal: WGSL never converts implicitly, and the compile error names
// the WGSL line and column.
import { gpu } from 'arena:gpu'

interface Input {
  values: Float32Array
}

const KERNEL = /* wgsl */ `
@group(0) @binding(0) var<storage, read> values: array<f32>;
@group(0) @binding(1) var<storage, read_write> total: array<f32>;

@compute @workgroup_size(1)
fn main() {
  var sum: f32 = 0u;
  for (var i = 0u; i < arrayLength(&values); i++) { sum += values[i]; }
  total[0] = sum;
}
`

export async function solve(input: Input): Promise<number> {
  const { total } = await gpu.run({
    code: KERNEL,
    buffers: { values: input.values, total: { length: 1 } },
    dispatches: [{ workgroups: 1, bind: ['values', 'total'] }],
    read: ['total'],
  })
  return total[0]!
}
