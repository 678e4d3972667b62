// @expect WrongAnswer
// One workgroup per 256 values, rounded down: the last n % 256 values are never read, and fewer than
// 256 values give no workgroup at all.
import { gpu } from 'arena:gpu'

interface Input {
  values: Float32Array
}

const KERNEL = /* wgsl */ `
@group(0) @binding(0) var<storage, read> values: array<f32>;
@group(0) @binding(1) var<storage, read_write> partials: array<f32>;
@group(0) @binding(2) var<storage, read_write> total: array<f32>;

var<workgroup> scratch: array<f32, 256>;

@compute @workgroup_size(256)
fn partialSums(@builtin(global_invocation_id) id: vec3u, @builtin(local_invocation_index) i: u32, @builtin(workgroup_id) group: vec3u) {
  scratch[i] = values[id.x];
  workgroupBarrier();
  for (var half = 128u; half > 0u; half = half >> 1u) {
    if (i < half) { scratch[i] += scratch[i + half]; }
    workgroupBarrier();
  }
  if (i == 0u) { partials[group.x] = scratch[0]; }
}

@compute @workgroup_size(1)
fn finalSum() {
  var sum = 0.0;
  for (var k = 0u; k < arrayLength(&partials); k++) { sum += partials[k]; }
  total[0] = sum;
}
`

export async function solve(input: Input): Promise<number> {
  const groups = Math.floor(input.values.length / 256)
  const { total } = await gpu.run({
    kernel: 'sum',
    code: KERNEL,
    buffers: { values: input.values, partials: { length: Math.max(1, groups) }, total: { length: 1 } },
    dispatches: [
      { entryPoint: 'partialSums', workgroups: groups, bind: ['values', 'partials'] },
      { entryPoint: 'finalSum', workgroups: 1, bind: [null, 'partials', 'total'] },
    ],
    read: ['total'],
  })
  return total[0]!
}
