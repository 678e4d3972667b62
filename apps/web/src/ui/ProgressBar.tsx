export function ProgressBar({
  value,
  max,
  label,
  detail,
}: {
  value: number
  max: number
  label: string
  detail?: string
}) {
  const fraction = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0
  return (
    <div className="progress">
      <div className="progress__labels">
        <span>{label}</span>
        {detail !== undefined && <span className="progress__detail">{detail}</span>}
      </div>
      <div
        className="progress__track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
        aria-valuetext={detail}
      >
        <div className="progress__fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
    </div>
  )
}
