import type { Policy, RuleOutput } from './document.js'
import type { Segments } from './pointer.js'

/** An expression at the root of a condition, output or variable definition. @internal */
export interface ExpressionRoot {
  readonly expression: unknown
  readonly segments: Segments
}

/**
 * Lists the expressions of a document that passed the schema, except variable definitions:
 * conditions and outputs of rules and derived roles.
 * @internal
 */
export function conditionRoots(policy: Policy): ExpressionRoot[] {
  const roots: ExpressionRoot[] = []
  const add = (expression: unknown, segments: Segments) => {
    if (expression !== undefined) roots.push({ expression, segments })
  }
  const addOutput = (output: RuleOutput | undefined, segments: Segments) => {
    add(output?.whenMatched, [...segments, 'output', 'whenMatched'])
    add(output?.whenConditionFalse, [...segments, 'output', 'whenConditionFalse'])
  }

  if ('resourcePolicy' in policy) {
    policy.resourcePolicy.rules.forEach((rule, index) => {
      const segments = ['resourcePolicy', 'rules', index]
      add(rule.when, [...segments, 'when'])
      addOutput(rule.output, segments)
    })
  } else if ('derivedRoles' in policy) {
    policy.derivedRoles.definitions.forEach((definition, index) => {
      add(definition.when, ['derivedRoles', 'definitions', index, 'when'])
    })
  } else if ('principalPolicy' in policy) {
    policy.principalPolicy.rules.forEach((rule, index) => {
      rule.actions.forEach((action, position) => {
        const segments = ['principalPolicy', 'rules', index, 'actions', position]
        add(action.when, [...segments, 'when'])
        addOutput(action.output, segments)
      })
    })
  } else if ('rolePolicy' in policy) {
    policy.rolePolicy.rules.forEach((rule, index) => {
      add(rule.when, ['rolePolicy', 'rules', index, 'when'])
    })
  }
  return roots
}

/** Lists the variable definitions of a document: local ones, or those of an exported set. @internal */
export function variableRoots(policy: Policy): (ExpressionRoot & { readonly name: string })[] {
  if ('exportVariables' in policy) {
    return entries(policy.exportVariables.definitions, ['exportVariables', 'definitions'])
  }
  const body = bodyWithBlocks(policy)
  return entries(body?.variables?.local ?? {}, [kindKey(policy), 'variables', 'local'])
}

/** Lists the constant values of a document: local ones, or those of an exported set. @internal */
export function constantRoots(policy: Policy): (ExpressionRoot & { readonly name: string })[] {
  if ('exportConstants' in policy) {
    return entries(policy.exportConstants.definitions, ['exportConstants', 'definitions'])
  }
  const body = bodyWithBlocks(policy)
  return entries(body?.constants?.local ?? {}, [kindKey(policy), 'constants', 'local'])
}

function entries(record: Readonly<Record<string, unknown>>, segments: Segments) {
  return Object.entries(record).map(([name, expression]) => ({
    name,
    expression,
    segments: [...segments, name],
  }))
}

function kindKey(policy: Policy): string {
  return Object.keys(policy)[0] ?? ''
}

/** Returns the body of a document that can have `variables` and `constants` blocks. @internal */
export function bodyWithBlocks(policy: Policy) {
  if ('resourcePolicy' in policy) return policy.resourcePolicy
  if ('derivedRoles' in policy) return policy.derivedRoles
  if ('principalPolicy' in policy) return policy.principalPolicy
  if ('rolePolicy' in policy) return policy.rolePolicy
  return undefined
}
