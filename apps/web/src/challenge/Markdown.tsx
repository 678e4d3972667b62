import 'katex/dist/katex.min.css'
import { memo } from 'react'
import ReactMarkdown, { type Components } from 'react-markdown'
import rehypeKatex from 'rehype-katex'
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'
import { ScrollablePre } from '../ui/ScrollablePre.tsx'

// Statements are instructor-authored but still untrusted HTML: sanitize first, then let KaTeX render
// the math (its output is generated here, from text, after sanitizing). remark-math marks math with
// classes the default schema would strip.
const schema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    code: [['className', /^language-./, 'math-inline', 'math-display']],
  },
}

const components: Components = {
  // A code block wider than the column scrolls inside itself.
  pre: ({ children }) => <ScrollablePre>{children}</ScrollablePre>,
  a: ({ href, children }) => {
    const external = href !== undefined && /^https?:/i.test(href)
    return (
      <a href={href} {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
        {children}
      </a>
    )
  },
}

const remarkPlugins = [remarkGfm, remarkMath]
const rehypePlugins: Parameters<typeof ReactMarkdown>[0]['rehypePlugins'] = [
  [rehypeSanitize, schema],
  rehypeKatex,
]

/**
 * Markdown with math, sanitized. Memoized on its text: parsing and KaTeX are the dearest render of a
 * page, and the challenge page renders again on every keystroke, compile and run event (its draft and
 * runs are its state) while its statement stays the same.
 */
export const Markdown = memo(function Markdown({ source }: { source: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {source}
      </ReactMarkdown>
    </div>
  )
})
