/**
 * How much WGSL the GPU compiler is really fed for a job's entry points: it inlines every call, so a
 * function called twice is compiled twice. A few KB whose call graph doubles at each level (f20 calls
 * f19 twice, f19 calls f18 twice, …) made SwiftShader compile 2^20 copies in the engine's synchronous
 * createComputePipeline, on the sandbox child's own thread, where no CPU or wall watchdog can fire: the
 * run held its runner until the pool killed it (120 s per test under gpu/reduce-sum's 10 s CPU and 30 s
 * wall limits; issue 14, class 7). Counted here, from the source, before anything reaches the device.
 *
 * A lexical count, not a parser: comments are dropped, each `fn name(…) … { body }` is found by its
 * braces, and a call is the name of a function of the module followed by `(`. Each entry point costs its
 * body plus, per call in it, what the callee costs, and so on down (recursion is not WGSL; a cycle counts
 * the callee's body once).
 */
export function inlinedChars(code: string, entryPoints: readonly string[]): number {
  const source = withoutComments(code)
  const bodies = new Map<string, string>()
  const declaration = /\bfn\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/g
  for (let match = declaration.exec(source); match; match = declaration.exec(source)) {
    const open = source.indexOf('{', match.index + match[0].length)
    if (open === -1) break
    let depth = 0
    let close = open
    for (; close < source.length; close++) {
      const c = source[close]
      if (c === '{') depth++
      else if (c === '}' && --depth === 0) break
    }
    bodies.set(match[1] as string, source.slice(open, close + 1))
    declaration.lastIndex = close
  }
  const calls = new Map<string, string[]>()
  const call = /\b([A-Za-z_][A-Za-z0-9_]*)\s*\(/g
  for (const [name, body] of bodies) {
    const callees: string[] = []
    for (let match = call.exec(body); match; match = call.exec(body)) {
      if (bodies.has(match[1] as string)) callees.push(match[1] as string)
    }
    calls.set(name, callees)
  }
  const cost = new Map<string, number>()
  const visiting = new Set<string>()
  const costOf = (name: string): number => {
    const known = cost.get(name)
    if (known !== undefined) return known
    const own = bodies.get(name)?.length ?? 0
    if (visiting.has(name)) return own
    visiting.add(name)
    let total = own
    for (const callee of calls.get(name) ?? []) total += costOf(callee)
    visiting.delete(name)
    cost.set(name, total)
    return total
  }
  let total = 0
  for (const entryPoint of new Set(entryPoints)) total += costOf(entryPoint)
  return total
}

/** WGSL without its comments (`// …` to the end of the line; `/* … *\/`, which nest), same length or less. */
function withoutComments(code: string): string {
  let out = ''
  let depth = 0
  for (let i = 0; i < code.length; i++) {
    const c = code[i]
    const next = code[i + 1]
    if (depth === 0 && c === '/' && next === '/') {
      const end = code.indexOf('\n', i)
      if (end === -1) break
      i = end - 1
    } else if (c === '/' && next === '*') {
      depth++
      i++
    } else if (depth > 0 && c === '*' && next === '/') {
      depth--
      i++
    } else if (depth === 0) out += c
  }
  return out
}
