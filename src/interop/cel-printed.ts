import { DYN, type CelType } from './cel-type.js'

/** CEL operator precedence, lowest first, as in the CEL grammar. @internal */
export const Precedence = {
  CONDITIONAL: 0,
  OR: 1,
  AND: 2,
  RELATION: 3,
  ADDITIVE: 4,
  MULTIPLICATIVE: 5,
  UNARY: 6,
  MEMBER: 7,
} as const

/** Printed CEL text with the precedence of its outermost operator and its static type. @internal */
export interface Printed {
  readonly text: string
  readonly precedence: number
  readonly type: CelType
}

/** Receives a construct that has no faithful CEL form, at the JSON Pointer `path`. @internal */
export type IssueSink = (path: string, construct: string, message: string) => void

/** A primary expression: a literal, identifier, call or parenthesised expression. @internal */
export function primary(text: string, type: CelType): Printed {
  return { text, precedence: Precedence.MEMBER, type }
}

/** Parenthesises `printed` when its precedence is below `minimum`. @internal */
export function wrap(printed: Printed, minimum: number): string {
  return printed.precedence < minimum ? `(${printed.text})` : printed.text
}

/** Wraps `printed` in `dyn()`, so that the CEL checker leaves its type to evaluation. @internal */
export function asDyn(printed: Printed): Printed {
  if (printed.type.name === 'dyn') return printed
  return primary(`dyn(${printed.text})`, DYN)
}

/** Wraps `printed` in `dyn()` unless its type may be one of `names`. @internal */
export function expecting(printed: Printed, ...names: readonly CelType['name'][]): Printed {
  return printed.type.name === 'dyn' || names.includes(printed.type.name) ? printed : asDyn(printed)
}

/** A CEL method call on `receiver`, such as `R.attr.name.startsWith("a")`. @internal */
export function methodCall(
  receiver: Printed,
  name: string,
  args: readonly Printed[],
  type: CelType,
): Printed {
  const list = args.map((arg) => arg.text).join(', ')
  return primary(`${wrap(receiver, Precedence.MEMBER)}.${name}(${list})`, type)
}

/** A global CEL function call, such as `hasIntersection(a, b)`. @internal */
export function functionCall(name: string, args: readonly Printed[], type: CelType): Printed {
  return primary(`${name}(${args.map((arg) => arg.text).join(', ')})`, type)
}

/** A binary operator whose operands bind tighter than `precedence`. @internal */
export function binary(
  left: Printed,
  symbol: string,
  right: Printed,
  precedence: number,
  type: CelType,
): Printed {
  const text = `${wrap(left, precedence + 1)} ${symbol} ${wrap(right, precedence + 1)}`
  return { text, precedence, type }
}
