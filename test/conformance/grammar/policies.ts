import type {
  DerivedRoles,
  Policy,
  PrincipalActionRule,
  PrincipalPolicy,
  ResourcePolicy,
  ResourceRule,
  RuleOutput,
  SchemasBlock,
  ScopePermissions,
} from '../../../src/policy/document.js'
import { NUMBERS, STRINGS } from './attributes.js'
import type { Draw } from './draw.js'
import { ExpressionGrammar, type ExprEnv, type Named } from './expressions.js'

/**
 * Names of one case, before the case is given its own prefix (see `namespace.ts`): resource
 * kinds `k0`.., principal ids `p0`.., and scopes under the placeholder segment `X`.
 */
export const KINDS = ['k0', 'k1', 'k2'] as const
export const PRINCIPALS = ['p0', 'p1'] as const
export const ROLES = ['r0', 'r1', 'r2', 'r3'] as const
export const VERSIONS = ['default', 'v2'] as const

/** Scope sets a kind or principal can have besides the root: each closed under ancestors. */
const SCOPE_SETS: readonly (readonly string[])[] = [
  [],
  ['X'],
  ['X', 'X.a'],
  ['X', 'X.b'],
  ['X', 'X.a', 'X.a.b'],
  ['X', 'X.a', 'X.b'],
]

/** Action patterns of rules: literals and globs. */
const ACTION_PATTERNS = [
  'view',
  'edit',
  'delete',
  'share:link',
  'share:email',
  'a:b:c',
  'archive',
  '*',
  'share:*',
  'a:*:c',
  '*:link',
] as const

/** Resources of principal rules: the case's kinds, `*` and a prefix glob. */
const PRINCIPAL_RESOURCES = ['k0', 'k1', 'k2', '*', 'k*'] as const

/** The derived roles of each set, distinct across sets so that importing both is valid. */
const DERIVED_ROLE_SETS = { dr0: ['d0', 'd1'], dr1: ['d2', 'd3'] } as const

const EXPORTED_VARIABLES: readonly Named[] = [
  { name: 'ev0', type: 'bool' },
  { name: 'ev1', type: 'string' },
]
const EXPORTED_CONSTANTS: readonly Named[] = [
  { name: 'cn', type: 'number' },
  { name: 'cl', type: 'strings' },
]
const LOCAL_VARIABLES: readonly Named[] = [
  { name: 'v0', type: 'bool' },
  { name: 'v1', type: 'number' },
]
const LOCAL_CONSTANTS: readonly Named[] = [
  { name: 'k0', type: 'number' },
  { name: 'k1', type: 'string' },
]

/** The schema of `flag`, which generated requests break one time in ten. */
const FLAG_SCHEMA = {
  type: 'object',
  properties: { flag: { type: 'boolean' }, s: { type: 'string' } },
  required: ['s'],
} as const

/** Generates the policies of one case. */
export class PolicyGrammar {
  readonly #expressions: ExpressionGrammar

  constructor(private readonly draw: Draw) {
    this.#expressions = new ExpressionGrammar(draw)
  }

  /** Generates the policy set of a scenario: derived roles, exports, resource and principal policies. */
  policies(): Policy[] {
    const draw = this.draw
    const kinds = draw.subset(KINDS, 1, 2)
    const principals = draw.subset(PRINCIPALS, 0, 2)
    const sets = draw.subset(
      Object.keys(DERIVED_ROLE_SETS) as (keyof typeof DERIVED_ROLE_SETS)[],
      0,
      2,
    )

    const policies: Policy[] = [
      ...sets.map((name) => this.#derivedRoles(name)),
      this.#exportedVariables(),
      this.#exportedConstants(),
    ]
    for (const kind of kinds) {
      for (const version of draw.pick([['default'], ['default', 'v2'], ['v2']] as const)) {
        for (const scope of ['', ...draw.pick(SCOPE_SETS)]) {
          policies.push(this.#resourcePolicy(kind, version, scope, sets))
        }
      }
    }
    for (const principal of principals) {
      for (const version of draw.subset(VERSIONS, 1, 2)) {
        for (const scope of ['', ...draw.pick(SCOPE_SETS)]) {
          policies.push(this.#principalPolicy(principal, version, scope))
        }
      }
    }
    return policies
  }

  #derivedRoles(name: keyof typeof DERIVED_ROLE_SETS): DerivedRoles {
    const draw = this.draw
    const local = draw.chance(0.5)
    const env: ExprEnv = {
      variables: local ? [{ name: 'dv', type: 'bool' }] : [],
      constants: [],
      bound: [],
    }
    const definitions = DERIVED_ROLE_SETS[name].map((role) => ({
      name: role,
      parentRoles: draw.subset([...ROLES, '*'], 1, 2),
      ...(draw.chance(0.7) ? { when: this.#expressions.condition(env, 2) } : {}),
    }))
    const variables = local
      ? {
          variables: {
            local: {
              dv: this.#expressions.condition({ variables: [], constants: [], bound: [] }, 2),
            },
          },
        }
      : {}
    return { derivedRoles: { name, definitions, ...variables } }
  }

  #exportedVariables(): Policy {
    const definitions = Object.fromEntries(
      EXPORTED_VARIABLES.map(({ name, type }) => [
        name,
        this.#expressions.of(type, { variables: [], constants: [], bound: [] }, 2),
      ]),
    )
    return { exportVariables: { name: 'vs0', definitions } }
  }

  #exportedConstants(): Policy {
    const draw = this.draw
    return {
      exportConstants: {
        name: 'cs0',
        definitions: { cn: draw.pick(NUMBERS), cl: draw.subset(STRINGS, 0, 3) },
      },
    }
  }

  #resourcePolicy(
    kind: string,
    version: string,
    scope: string,
    sets: readonly (keyof typeof DERIVED_ROLE_SETS)[],
  ): ResourcePolicy {
    const draw = this.draw
    const imports = draw.subset(sets, 0, 2)
    const derivedRoles = imports.flatMap((set) => DERIVED_ROLE_SETS[set])
    const { blocks, env } = this.#blocks()

    const rules = draw.times(draw.int(1, 3), (index) =>
      this.#resourceRule(index, env, derivedRoles),
    )
    return {
      resourcePolicy: {
        resource: kind,
        ...this.#versionField(version),
        ...(scope === '' ? {} : { scope }),
        ...this.#scopePermissions(scope),
        ...(imports.length > 0 ? { importDerivedRoles: imports } : {}),
        ...blocks,
        ...(scope === '' && draw.chance(0.1) ? { schemas: this.#schemas() } : {}),
        rules,
      },
    }
  }

  #resourceRule(index: number, env: ExprEnv, derivedRoles: readonly string[]): ResourceRule {
    const draw = this.draw
    let roles: string[] = draw.chance(0.3) ? ['*'] : draw.subset(ROLES, 0, 2)
    const derived = draw.subset(derivedRoles, 0, 2)
    if (roles.length === 0 && derived.length === 0) roles = [draw.pick(ROLES)]

    return {
      ...(draw.chance(0.2) ? { name: `named-${index}` } : {}),
      actions: draw.subset(ACTION_PATTERNS, 1, 3),
      effect: draw.chance(0.6) ? 'allow' : 'deny',
      ...(roles.length > 0 ? { roles } : {}),
      ...(derived.length > 0 ? { derivedRoles: derived } : {}),
      ...(draw.chance(0.6) ? { when: this.#expressions.condition(env) } : {}),
      ...this.#output(env),
    }
  }

  #principalPolicy(principal: string, version: string, scope: string): PrincipalPolicy {
    const draw = this.draw
    const local = draw.chance(0.4)
    const env: ExprEnv = {
      variables: local ? [{ name: 'pv', type: 'bool' }] : [],
      constants: [],
      bound: [],
    }
    const resources = draw.subset(PRINCIPAL_RESOURCES, 1, 2)
    const rules = resources.map((resource) => ({
      resource,
      actions: draw.times(draw.int(1, 2), (index) =>
        this.#principalAction(`${resource}-${index}`, env),
      ),
    }))
    const variables = local
      ? {
          variables: {
            local: {
              pv: this.#expressions.condition({ variables: [], constants: [], bound: [] }, 2),
            },
          },
        }
      : {}
    return {
      principalPolicy: {
        principal,
        ...this.#versionField(version),
        ...(scope === '' ? {} : { scope }),
        ...this.#scopePermissions(scope),
        ...variables,
        rules,
      },
    }
  }

  #principalAction(key: string, env: ExprEnv): PrincipalActionRule {
    const draw = this.draw
    const name = `named-${key.replace(/\W/g, 'x')}`
    return {
      action: draw.pick(ACTION_PATTERNS),
      effect: draw.chance(0.6) ? 'allow' : 'deny',
      ...(draw.chance(0.2) ? { name } : {}),
      ...(draw.chance(0.6) ? { when: this.#expressions.condition(env) } : {}),
      ...this.#output(env),
    }
  }

  /** Local and imported variables and constants of a resource policy, and what they define. */
  #blocks(): {
    blocks: Pick<ResourcePolicy['resourcePolicy'], 'variables' | 'constants'>
    env: ExprEnv
  } {
    const draw = this.draw
    const importsVariables = draw.chance(0.3)
    const importsConstants = draw.chance(0.3)
    const localVariables = draw.chance(0.3)
    const localConstants = draw.chance(0.3)
    const constants = [
      ...(importsConstants ? EXPORTED_CONSTANTS : []),
      ...(localConstants ? LOCAL_CONSTANTS : []),
    ]
    const plain: ExprEnv = { variables: [], constants, bound: [] }

    const variables = {
      ...(importsVariables ? { import: ['vs0'] } : {}),
      ...(localVariables
        ? {
            local: Object.fromEntries(
              LOCAL_VARIABLES.map(({ name, type }) => [name, this.#expressions.of(type, plain, 2)]),
            ),
          }
        : {}),
    }
    const constantBlock = {
      ...(importsConstants ? { import: ['cs0'] } : {}),
      ...(localConstants ? { local: { k0: draw.pick(NUMBERS), k1: draw.pick(STRINGS) } } : {}),
    }
    return {
      blocks: {
        ...(Object.keys(variables).length > 0 ? { variables } : {}),
        ...(Object.keys(constantBlock).length > 0 ? { constants: constantBlock } : {}),
      },
      env: {
        variables: [
          ...(importsVariables ? EXPORTED_VARIABLES : []),
          ...(localVariables ? LOCAL_VARIABLES : []),
        ],
        constants,
        bound: [],
      },
    }
  }

  #output(env: ExprEnv): { output?: RuleOutput } {
    const draw = this.draw
    if (!draw.chance(0.3)) return {}
    const whenMatched = draw.chance(0.7) ? this.#expressions.output(env) : undefined
    const whenConditionFalse =
      draw.chance(0.5) || whenMatched === undefined ? this.#expressions.output(env) : undefined
    return {
      output: {
        ...(whenMatched === undefined ? {} : { whenMatched }),
        ...(whenConditionFalse === undefined ? {} : { whenConditionFalse }),
      },
    }
  }

  #versionField(version: string): { version?: string } {
    return version === 'default' && this.draw.chance(0.5) ? {} : { version }
  }

  #scopePermissions(scope: string): { scopePermissions?: ScopePermissions } {
    const consent = this.draw.chance(scope === '' ? 0.05 : 0.4)
    return consent ? { scopePermissions: 'requireParentalConsentForAllows' } : {}
  }

  #schemas(): SchemasBlock {
    const draw = this.draw
    return {
      ...(draw.chance(0.5) ? { principal: FLAG_SCHEMA } : {}),
      resource: FLAG_SCHEMA,
      enforcement: 'reject',
    }
  }
}
