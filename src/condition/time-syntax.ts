import { daysFromCivil, daysInMonth } from './calendar.js'
import { Duration, Timestamp } from './values.js'

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$/

/**
 * Parses an RFC 3339 timestamp the way cel-go's `timestamp()` does through Go's `time.Parse`:
 * an uppercase `T`, a `Z` or a `+hh:mm`/`-hh:mm` offset, no leap second, and fractional seconds
 * truncated to nanoseconds. Returns the timestamp, or the reason the text is invalid.
 * @internal
 */
export function parseTimestamp(text: string): Timestamp | string {
  const match = RFC3339.exec(text)
  if (match === null) return 'expected the form 2006-01-02T15:04:05Z, with Z or an offset'
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]

  const problem = checkFields(year, month, day, hour, minute, second)
  if (problem !== undefined) return problem
  const offset = offsetSeconds(match[8], match[9], match[10])
  if (typeof offset === 'string') return offset

  const days = daysFromCivil(year, month, day)
  const seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
  if (seconds < Timestamp.MIN_SECONDS || seconds > Timestamp.MAX_SECONDS) {
    return 'outside the range 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z'
  }
  const nanos = Number((match[7] ?? '').slice(0, 9).padEnd(9, '0'))
  return new Timestamp(seconds, nanos)
}

function checkFields(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): string | undefined {
  if (month < 1 || month > 12) return `month ${month} out of range`
  if (day < 1 || day > daysInMonth(year, month)) return `day ${day} out of range for the month`
  if (hour > 23) return `hour ${hour} out of range`
  if (minute > 59) return `minute ${minute} out of range`
  if (second > 59) return `second ${second} out of range`
  return undefined
}

function offsetSeconds(
  sign: string | undefined,
  hours: string | undefined,
  minutes: string | undefined,
): number | string {
  if (sign === undefined) return 0
  const h = Number(hours)
  const m = Number(minutes)
  if (h > 23 || m > 59) return `offset ${sign}${hours}:${minutes} out of range`
  return (sign === '-' ? -1 : 1) * (h * 3600 + m * 60)
}

const UNIT_NANOS = new Map<string, bigint>([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n],
  ['\u03bcs', 1_000n],
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
])

const COMPONENT = /^(\d*)(?:\.(\d*))?([^\d.]*)/
const MAX_NANOS = 2n ** 63n

/**
 * Parses a duration in the syntax of Go's `time.ParseDuration`, which cel-go's `duration()`
 * uses: an optional sign, then numbers with optional fractions, each followed by a unit (`h`,
 * `m`, `s`, `ms`, `us`, `µs`, `ns`), such as `90m`, `1h30m` or `-1.5s`. A bare `0` is also
 * valid. Returns the duration, or the reason the text is invalid.
 * @internal
 */
export function parseDuration(text: string): Duration | string {
  const negative = text.startsWith('-')
  let rest = negative || text.startsWith('+') ? text.slice(1) : text
  if (rest === '0') return Duration.ZERO
  if (rest === '') return 'expected a number and a unit, such as 90m'

  let total = 0n
  while (rest !== '') {
    const [component = '', whole = '', fraction = '', unit = ''] = COMPONENT.exec(rest) ?? []
    if (whole === '' && fraction === '') return 'expected a number before each unit'
    const unitNanos = UNIT_NANOS.get(unit)
    if (unitNanos === undefined) {
      return unit === '' ? 'missing unit' : `unknown unit "${unit}"`
    }
    total += BigInt(whole || '0') * unitNanos
    // NOTE: Go scales the fraction in float64, so for fractions of many digits its result can
    // differ from this exact truncation in the last nanosecond.
    total += (BigInt(fraction || '0') * unitNanos) / 10n ** BigInt(fraction.length)
    rest = rest.slice(component.length)
  }

  if (total > (negative ? MAX_NANOS : MAX_NANOS - 1n)) {
    return 'outside the range of 64-bit nanoseconds'
  }
  const signed = negative ? -total : total
  const seconds = Number(signed / 1_000_000_000n)
  const nanos = Number(signed % 1_000_000_000n)
  return Duration.of(seconds, nanos) ?? 'outside the range of 64-bit nanoseconds'
}
