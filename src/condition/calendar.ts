/**
 * Conversions between proleptic Gregorian dates and days since 1970-01-01, valid for every
 * year CEL timestamps allow (1 to 9999). They follow Howard Hinnant's `days_from_civil` and
 * `civil_from_days` algorithms, which use integer arithmetic only.
 */

const SECONDS_PER_DAY = 86_400

/** Returns the number of days from 1970-01-01 to the given date. @internal */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

/** Returns the year, month (1 to 12) and day of the date `days` after 1970-01-01. @internal */
export function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  )
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return [year, month, day]
}

/** Returns the number of days in `month` (1 to 12) of `year`. @internal */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
    return leap ? 29 : 28
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/**
 * Formats an instant as RFC 3339 in UTC, such as `2026-01-01T00:00:00Z` or
 * `2026-01-01T00:00:00.5Z`: fractional digits appear only when `nanos` is not zero.
 * @internal
 */
export function formatTimestamp(seconds: number, nanos: number): string {
  const days = Math.floor(seconds / SECONDS_PER_DAY)
  const secondOfDay = seconds - days * SECONDS_PER_DAY
  const [year, month, day] = civilFromDays(days)

  const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`
  const hours = Math.floor(secondOfDay / 3600)
  const minutes = Math.floor((secondOfDay % 3600) / 60)
  const time = `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(secondOfDay % 60, 2)}`
  const fraction = nanos === 0 ? '' : `.${pad(nanos, 9).replace(/0+$/, '')}`
  return `${date}T${time}${fraction}Z`
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0')
}
