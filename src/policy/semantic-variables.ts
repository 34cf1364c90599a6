import type { ConstantsBlock, Policy, VariablesBlock } from './document.js'
import { bodyWithBlocks, conditionRoots, constantRoots, variableRoots } from './expression-roots.js'
import type { Segments } from './pointer.js'
import { quote } from './pointer.js'
import { kindOf } from './semantic-context.js'
import type { IssueCollector, PolicySet } from './semantic-context.js'
import type { ExpressionSink } from './semantic-expressions.js'
import { walkExpression } from './semantic-expressions.js'
import { identityOf } from './semantic-identity.js'
import { checkVariableCycles } from './variable-cycles.js'
import type { Environment } from './variable-cycles.js'

type Report = (segments: Segments, message: string) => void

/**
 * Reports, for each policy with `variables` and `constants` blocks: imports of sets that do
 * not exist, names defined twice (locally and in an import, or in two imports), refs to
 * undefined variables or constants, and cycles between variables. Imported definitions are
 * checked in the context of each importing policy; exported variable sets that nothing
 * imports are checked on their own. Undefined names are not reported while an import of
 * their kind is missing, since the missing set may define them.
 * @internal
 */
export function checkVariables(set: PolicySet, issues: IssueCollector): void {
  const importedSets = new Set<string>()

  set.policies.forEach((policy, index) => {
    const body = bodyWithBlocks(policy)
    if (body === undefined) return
    for (const name of body.variables?.import ?? []) importedSets.add(name)

    const kind = kindOf(policy)
    const report: Report = (segments, message) => {
      issues.report('ERR_POLICY_INVALID', index, [kind, ...segments], message)
    }
    const env = newEnvironment(true)
    importVariables(body.variables, set, env, report)
    defineLocalVariables(policy, index, env, issues)
    collectConstants(policy, body.constants, set, env, report)

    for (const { expression, segments } of conditionRoots(policy)) {
      walkExpression(expression, segments, referenceSink(env, issues, index, ''))
    }
    checkDefinitions(env, issues, identityOf(policy).id)
  })

  for (const [name, { index, body }] of set.variables) {
    if (importedSets.has(name)) continue
    const env = newEnvironment(false)
    for (const definition of variableRoots({ exportVariables: body })) {
      env.variables.set(definition.name, { ...definition, index, set: name })
    }
    checkDefinitions(env, issues, '')
  }
}

function newEnvironment(constantsKnown: boolean): Environment {
  return {
    variables: new Map(),
    constants: new Set(),
    variablesComplete: true,
    constantsComplete: constantsKnown,
  }
}

function importVariables(
  block: VariablesBlock | undefined,
  set: PolicySet,
  env: Environment,
  report: Report,
): void {
  block?.import?.forEach((name, position) => {
    const imported = set.variables.get(name)
    if (imported === undefined) {
      env.variablesComplete = false
      report(['variables', 'import', position], `imported variables ${quote(name)} not found`)
      return
    }

    for (const definition of variableRoots({ exportVariables: imported.body })) {
      const owner = env.variables.get(definition.name)?.set
      if (owner !== undefined) {
        const message = `variable ${quote(definition.name)} is defined in both imported variables ${quote(owner)} and ${quote(name)}`
        report(['variables', 'import', position], message)
        continue
      }
      env.variables.set(definition.name, { ...definition, index: imported.index, set: name })
    }
  })
}

function defineLocalVariables(
  policy: Policy,
  index: number,
  env: Environment,
  issues: IssueCollector,
): void {
  for (const definition of variableRoots(policy)) {
    const owner = env.variables.get(definition.name)?.set
    if (owner !== undefined) {
      const message = `variable ${quote(definition.name)} is defined locally and in imported variables ${quote(owner)}`
      issues.report('ERR_POLICY_INVALID', index, definition.segments, message)
    }
    env.variables.set(definition.name, { ...definition, index, set: undefined })
  }
}

function collectConstants(
  policy: Policy,
  block: ConstantsBlock | undefined,
  set: PolicySet,
  env: Environment,
  report: Report,
): void {
  const owners = new Map<string, string>()

  block?.import?.forEach((name, position) => {
    const imported = set.constants.get(name)
    if (imported === undefined) {
      env.constantsComplete = false
      report(['constants', 'import', position], `imported constants ${quote(name)} not found`)
      return
    }

    for (const constant of Object.keys(imported.body.definitions)) {
      const owner = owners.get(constant)
      if (owner === undefined) owners.set(constant, name)
      else {
        const message = `constant ${quote(constant)} is defined in both imported constants ${quote(owner)} and ${quote(name)}`
        report(['constants', 'import', position], message)
      }
      env.constants.add(constant)
    }
  })

  for (const { name, segments } of constantRoots(policy)) {
    const owner = owners.get(name)
    if (owner !== undefined) {
      const message = `constant ${quote(name)} is defined locally and in imported constants ${quote(owner)}`
      report(segments.slice(1), message)
    }
    env.constants.add(name)
  }
}

/**
 * Checks the refs of every definition in `env` and the cycles between them. `importer` is
 * the id of the policy whose context this is, named in issues about imported definitions.
 */
function checkDefinitions(env: Environment, issues: IssueCollector, importer: string): void {
  const edges = new Map<string, ReadonlySet<string>>()

  for (const definition of env.variables.values()) {
    const context = definition.set === undefined ? '' : importer
    const sink = referenceSink(env, issues, definition.index, context)
    walkExpression(definition.expression, definition.segments, sink)
    edges.set(definition.name, sink.targets)
  }
  checkVariableCycles(env.variables, edges, issues)
}

/** Resolves the refs of one expression in `env`, collecting the variables it reads. */
function referenceSink(
  env: Environment,
  issues: IssueCollector,
  index: number,
  importer: string,
): ExpressionSink & { readonly targets: Set<string> } {
  const suffix = importer === '' ? '' : ` in the context of ${quote(importer)}, which imports it`
  const targets = new Set<string>()
  const undefinedName = (kind: string, name: string, segments: Segments) => {
    const message = `undefined ${kind} ${quote(name)}${suffix}`
    issues.report('ERR_CONDITION_INVALID', index, segments, message)
  }

  return {
    targets,
    issue() {
      // Problems inside the expression itself are reported by the walk over each document.
    },
    variable(name, segments) {
      if (env.variables.has(name)) targets.add(name)
      else if (env.variablesComplete) undefinedName('variable', name, segments)
    },
    constant(name, segments) {
      if (!env.constants.has(name) && env.constantsComplete)
        undefinedName('constant', name, segments)
    },
  }
}
