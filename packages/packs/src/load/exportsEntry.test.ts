import { expect, it } from 'vitest'
import { exportsEntry } from './exportsEntry.ts'

it('finds the usual ways of exporting a function', () => {
  expect(exportsEntry('export function solve(x) {}', 'solve')).toBe(true)
  expect(exportsEntry('export async function solve(x) {}', 'solve')).toBe(true)
  expect(exportsEntry('export const solve = (x) => x', 'solve')).toBe(true)
  expect(exportsEntry('function solve() {}\nexport { helper, solve }', 'solve')).toBe(true)
})

it('does not take a prefix or a local function for the entry', () => {
  expect(exportsEntry('export function solveFast(x) {}', 'solve')).toBe(false)
  expect(exportsEntry('function solve(x) {}', 'solve')).toBe(false)
  expect(exportsEntry('export { resolve }', 'solve')).toBe(false)
})
