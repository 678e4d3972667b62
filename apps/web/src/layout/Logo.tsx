/** An alpaca's head in a rounded square. */
export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="var(--primary)" />
      <path
        d="M10 25v-9c0-2 1-3.5 2.5-4.2L12 7.5c0-.8.9-1.1 1.4-.5l1.6 2.2h2l1.6-2.2c.5-.6 1.4-.3 1.4.5l-.5 4.3C21 12.5 22 14 22 16v9"
        fill="#fff"
      />
      <circle cx="14" cy="15.5" r="1.1" fill="var(--primary)" />
      <circle cx="18" cy="15.5" r="1.1" fill="var(--primary)" />
      <ellipse cx="16" cy="19.5" rx="2.4" ry="1.6" fill="#ffd6e0" />
    </svg>
  )
}
