import type { Expression, OperatorName } from '../../../src/condition/expression.js'
import {
  CIDRS,
  DURATIONS,
  IP_REFS,
  NUMBERS,
  PATTERNS,
  PRESENCE_REFS,
  REFS,
  STRINGS,
  TIMESTAMPS,
  TIMESTAMP_TEXT_REFS,
  type RefPath,
  type ValueType,
} from './attributes.js'
import type { Draw } from './draw.js'

/** A variable, constant or bound variable that an expression may read, with its type. */
export interface Named {
  readonly name: string
  readonly type: ValueType
}

/** What an expression may read besides the request. */
export interface ExprEnv {
  readonly variables: readonly Named[]
  readonly constants: readonly Named[]
  readonly bound: readonly Named[]
}

export const EMPTY_ENV: ExprEnv = { variables: [], constants: [], bound: [] }

const ORDERED: readonly ValueType[] = ['number', 'string', 'timestamp', 'duration']
const EQUATABLE: readonly ValueType[] = [
  'bool',
  'number',
  'string',
  'strings',
  'object',
  'timestamp',
]
const BOUND_NAMES = ['item', 'el'] as const

/**
 * Generates expressions of a given type that never error on generated requests: every ref
 * reads a present attribute of the right type, divisors are non-zero literals, `size` applies
 * to strings, lists and objects, and comprehension predicates are boolean.
 */
export class ExpressionGrammar {
  constructor(private readonly draw: Draw) {}

  /** Generates a boolean condition of at most `depth` nested operators. */
  condition(env: ExprEnv, depth = 3): Expression {
    return this.of('bool', env, depth)
  }

  /** Generates an expression of `type`. */
  of(type: ValueType, env: ExprEnv, depth: number): Expression {
    if (depth <= 0 || this.draw.chance(0.3)) return this.leaf(type, env)
    switch (type) {
      case 'bool':
        return this.#bool(env, depth - 1)
      case 'number':
        return this.#number(env, depth - 1)
      case 'string':
        return this.draw.chance(0.5)
          ? { add: [this.of('string', env, depth - 1), this.leaf('string', env)] }
          : this.leaf(type, env)
      case 'strings':
        return this.draw.chance(0.3)
          ? { add: [this.leaf('strings', env), this.leaf('strings', env)] }
          : this.leaf(type, env)
      case 'timestamp':
        return this.#timestamp(env, depth - 1)
      case 'duration':
        return this.#duration(env, depth - 1)
      default:
        return this.leaf(type, env)
    }
  }

  /** Generates a literal, ref, variable, constant or bound variable of `type`. */
  leaf(type: ValueType, env: ExprEnv): Expression {
    const named = [
      ...env.variables.map((v) => ref(`V.${v.name}`, v.type)),
      ...env.constants.map((c) => ref(`C.${c.name}`, c.type)),
      ...env.bound.map((b) => ref(b.name, b.type)),
    ].filter((entry) => entry.type === type)
    const refs = (REFS[type] ?? []).map((path) => ({ ref: path }))
    const choices: (() => Expression)[] = [() => this.literal(type)]
    if (refs.length > 0) choices.push(() => this.draw.pick(refs))
    if (named.length > 0) choices.push(() => ({ ref: this.draw.pick(named).path }))
    return this.draw.pick(choices)()
  }

  /** Generates a literal of `type`. */
  literal(type: ValueType): Expression {
    const draw = this.draw
    switch (type) {
      case 'bool':
        return draw.chance(0.5)
      case 'number':
        return draw.pick(NUMBERS)
      case 'string':
        return draw.pick(STRINGS)
      case 'strings':
        return draw.chance(0.5) ? draw.subset(STRINGS, 0, 3) : { value: draw.subset(STRINGS, 0, 3) }
      case 'numbers':
        return draw.subset(NUMBERS, 0, 3)
      case 'object':
        return {
          value: { x: draw.pick(STRINGS), y: draw.pick(NUMBERS), z: { w: draw.chance(0.5) } },
        }
      case 'objects':
        return {
          value: draw.times(draw.int(0, 2), () => ({
            id: draw.pick(STRINGS),
            v: draw.pick(NUMBERS),
          })),
        }
      case 'timestamp':
        return { timestamp: [draw.pick(TIMESTAMPS)] }
      case 'duration':
        return { duration: [draw.pick(DURATIONS)] }
    }
  }

  #bool(env: ExprEnv, depth: number): Expression {
    const draw = this.draw
    const sub = (type: ValueType) => this.of(type, env, depth)
    const choices: (() => Expression)[] = [
      () => ({ not: [sub('bool')] }),
      () => ({ and: draw.times(draw.int(2, 3), () => sub('bool')) }),
      () => ({ or: draw.times(draw.int(2, 3), () => sub('bool')) }),
      () => {
        const type = draw.pick(EQUATABLE)
        return op(draw.pick(['eq', 'ne']), [sub(type), sub(type)])
      },
      () => ({ eq: [sub('string'), sub('number')] }),
      () => {
        const type = draw.pick(ORDERED)
        return op(draw.pick(['lt', 'lte', 'gt', 'gte']), [sub(type), sub(type)])
      },
      () => ({ in: [sub('string'), sub('strings')] }),
      () => ({ in: [sub('number'), this.leaf('numbers', env)] }),
      () => ({ contains: [sub('strings'), sub('string')] }),
      () => op(draw.pick(['hasIntersection', 'isSubset']), [sub('strings'), sub('strings')]),
      () => ({ has: [{ ref: draw.pick(PRESENCE_REFS) }] }),
      () => op(draw.pick(['startsWith', 'endsWith', 'includes']), [sub('string'), sub('string')]),
      () => ({ matches: [sub('string'), draw.pick(PATTERNS)] }),
      () => this.#comprehension(env, depth),
      () => ({ inIpRange: [{ ref: draw.pick(IP_REFS) }, draw.pick(CIDRS)] }),
    ]
    return draw.pick(choices)()
  }

  #comprehension(env: ExprEnv, depth: number): Expression {
    const draw = this.draw
    const name = draw.pick(BOUND_NAMES)
    const listType = draw.pick(['strings', 'numbers', 'objects'] as const)
    const list = listType === 'strings' ? this.of('strings', env, depth) : this.leaf(listType, env)
    const bound = env.bound.filter((entry) => entry.name !== name)

    let predicate: Expression
    if (listType === 'objects') {
      const inner = { ...env, bound }
      predicate = draw.chance(0.5)
        ? { eq: [{ ref: `${name}.id` }, this.of('string', inner, depth)] }
        : { gt: [{ ref: `${name}.v` }, this.of('number', inner, depth)] }
    } else {
      const element: ValueType = listType === 'strings' ? 'string' : 'number'
      predicate = this.condition({ ...env, bound: [...bound, { name, type: element }] }, depth)
    }
    return op(draw.pick(['exists', 'all']), [list, name, predicate])
  }

  #number(env: ExprEnv, depth: number): Expression {
    const draw = this.draw
    const sub = () => this.of('number', env, depth)
    const choices: (() => Expression)[] = [
      () => ({ size: [this.of(draw.pick(['string', 'strings', 'object'] as const), env, depth)] }),
      () => op(draw.pick(['add', 'sub', 'mul']), [sub(), sub()]),
      () => ({ div: [sub(), draw.pick(NUMBERS.filter((n) => n !== 0))] }),
    ]
    return draw.pick(choices)()
  }

  #timestamp(env: ExprEnv, depth: number): Expression {
    const draw = this.draw
    const choices: (() => Expression)[] = [
      () => ({ timestamp: [{ ref: draw.pick(TIMESTAMP_TEXT_REFS) }] }),
      () => ({ ref: 'now' }),
      () =>
        op(draw.pick(['add', 'sub']), [
          this.#timestamp(env, depth - 1),
          this.of('duration', env, 0),
        ]),
    ]
    return depth <= 0 ? choices[0]!() : draw.pick(choices)()
  }

  #duration(env: ExprEnv, depth: number): Expression {
    const draw = this.draw
    const choices: (() => Expression)[] = [
      () => ({ duration: [draw.pick(DURATIONS)] }),
      () => ({ timeSince: [this.#timestamp(env, depth - 1)] }),
      () => op('sub', [this.#timestamp(env, depth - 1), this.#timestamp(env, depth - 1)]),
    ]
    return depth <= 0 ? choices[0]!() : draw.pick(choices)()
  }

  /** Generates an output expression: a string, a number or a list of strings. */
  output(env: ExprEnv): Expression {
    const draw = this.draw
    const choices: (() => Expression)[] = [
      () => draw.pick(STRINGS),
      () => this.leaf('string', env),
      () => ({ add: ['out:', this.leaf('string', env)] }),
      () => this.leaf('number', env),
      () => this.leaf('strings', env),
    ]
    return draw.pick(choices)()
  }
}

/** Builds an operator node from a drawn name, such as `{ lt: [a, b] }`. */
function op(name: OperatorName, args: readonly Expression[]): Expression {
  return { [name]: args } as unknown as Expression
}

function ref(path: RefPath, type: ValueType): { readonly path: RefPath; readonly type: ValueType } {
  return { path, type }
}
