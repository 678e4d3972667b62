import { gpu } from 'arena:gpu'

interface Input {
  values: Float32Array
}

// One workgroup of 256 invocations, each adding one value: right for up to 256 values only.
// TODO: cover every value (more workgroups, or a loop with a stride), then combine the workgroups' sums.
const KERNEL = /* wgsl */ `
@group(0) @binding(0) var<storage, read> values: array<f32>;
@group(0) @binding(1) var<storage, read_write> total: array<f32>;

var<workgroup> scratch: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) i: u32) {
  scratch[i] = select(0.0, values[i], i < arrayLength(&values));
  workgroupBarrier();
  if (i == 0u) {
    var sum = 0.0;
    for (var k = 0u; k < 256u; k++) {
      sum += scratch[k];
    }
    total[0] = sum;
  }
}
`

export async function solve(input: Input): Promise<number> {
  const { total } = await gpu.run({
    kernel: 'sum',
    code: KERNEL,
    buffers: { values: input.values, total: { length: 1 } },
    dispatches: [{ entryPoint: 'main', workgroups: 1, bind: ['values', 'total'] }],
    read: ['total'],
    flops: input.values.length,
  })
  return total[0]!
}
