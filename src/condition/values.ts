import { formatTimestamp } from './calendar.js'

const NANOS_PER_SECOND = 1_000_000_000

/**
 * An instant with nanosecond precision, as CEL's `timestamp` type has it: whole seconds since
 * the Unix epoch plus `nanos` in [0, 1e9). Instances are frozen.
 */
export class Timestamp {
  /** Seconds of 0001-01-01T00:00:00Z, the earliest instant CEL allows. */
  static readonly MIN_SECONDS = -62_135_596_800
  /** Seconds of 9999-12-31T23:59:59Z, the last whole second CEL allows. */
  static readonly MAX_SECONDS = 253_402_300_799

  /** @throws RangeError unless `seconds` is a safe integer and `nanos` an integer in [0, 1e9). */
  constructor(
    readonly seconds: number,
    readonly nanos: number,
  ) {
    if (
      !Number.isSafeInteger(seconds) ||
      !Number.isInteger(nanos) ||
      nanos < 0 ||
      nanos >= NANOS_PER_SECOND
    ) {
      throw new RangeError(`invalid timestamp: seconds ${seconds}, nanos ${nanos}`)
    }
    Object.freeze(this)
  }

  /** Creates the timestamp of `millis` milliseconds since the epoch. */
  static fromMillis(millis: number): Timestamp {
    const seconds = Math.floor(millis / 1000)
    const nanos = Math.round((millis - seconds * 1000) * 1_000_000)
    return normalizedTimestamp(seconds, nanos)
  }

  /** Returns a negative number, zero or a positive number as this is before, at or after `other`. */
  compare(other: Timestamp): number {
    return this.seconds - other.seconds || this.nanos - other.nanos
  }

  /** Adds `duration`; returns undefined when the result is outside the range CEL allows. */
  plus(duration: Duration): Timestamp | undefined {
    const result = normalizedTimestamp(this.seconds + duration.seconds, this.nanos + duration.nanos)
    return result.seconds < Timestamp.MIN_SECONDS || result.seconds > Timestamp.MAX_SECONDS
      ? undefined
      : result
  }

  /** Returns `this - other`, or undefined when it does not fit a {@link Duration}. */
  since(other: Timestamp): Duration | undefined {
    return Duration.of(this.seconds - other.seconds, this.nanos - other.nanos)
  }

  /** Formats the timestamp as RFC 3339 in UTC, with as many fractional digits as needed. */
  toString(): string {
    return formatTimestamp(this.seconds, this.nanos)
  }

  /** Returns the RFC 3339 form, so that outputs holding a timestamp serialise as a string. */
  toJSON(): string {
    return this.toString()
  }
}

/**
 * A signed span of time with nanosecond precision, as CEL's `duration` type has it. The value
 * is `seconds + nanos / 1e9` with `nanos` in [0, 1e9), and it fits a signed 64-bit count of
 * nanoseconds, the range of Go's `time.Duration` that cel-go uses. Instances are frozen.
 */
export class Duration {
  /** The zero duration. */
  static readonly ZERO = new Duration(0, 0)

  private constructor(
    readonly seconds: number,
    readonly nanos: number,
  ) {
    Object.freeze(this)
  }

  /** Creates a duration, normalising `nanos`; returns undefined outside the 64-bit range. */
  static of(seconds: number, nanos: number): Duration | undefined {
    const carry = Math.floor(nanos / NANOS_PER_SECOND)
    const whole = seconds + carry
    const rest = nanos - carry * NANOS_PER_SECOND
    return fitsInt64Nanos(whole, rest) ? new Duration(whole, rest) : undefined
  }

  /** Returns a negative number, zero or a positive number as this is shorter, equal or longer. */
  compare(other: Duration): number {
    return this.seconds - other.seconds || this.nanos - other.nanos
  }

  /** Adds `other`; returns undefined when the sum leaves the 64-bit range. */
  plus(other: Duration): Duration | undefined {
    return Duration.of(this.seconds + other.seconds, this.nanos + other.nanos)
  }

  /** Returns the negated duration, or undefined for the one value that has no negation. */
  negated(): Duration | undefined {
    return Duration.of(-this.seconds, -this.nanos)
  }

  /** Formats the duration the way CEL's `string(duration)` does, such as `5400s` or `-1.5s`. */
  toString(): string {
    // A negative value is stored as floor seconds plus positive nanos: -1.5s is -2s + 0.5s.
    const negative = this.seconds < 0
    const borrow = negative && this.nanos > 0
    const nanos = borrow ? NANOS_PER_SECOND - this.nanos : this.nanos
    let seconds = negative ? -this.seconds : this.seconds
    if (borrow) seconds -= 1
    const fraction = nanos === 0 ? '' : `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`
    return `${negative ? '-' : ''}${seconds}${fraction}s`
  }

  /** Returns the CEL form, so that outputs holding a duration serialise as a string. */
  toJSON(): string {
    return this.toString()
  }
}

function normalizedTimestamp(seconds: number, nanos: number): Timestamp {
  const carry = Math.floor(nanos / NANOS_PER_SECOND)
  return new Timestamp(seconds + carry, nanos - carry * NANOS_PER_SECOND)
}

/** Tells whether `seconds + nanos / 1e9` lies in [-2^63, 2^63 - 1] nanoseconds. */
function fitsInt64Nanos(seconds: number, nanos: number): boolean {
  if (seconds > 9_223_372_036 || seconds < -9_223_372_037) return false
  if (seconds === 9_223_372_036) return nanos <= 854_775_807
  if (seconds === -9_223_372_037) return nanos >= 145_224_192
  return true
}

let cachedMillis = Number.NaN
let cachedTimestamp = new Timestamp(0, 0)

/**
 * Returns the timestamp of `millis`, reusing the last one built, because every condition of a
 * check reads the same `now` and the hot path should not allocate for it.
 * @internal
 */
export function timestampAtMillis(millis: number): Timestamp {
  if (millis !== cachedMillis) {
    cachedTimestamp = Timestamp.fromMillis(millis)
    cachedMillis = millis
  }
  return cachedTimestamp
}
