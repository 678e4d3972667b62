import { expect, it } from 'vitest'
import { ambientSignature } from './ambientSignature.ts'

it('drops export and declares what a .d.ts needs declared, keeping comments', () => {
  const signature = [
    '/** Rows. */',
    'export interface Table { rows: number }',
    'export type Input = Table',
    '/** Adds up. */',
    'export function solve(input: Input): number;',
    'export const LIMIT: number',
    'export { Table as Rows }',
  ].join('\n')
  expect(ambientSignature(signature)).toBe(
    [
      '/** Rows. */',
      'interface Table { rows: number }',
      'type Input = Table',
      '/** Adds up. */',
      'declare function solve(input: Input): number;',
      'declare const LIMIT: number',
      '',
    ].join('\n'),
  )
})

it('leaves declarations that are already ambient, and drops async', () => {
  expect(ambientSignature('declare function solve(): void')).toBe('declare function solve(): void')
  expect(ambientSignature('function solve(): void')).toBe('declare function solve(): void')
  expect(ambientSignature('export async function solve(): Promise<number>')).toBe(
    'declare function solve(): Promise<number>',
  )
})
