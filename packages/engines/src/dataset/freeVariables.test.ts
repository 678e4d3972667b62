import { describe, expect, it } from 'vitest'
import { freeVariables } from './freeVariables.ts'

describe('freeVariables', () => {
  it('finds the names a function takes from the code around it', () => {
    expect(freeVariables('(x) => x * k + offset')).toEqual(['k', 'offset'])
    expect(freeVariables('function (line) { return tokenize(line).map((w) => w.toLowerCase()) }')).toEqual([
      'tokenize',
    ])
    expect(freeVariables('(r, env) => env.table.value[r[0]] ?? fallback')).toEqual(['fallback'])
  })

  it('does not count what the function declares: params, patterns, locals, inner functions, catch', () => {
    const source = `function f([a, b], { c, d: e = 1 }, ...rest) {
      const [x, { y }] = a, z = b + 1
      let w
      for (const [k, v] of rest) w = k + v
      function inner(q) { return q + c }
      class Box { constructor(v) { this.v = v } get size() { return 1 } }
      try { JSON.parse('x') } catch (err) { return err }
      outer: for (let i = 0; i < 3; i++) { if (i) continue outer; else break outer }
      return x + y + z + e + w + inner(d) + new Box(1).v
    }`
    expect(freeVariables(source)).toEqual(['JSON'])
  })

  it('skips properties, keys, strings, comments, regular expressions and template text', () => {
    const source = `(s) => {
      // uses hidden in a comment
      const o = { count: 1, 'quoted': 2, ['k' + s]: 3, method(a) { return a } }
      const re = /hidden[a-z]*\\/x/g
      return \`hidden \${s.length} \${o.count / 2}\` + "hidden" + o?.count + re.source + s.split(/ +/).length
    }`
    expect(freeVariables(source)).toEqual([])
  })

  it('finds names inside template expressions and shorthand properties', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text is JavaScript source holding a template literal
    expect(freeVariables('(s) => `${prefix}-${s}`')).toEqual(['prefix'])
    expect(freeVariables('(s) => ({ s, scale })')).toEqual(['scale'])
  })

  it('reports globals too (the caller decides which it allows)', () => {
    expect(freeVariables('(x) => Math.sqrt(x) + Number.MAX_SAFE_INTEGER')).toEqual(['Math', 'Number'])
  })

  it('a declaration after an initializer without a semicolon is still a declaration', () => {
    expect(freeVariables('(x) => { const a = f(x, 1)\n const b = a * 2\n return b }')).toEqual(['f'])
  })
})
