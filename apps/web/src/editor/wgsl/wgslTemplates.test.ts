import { expect, it } from 'vitest'
import { fileLineOf, locateServerWgslError, wgslTemplates } from './wgslTemplates.ts'

const SOURCE = [
  "import { gpu } from 'arena:gpu'",
  '',
  'const KERNEL = /* wgsl */ `',
  '@group(0) @binding(0) var<storage, read> values: array<f32>;',
  '@compute @workgroup_size(64)',
  'fn main() { let x: u32 = 1.5; }',
  '`',
  'const OTHER = wgsl`fn helper() {}`',
  'const NOT_WGSL = `fn main() {}`',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the learner's source text, with an interpolation.
  'const PARTS = /* wgsl */ `fn f() { ${body} }`',
].join('\n')

it('finds comment-marked and tagged WGSL templates, where their text starts', () => {
  const found = wgslTemplates(SOURCE)
  expect(found.map(({ line, column, interpolated }) => ({ line, column, interpolated }))).toEqual([
    { line: 3, column: 28, interpolated: false },
    { line: 8, column: 20, interpolated: false },
    { line: 10, column: 27, interpolated: true },
  ])
  expect(found[1]?.code).toBe('fn helper() {}')
})

it('turns a WGSL line and column into the file’s', () => {
  const [kernel, helper] = wgslTemplates(SOURCE)
  // The kernel's text starts after the backtick, so its line 4 is the file's line 6.
  expect(fileLineOf(kernel!, 4, 26)).toEqual({ line: 6, column: 26 })
  // On a template's first line the column counts from the backtick.
  expect(fileLineOf(helper!, 1, 4)).toEqual({ line: 8, column: 23 })
})

it('places a grader message about a kernel on the learner’s line', () => {
  const message = [
    'WGSL compile error in kernel "sum" at line 4:26: the type of the initializer does not match',
    '  4 | fn main() { let x: u32 = 1.5; }',
    '    |                          ^',
  ].join('\n')
  expect(locateServerWgslError(message, SOURCE)).toEqual({ line: 6, column: 26 })
  expect(locateServerWgslError('RuntimeError: no kernel here', SOURCE)).toBeUndefined()
  // A kernel that is not in the file (built at run time) has no place in it.
  expect(locateServerWgslError(message.replace('1.5', '2.5'), SOURCE)).toBeUndefined()
})
