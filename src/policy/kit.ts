import type {
  ActionOf,
  ActionPattern,
  AppDescription,
  AppShape,
  AttrOf,
  KitRefs,
  ResourceKind,
} from './app-types.js'
import { conditionBuilders } from './conditions.js'
import type { ConditionBuilders } from './conditions.js'
import type {
  DerivedRoles,
  ExportConstants,
  ExportVariables,
  PrincipalPolicy,
  ResourcePolicy,
  ResourcePolicyBody,
  RolePolicy,
} from './document.js'
import type { Ref, ResourceFields } from './expr-types.js'
import type {
  ConstantDefinitions,
  DerivedRoleInput,
  DerivedRolesInput,
  KitRule,
  PrincipalPolicyInput,
  ResourcePolicyInput,
  RolePolicyInput,
  RuleOptions,
  VariableDefinitions,
} from './kit-inputs.js'
import { createRef, toJson } from './refs.js'

/** Builds rules whose actions are typed `A`: `allow` and `deny`. */
export interface RuleBuilders<Allowed extends string> {
  /** Builds an allow rule for `actions`. */
  allow<const A extends Allowed>(actions: readonly A[], options: RuleOptions): KitRule<A>
  /** Builds a deny rule for `actions`. */
  deny<const A extends Allowed>(actions: readonly A[], options: RuleOptions): KitRule<A>
}

/**
 * The kit inside `resourcePolicy(kind, (k) => body)`: `R` has the attributes of that kind,
 * and `allow` and `deny` accept its actions only.
 */
export type ResourceKit<App extends AppShape, K extends ResourceKind<App>> = Omit<
  PolicyKit<App>,
  'R' | 'allow' | 'deny'
> &
  RuleBuilders<ActionPattern<ActionOf<App, K>>> & {
    readonly R: Ref<ResourceFields<K, AttrOf<App, K>>>
  }

/** A resource policy document whose kind is known. */
export interface ResourcePolicyOf<K extends string> extends ResourcePolicy {
  readonly resourcePolicy: ResourcePolicyBody & { readonly resource: K }
}

/** The typed kit returned by {@link definePolicies}. */
export interface PolicyKit<App extends AppShape>
  extends ConditionBuilders, KitRefs<App>, RuleBuilders<string> {
  /** The runtime description given to `definePolicies`, if any. */
  readonly description: AppDescription<App> | undefined

  /**
   * Builds a resource policy for `kind`. `body` is the policy without `resource`, or a
   * callback that receives a kit typed for that kind.
   */
  resourcePolicy<K extends ResourceKind<App>>(
    kind: K,
    body: ResourcePolicyInput<App, K> | ((kit: ResourceKit<App, K>) => ResourcePolicyInput<App, K>),
  ): ResourcePolicyOf<K>
  /** Builds a derived roles set from its definitions, or from a body with blocks. */
  derivedRoles(
    name: string,
    body: readonly DerivedRoleInput[] | DerivedRolesInput<App>,
  ): DerivedRoles
  /** Builds a principal policy for the principal id `principal`. */
  principalPolicy(principal: string, body: PrincipalPolicyInput<App>): PrincipalPolicy
  /** Builds a role policy for the custom role `role`. */
  rolePolicy(role: string, body: RolePolicyInput<App>): RolePolicy
  /** Builds a set of exported variables. */
  exportVariables(name: string, definitions: VariableDefinitions<App>): ExportVariables
  /** Builds a set of exported constants. */
  exportConstants(name: string, definitions: ConstantDefinitions<App>): ExportConstants
}

/**
 * Creates the typed kit for an `App` type: document builders, rule builders, refs and
 * condition builders. Everything the kit builds is plain JSON with no defaults filled in, so
 * it is deep-equal to the same policy written by hand. Defaults such as versions and rule
 * names are applied when policies are compiled.
 *
 * @param description - a runtime description of `App`, kept as `kit.description` for tools
 *   such as the testing toolkit; the kit itself does not read it
 * @example
 * ```ts
 * const p = definePolicies<App>()
 * const documents = p.resourcePolicy('document', {
 *   rules: [
 *     p.allow(['read'], { roles: ['user'], when: p.eq(p.R.attr.status, 'published') }),
 *     p.allow(['edit'], { derivedRoles: ['owner'] }),
 *   ],
 *   importDerivedRoles: ['common'],
 * })
 * ```
 */
export function definePolicies<App extends AppShape>(
  description?: AppDescription<App>,
): PolicyKit<App> {
  type Refs = KitRefs<App>
  const kit: PolicyKit<App> = {
    ...conditionBuilders,
    description,
    P: createRef(['P']) as Refs['P'],
    R: createRef(['R']) as Refs['R'],
    V: createRef(['V']) as Refs['V'],
    C: createRef(['C']) as Refs['C'],
    delegation: createRef(['delegation']) as Refs['delegation'],
    now: createRef(['now']) as Refs['now'],
    allow: (actions, options) => buildRule('allow', actions, options),
    deny: (actions, options) => buildRule('deny', actions, options),

    resourcePolicy(kind, body) {
      // The per-kind kit is this kit: only its types differ.
      const input = typeof body === 'function' ? body(kit as ResourceKit<App, typeof kind>) : body
      const policy = { resourcePolicy: plain({ resource: kind, ...input }) }
      return policy as unknown as ResourcePolicyOf<typeof kind>
    },
    derivedRoles(name, body) {
      const input = isList(body) ? { definitions: body } : body
      return { derivedRoles: plain({ name, ...input }) } as unknown as DerivedRoles
    },
    principalPolicy(principal, body) {
      return { principalPolicy: plain({ principal, ...body }) } as unknown as PrincipalPolicy
    },
    rolePolicy(role, body) {
      return { rolePolicy: plain({ role, ...body }) } as unknown as RolePolicy
    },
    exportVariables(name, definitions) {
      return { exportVariables: plain({ name, definitions }) } as unknown as ExportVariables
    },
    exportConstants(name, definitions) {
      return { exportConstants: plain({ name, definitions }) } as unknown as ExportConstants
    },
  }
  return kit
}

function buildRule<A extends string>(
  effect: 'allow' | 'deny',
  actions: readonly A[],
  options: RuleOptions,
): KitRule<A> {
  return plain({ actions, effect, ...options }) as unknown as KitRule<A>
}

function plain(value: object): Record<string, unknown> {
  return toJson(value) as Record<string, unknown>
}

function isList(value: unknown): value is readonly DerivedRoleInput[] {
  return Array.isArray(value)
}
