/** Chart colours, matching the CSS variables in styles/global.css. */
export const palette = {
  yours: '#5b4cf0',
  yoursSoft: '#a79ff7',
  reference: '#9aa3b5',
  accept: '#138a4e',
  text: '#1b1f2a',
  muted: '#5d6577',
  grid: '#e3e6ef',
  highlight: '#f0a020',
} as const

export const baseTextStyle = {
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", NanumGothic, sans-serif',
  color: palette.text,
}
