import { remove as withoutConfusables } from 'confusables'

// Look-alikes the confusables table leaves as they are but that read the same in a list of names: the
// Latin letters and digits of Unicode TR39's skeleton mapping. Names are unique regardless of case, so
// a skeleton is taken after lower-casing, and the classes are closed under it: capital `I` reads as
// `l`, and `I` is the same name as `i`, so `i`, `l`, `1`, `|` and `!` are one letter here (`Ian`,
// `lan` and `1an` collide). Single letters first, so that `cI` becomes `cl` before `cl` becomes `d`.
const ASCII_LOOK_ALIKES: [RegExp, string][] = [
  [/[il1|!]/g, 'l'],
  [/0/g, 'o'],
  [/rn/g, 'm'],
  [/vv/g, 'w'],
  [/cl/g, 'd'],
]
// Joiners, variation selectors and other invisible marks TR39 skeletons drop.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Mn}]/gu

/**
 * The confusable skeleton of a username (after Unicode TR39): NFKC (fullwidth `ａｌｉｃｅ` → `alice`),
 * case folded, invisible marks and accents dropped, each confusable character replaced by its
 * prototype (Cyrillic `а` → `a`, Greek `ο` → `o`), and Latin look-alikes folded (`I`/`i`/`1` → `l`, `0` → `o`, `rn` → `m`, `cl` → `d`). Two names
 * with the same skeleton read alike, so the second is refused.
 */
export function usernameSkeleton(name: string): string {
  // Lower-cased first: names are unique regardless of case, and the table maps some capitals (Cyrillic
  // `І`) to a different letter (`l`) than their small forms (`і` → `i`).
  const folded = name.normalize('NFKC').toLowerCase().normalize('NFD').replace(INVISIBLE, '')
  let skeleton = withoutConfusables(folded).normalize('NFKC').toLowerCase()
  for (const [pattern, prototype] of ASCII_LOOK_ALIKES) skeleton = skeleton.replace(pattern, prototype)
  return skeleton
}
