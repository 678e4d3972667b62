// Which names a learner's function uses that it does not declare itself: what it would need from the
// code around it. A dataset function runs in a worker isolate that has only its own parameters and
// locals, JavaScript's globals and the module's exports, so any other free name is refused before a
// task runs (with the name and the learner's line) instead of failing as a ReferenceError midway.
//
// A tokenizer with a few rules, not a parser: it errs towards missing a free name (the worker then
// throws a ReferenceError, which the engine explains the same way), never towards refusing a name the
// function declares. Declared = every name in a binding position anywhere in the function (params,
// var/let/const patterns, function and class names, catch parameters), so an inner scope can hide a
// free name but never invent one. Platform-neutral: no node:* imports.

type Token =
  | { kind: 'name'; value: string; at: number }
  | { kind: 'punct'; value: string; at: number }
  | { kind: 'literal'; value: string; at: number }

const KEYWORDS = new Set([
  'await',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'let',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
  // Contextual words: a free variable by one of these names is missed (the worker reports it).
  'of',
  'async',
  'get',
  'set',
  'static',
  'arguments',
])

/** Keywords after which a `/` starts a regular expression, not a division. */
const REGEX_AFTER_WORD = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
])

const ID_START = /[\p{ID_Start}$_]/u
const ID_PART = /[\p{ID_Continue}$\u200c\u200d]/u
const PUNCTUATORS = ['>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=', '=>', '?.']

/** The source's tokens; throws a plain Error on text it cannot read (an unclosed string or comment). */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  // `{` of a block or object, or `${` of a template: a `}` closing the latter resumes the template.
  const braces: ('{' | '${')[] = []
  let i = 0
  const regexAllowed = (): boolean => {
    const last = tokens[tokens.length - 1]
    if (!last) return true
    if (last.kind === 'literal') return false
    if (last.kind === 'name') return REGEX_AFTER_WORD.has(last.value)
    return last.value !== ')' && last.value !== ']'
  }
  const template = (start: number): void => {
    // Scans template text from `start` (just after ` or }) to its end or to a `${`.
    let j = start
    while (j < source.length) {
      const c = source[j]
      if (c === '\\') j += 2
      else if (c === '`') {
        tokens.push({ kind: 'literal', value: '`', at: start })
        i = j + 1
        return
      } else if (c === '$' && source[j + 1] === '{') {
        braces.push('${')
        tokens.push({ kind: 'punct', value: '(', at: j })
        i = j + 2
        return
      } else j++
    }
    throw new Error('an unclosed template literal')
  }
  while (i < source.length) {
    const c = source[i] as string
    if (/\s/.test(c)) {
      i++
    } else if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i)
      i = end < 0 ? source.length : end
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2)
      if (end < 0) throw new Error('an unclosed comment')
      i = end + 2
    } else if (c === '"' || c === "'") {
      let j = i + 1
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1
      if (j >= source.length) throw new Error('an unclosed string')
      tokens.push({ kind: 'literal', value: c, at: i })
      i = j + 1
    } else if (c === '`') {
      template(i + 1)
    } else if (c === '}' && braces[braces.length - 1] === '${') {
      braces.pop()
      tokens.push({ kind: 'punct', value: ')', at: i })
      template(i + 1)
    } else if (c === '/' && regexAllowed()) {
      let j = i + 1
      let inClass = false
      while (j < source.length && (inClass || source[j] !== '/')) {
        if (source[j] === '\\') j++
        else if (source[j] === '[') inClass = true
        else if (source[j] === ']') inClass = false
        else if (source[j] === '\n') throw new Error('an unclosed regular expression')
        j++
      }
      j++
      while (j < source.length && ID_PART.test(source[j] as string)) j++
      tokens.push({ kind: 'literal', value: '/', at: i })
      i = j
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      let j = i + 1
      while (j < source.length && /[0-9a-zA-Z_.]/.test(source[j] as string)) {
        // An exponent's sign belongs to the number: 1e-7.
        if (
          /[eE]/.test(source[j] as string) &&
          /[+-]/.test(source[j + 1] ?? '') &&
          !/^0[xX]/.test(source.slice(i, j))
        )
          j++
        j++
      }
      tokens.push({ kind: 'literal', value: '0', at: i })
      i = j
    } else if (ID_START.test(c) || c === '\\') {
      let j = i + 1
      while (j < source.length && ID_PART.test(source[j] as string)) j++
      tokens.push({ kind: 'name', value: source.slice(i, j), at: i })
      i = j
    } else if (c === '#') {
      // A private name (#field) is never a variable.
      let j = i + 1
      while (j < source.length && ID_PART.test(source[j] as string)) j++
      tokens.push({ kind: 'literal', value: '#', at: i })
      i = j
    } else {
      const long = PUNCTUATORS.find((p) => source.startsWith(p, i))
      // `?.5` is a conditional before a number, not optional chaining.
      const value = long && !(long === '?.' && /[0-9]/.test(source[i + 2] ?? '')) ? long : c
      if (value === '{') braces.push('{')
      if (value === '}') braces.pop()
      tokens.push({ kind: 'punct', value, at: i })
      i += value.length
    }
  }
  return tokens
}

/** Index of the bracket matching the opening one at `open`, or the last token when there is none. */
function matching(tokens: Token[], open: number): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' }
  let depth = 0
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j] as Token
    if (t.kind !== 'punct') continue
    if (t.value in pairs) depth++
    else if (t.value === ')' || t.value === ']' || t.value === '}') {
      depth--
      if (depth === 0) return j
    }
  }
  return tokens.length - 1
}

/** Index of the opening bracket whose closing one is at `close`, searching backwards. */
function openingOf(tokens: Token[], close: number): number {
  let depth = 0
  for (let j = close; j >= 0; j--) {
    const t = tokens[j] as Token
    if (t.kind !== 'punct') continue
    if (t.value === ')' || t.value === ']' || t.value === '}') depth++
    else if (t.value === '(' || t.value === '[' || t.value === '{') {
      depth--
      if (depth === 0) return j
    }
  }
  return 0
}

function isPunct(token: Token | undefined, value: string): boolean {
  return token?.kind === 'punct' && token.value === value
}

/** Every name between two token indexes (inclusive): a binding pattern or a parameter list. */
function namesIn(tokens: Token[], from: number, to: number, into: Set<string>): void {
  for (let j = from; j <= to; j++) {
    const t = tokens[j] as Token
    if (t.kind === 'name' && !KEYWORDS.has(t.value)) into.add(t.value)
  }
}

/** Names the function declares anywhere in it (an over-estimate: see the file's comment). */
function declaredNames(tokens: Token[]): Set<string> {
  const declared = new Set<string>()
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token
    const next = tokens[i + 1]
    if (t.kind === 'name' && (t.value === 'var' || t.value === 'let' || t.value === 'const')) {
      // Initializers are scanned by this loop too (an object's methods declare their parameters).
      declarators(tokens, i + 1, declared)
    } else if (t.kind === 'name' && (t.value === 'function' || t.value === 'class')) {
      let j = i + 1
      if (isPunct(tokens[j], '*')) j++
      const name = tokens[j]
      if (name?.kind === 'name' && !KEYWORDS.has(name.value)) declared.add(name.value)
      if (t.value === 'function') {
        while (j < tokens.length && !isPunct(tokens[j], '(')) j++
        namesIn(tokens, j, matching(tokens, j), declared)
      }
    } else if (t.kind === 'name' && t.value === 'catch' && isPunct(next, '(')) {
      namesIn(tokens, i + 1, matching(tokens, i + 1), declared)
    } else if (isPunct(t, '=>')) {
      const before = tokens[i - 1]
      if (before?.kind === 'name') declared.add(before.value)
      else if (isPunct(before, ')')) namesIn(tokens, openingOf(tokens, i - 1), i - 1, declared)
    } else if (t.kind === 'name' && isPunct(next, '(') && !KEYWORDS.has(t.value)) {
      // A method definition, `name(params) { … }`: a call is never followed by a block.
      const close = matching(tokens, i + 1)
      if (isPunct(tokens[close + 1], '{')) namesIn(tokens, i + 2, close, declared)
    }
  }
  return declared
}

/**
 * Declarators after `var`/`let`/`const` from `start`: each pattern's names are declared; an
 * initializer is skipped up to the next declarator (`,` at its depth), the end of the statement or a
 * keyword that starts the next one.
 */
function declarators(tokens: Token[], start: number, declared: Set<string>): void {
  let j = start
  for (;;) {
    const t = tokens[j]
    if (!t) return
    if (t.kind === 'name') {
      declared.add(t.value)
      j++
    } else if (isPunct(t, '{') || isPunct(t, '[')) {
      const close = matching(tokens, j)
      namesIn(tokens, j, close, declared)
      j = close + 1
    } else return
    if (!isPunct(tokens[j], '=')) {
      if (!isPunct(tokens[j], ',')) return
      j++
      continue
    }
    let depth = 0
    j++
    for (; j < tokens.length; j++) {
      const s = tokens[j] as Token
      if (s.kind === 'punct' && (s.value === '(' || s.value === '[' || s.value === '{')) depth++
      else if (s.kind === 'punct' && (s.value === ')' || s.value === ']' || s.value === '}')) {
        if (--depth < 0) return
      } else if (depth === 0 && (isPunct(s, ';') || (s.kind === 'name' && STATEMENT_WORDS.has(s.value))))
        return
      else if (depth === 0 && isPunct(s, ',')) break
    }
    if (j >= tokens.length) return
    j++
  }
}

const STATEMENT_WORDS = new Set([
  'var',
  'let',
  'const',
  'function',
  'class',
  'if',
  'for',
  'while',
  'do',
  'return',
  'throw',
  'try',
  'switch',
  'break',
  'continue',
])

/** Names the function reads or writes without declaring them, in order of first use. */
export function freeVariables(source: string): string[] {
  const tokens = tokenize(source)
  const declared = declaredNames(tokens)
  const free = new Set<string>()
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token
    if (t.kind !== 'name' || KEYWORDS.has(t.value) || declared.has(t.value)) continue
    const before = tokens[i - 1]
    const after = tokens[i + 1]
    // A property (`x.name`, `x?.name`), a key or label (`name:`), a label after break/continue.
    if (isPunct(before, '.') || isPunct(before, '?.') || isPunct(after, ':')) continue
    if (before?.kind === 'name' && (before.value === 'break' || before.value === 'continue')) continue
    // A method's name: `name(params) { … }`.
    if (isPunct(after, '(') && isPunct(tokens[matching(tokens, i + 1) + 1], '{')) continue
    free.add(t.value)
  }
  return [...free]
}
