import { compilePattern } from '../regex.js'
import type { OperatorCall } from '../call.js'
import { ConditionFault, type CompiledExpression } from '../compiled.js'
import { constantValue } from '../constant.js'
import { quote, typeFault } from '../fault.js'
import { valueKind } from '../kind.js'
import { checkPatternSafety } from '../pattern.js'

/** Compiles `startsWith(string, prefix)`. @internal */
export function compileStartsWith(call: OperatorCall): CompiledExpression {
  return compileStringTest(call, (text, part) => text.startsWith(part))
}

/** Compiles `endsWith(string, suffix)`. @internal */
export function compileEndsWith(call: OperatorCall): CompiledExpression {
  return compileStringTest(call, (text, part) => text.endsWith(part))
}

/** Compiles `includes(string, part)`, CEL's `string.contains`. @internal */
export function compileIncludes(call: OperatorCall): CompiledExpression {
  return compileStringTest(call, (text, part) => text.includes(part))
}

function compileStringTest(call: OperatorCall, test: (text: string, part: string) => boolean) {
  const left = call.compile(0)
  const right = call.compile(1)
  const { name, path } = call
  return (ctx: Parameters<CompiledExpression>[0]): unknown => {
    const text = left(ctx)
    if (text instanceof ConditionFault) return text
    const part = right(ctx)
    if (part instanceof ConditionFault) return part
    if (typeof text !== 'string') {
      return typeFault(`${name}: expected string, got ${valueKind(text)}`, path)
    }
    if (typeof part !== 'string') {
      return typeFault(`${name}: expected string, got ${valueKind(part)}`, path)
    }
    return test(text, part)
  }
}

/**
 * Compiles `matches(string, pattern)`: an unanchored search, as CEL's `matches` is. The pattern
 * must be fixed when the policy is compiled (a literal or a constant) and pass
 * {@link checkPatternSafety}; it is compiled once, with RE2 syntax and semantics.
 * @internal
 */
export function compileMatches(call: OperatorCall): CompiledExpression {
  const subject = call.compile(0)
  const pattern = constantValue(call.compile(1))?.value
  const patternPath = call.argPath(1)
  if (typeof pattern !== 'string') {
    return call.invalid('matches: pattern must be a literal string', patternPath)
  }

  const unsafe = checkPatternSafety(pattern)
  if (unsafe !== null) {
    return call.invalid(`matches: unsafe pattern ${quote(pattern)}: ${unsafe}`, patternPath)
  }
  const regex = compilePattern(pattern)
  if (typeof regex === 'string') {
    return call.invalid(`matches: invalid pattern ${quote(pattern)}: ${regex}`, patternPath)
  }

  const path = call.path
  return (ctx) => {
    const text = subject(ctx)
    if (typeof text === 'string') return regex.test(text)
    if (text instanceof ConditionFault) return text
    return typeFault(`matches: expected string, got ${valueKind(text)}`, path)
  }
}
