import { afterEach, expect, it, vi } from 'vitest'
import { colorsFor } from './colors.ts'

const terminal = { isTTY: true } as NodeJS.WriteStream
const pipe = { isTTY: false } as NodeJS.WriteStream

afterEach(() => {
  vi.unstubAllEnvs()
})

it('colors a terminal, not a pipe', () => {
  vi.stubEnv('NO_COLOR', undefined)
  vi.stubEnv('FORCE_COLOR', undefined)
  vi.stubEnv('TERM', 'xterm-256color')
  expect(colorsFor(terminal).red('x')).toBe('\u001b[31mx\u001b[39m')
  expect(colorsFor(pipe).red('x')).toBe('x')
})

it('honors NO_COLOR (any value) and FORCE_COLOR', () => {
  vi.stubEnv('FORCE_COLOR', undefined)
  vi.stubEnv('NO_COLOR', '')
  expect(colorsFor(terminal).red('x')).toBe('x')
  vi.stubEnv('NO_COLOR', undefined)
  vi.stubEnv('FORCE_COLOR', '1')
  expect(colorsFor(pipe).red('x')).toBe('\u001b[31mx\u001b[39m')
})
