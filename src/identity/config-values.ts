/**
 * Checks for single configuration values. Each throws `TypeError` for a value of the wrong
 * type and `RangeError` for a number out of range, with the option's path in the message.
 * @internal
 */

/** Describes a configuration value for an error message, quoting strings. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) {
    return String(value)
  }
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`
}

/** Reports whether a value is a non-null object that is not an array. */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Rejects an own enumerable key of an object that is not in `allowed`. */
export function checkKeys(value: object, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${where}: unknown option ${describeValue(key)}`)
    }
  }
}

/** Checks that a value is an object (not an array) and returns it. */
export function checkRecord(value: unknown, where: string): Readonly<Record<string, unknown>> {
  if (!isRecord(value)) {
    throw new TypeError(`${where}: expected an object, got ${describeValue(value)}`)
  }
  return value
}

/** Checks an optional boolean and returns it or the default. */
export function checkBoolean(value: unknown, fallback: boolean, where: string): boolean {
  if (value === undefined) {
    return fallback
  }
  if (typeof value !== 'boolean') {
    throw new TypeError(`${where}: expected a boolean, got ${describeValue(value)}`)
  }
  return value
}

/** Checks an optional number in `[min, max]` and returns it or the default. */
export function checkNumber(
  value: unknown,
  range: { readonly min: number; readonly max: number; readonly fallback: number },
  where: string,
): number {
  if (value === undefined) {
    return range.fallback
  }
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`${where}: expected a number, got ${describeValue(value)}`)
  }

  // SECURITY: an unbounded tolerance, lifetime or size would turn the check off.
  if (!(value >= range.min && value <= range.max)) {
    throw new RangeError(
      `${where}: expected a number from ${range.min} to ${range.max}, got ${describeValue(value)}`,
    )
  }
  return value
}

/** Checks an optional integer in `[min, max]` and returns it or the default. */
export function checkInteger(
  value: unknown,
  range: { readonly min: number; readonly max: number; readonly fallback: number },
  where: string,
): number {
  const number = checkNumber(value, range, where)
  if (!Number.isInteger(number)) {
    throw new RangeError(`${where}: expected an integer, got ${describeValue(value)}`)
  }
  return number
}

/** Checks a non-empty string and returns it. */
export function checkString(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${where}: expected a non-empty string, got ${describeValue(value)}`)
  }
  return value
}

/** Checks an array of non-empty strings and returns a frozen copy without duplicates. */
export function checkStringList(value: unknown, where: string): readonly string[] {
  if (!Array.isArray(value)) {
    throw new TypeError(`${where}: expected an array of strings, got ${describeValue(value)}`)
  }
  const items = value.map((item: unknown, index) => checkString(item, `${where}[${index}]`))
  return Object.freeze([...new Set(items)])
}

/** Checks a non-empty string or a non-empty list of them and returns a frozen list. */
export function checkOneOrMore(value: unknown, where: string): readonly string[] {
  const result = checkStringList(typeof value === 'string' ? [value] : value, where)
  if (result.length === 0) {
    throw new TypeError(`${where}: expected at least one value, got an empty array`)
  }
  return result
}
