import { ConditionFault, type CompiledExpression } from './compiled.js'

/** Creates an `ERR_CONDITION_TYPE` fault. @internal */
export function typeFault(message: string, path: string): ConditionFault {
  return new ConditionFault('ERR_CONDITION_TYPE', message, path)
}

/** Creates an `ERR_CONDITION_ARITHMETIC` fault. @internal */
export function arithmeticFault(message: string, path: string): ConditionFault {
  return new ConditionFault('ERR_CONDITION_ARITHMETIC', message, path)
}

/** Returns a closure that always returns `fault`. @internal */
export function alwaysFault(fault: ConditionFault): CompiledExpression {
  return () => fault
}

/**
 * Converts an exception thrown during evaluation into a fault. Reading plain JSON does not
 * throw, so an exception means the request carried something else, such as an object with a
 * throwing getter or a proxy, or the clock returned a value that is not a finite number.
 * @internal
 */
export function evaluationFault(error: unknown, path: string): ConditionFault {
  const hint = 'attributes must be plain JSON and the clock a finite number'
  return typeFault(`evaluation failed: ${errorName(error)} thrown (${hint})`, path)
}

/** Returns the class name of a thrown value, guarding against a hostile `name` getter. */
function errorName(error: unknown): string {
  try {
    if (!(error instanceof Error)) return typeof error
    const name: unknown = error.name
    return typeof name === 'string' ? name : 'Error'
  } catch {
    return 'exception'
  }
}

/** Appends a token to a JSON Pointer, escaping `~` and `/` as RFC 6901 requires. @internal */
export function childPointer(path: string, token: string | number): string {
  const text =
    typeof token === 'number' ? String(token) : token.replace(/~/g, '~0').replace(/\//g, '~1')
  return `${path}/${text}`
}

/** Maximum characters of a value quoted in a fault message; longer values are cut. */
const MAX_QUOTED_LENGTH = 64

/** Quotes a string for a fault message as JSON does, cutting it after 64 characters. @internal */
export function quote(text: string): string {
  if (text.length <= MAX_QUOTED_LENGTH) return JSON.stringify(text)
  return `${JSON.stringify(text.slice(0, MAX_QUOTED_LENGTH))}... (${text.length} characters)`
}
