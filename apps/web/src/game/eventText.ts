import type { TFunction } from 'i18next'
import type { GameEvent } from '../api/types.ts'

/** An event's reason in the UI language (the server's English text when the code is unknown). */
export function eventText(
  t: TFunction,
  event: Pick<GameEvent, 'code' | 'params' | 'reason'>,
  /** Localized names by id: badge ids and challenge keys. */
  names?: Map<string, string>,
): string {
  const params = { ...event.params } as Record<string, string | number>
  const badge = names?.get(String(params.badgeId))
  if (badge) params.badge = badge
  const challenge = names?.get(String(params.challengeKey))
  if (challenge) params.challenge = challenge
  if (typeof params.tier === 'string') params.tier = t(`tier.${params.tier as 'gold'}`)
  if (event.code.startsWith('rating.') && typeof params.change === 'number' && params.change >= 0) {
    params.change = `+${params.change}`
  }
  const key = `game.events.${event.code}`
  return t(key as 'game.events.xp.accepted', {
    ...params,
    defaultValue: event.reason,
    interpolation: { escapeValue: false },
  })
}
