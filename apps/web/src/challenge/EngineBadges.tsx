import { useTranslation } from 'react-i18next'

/** The engines a challenge grants, as small badges with what each one is for in their title. */
export function EngineBadges({ engines }: { engines: readonly string[] }) {
  const { t } = useTranslation()
  if (engines.length === 0) return null
  return (
    <span className="engine-badges" data-testid="engine-badges">
      {engines.map((engine) => (
        <span
          key={engine}
          className={`badge badge--engine badge--engine-${engine}`}
          title={t(`engines.${engine}`, { defaultValue: engine })}
        >
          {engine}
        </span>
      ))}
    </span>
  )
}
