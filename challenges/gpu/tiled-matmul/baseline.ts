// The naive kernel: one invocation per output element, reading a row of a and a column of b straight
// from storage memory for every product. Every value of a is read n times and every value of b m times.
import { gpu } from 'arena:gpu'

interface Input {
  m: number
  n: number
  k: number
  a: Float32Array
  b: Float32Array
}

const NAIVE = /* wgsl */ `
struct Dims { m: u32, n: u32, k: u32, unused: u32 }
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let row = id.y;
  let col = id.x;
  if (row >= dims.m || col >= dims.n) {
    return;
  }
  var sum = 0.0;
  for (var q = 0u; q < dims.k; q++) {
    sum += a[row * dims.k + q] * b[q * dims.n + col];
  }
  c[row * dims.n + col] = sum;
}
`

export async function solve(input: Input): Promise<Float32Array> {
  const { m, n, k } = input
  const { c } = await gpu.run({
    kernel: 'naive-matmul',
    code: NAIVE,
    buffers: { a: input.a, b: input.b, c: { length: m * n }, dims: { uniform: Uint32Array.of(m, n, k, 0) } },
    dispatches: [{ workgroups: [Math.ceil(n / 16), Math.ceil(m / 16)], bind: ['a', 'b', 'c', 'dims'] }],
    read: ['c'],
    flops: 2 * m * n * k,
  })
  return c as Float32Array
}
