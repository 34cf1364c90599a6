import { compileExpression } from '../condition/compile.js'
import { ConditionFault } from '../condition/compiled.js'
import type { CompileEnv, CompiledExpression } from '../condition/compiled.js'
import type { Expression } from '../condition/expression.js'
import type { PolicyIssue } from '../errors.js'
import type { ConstantsBlock, VariablesBlock } from '../policy/document.js'

/** @internal Exported variable and constant sets of a policy set, by name. */
export interface Exports {
  readonly variables: ReadonlyMap<string, Readonly<Record<string, Expression>>>
  readonly constants: ReadonlyMap<string, Readonly<Record<string, unknown>>>
}

/** @internal Builds compile environments for the expressions of one policy. */
export interface PolicyEnv {
  /** Returns an environment whose expressions sit at `path` in the policy document. */
  at(path: string): CompileEnv
}

interface VariableSource {
  readonly expression: Expression
  readonly path: string
}

/**
 * Creates the compile environment of one policy: its local variables and constants plus the
 * imported sets. Variables compile lazily, once each, and a cycle compiles to a fault.
 * @internal
 */
export function createPolicyEnv(
  basePath: string,
  variables: VariablesBlock | undefined,
  constants: ConstantsBlock | undefined,
  exports: Exports,
  report: (issue: PolicyIssue) => void,
): PolicyEnv {
  const sources = collectVariables(basePath, variables, exports)
  const values = collectConstants(constants, exports)
  const compiled = new Map<string, CompiledExpression>()
  const compiling = new Set<string>()

  const variable = (name: string): CompiledExpression | undefined => {
    const done = compiled.get(name)
    if (done !== undefined) return done

    const source = sources.get(name)
    if (source === undefined) return undefined

    if (compiling.has(name)) {
      const message = `variable "${name}" refers to itself`
      report({ code: 'ERR_POLICY_INVALID', path: source.path, message })
      const fault = new ConditionFault('ERR_CONDITION_INVALID', message, source.path)
      return () => fault
    }

    compiling.add(name)
    const expression = compileExpression(source.expression, env(source.path))
    compiling.delete(name)
    compiled.set(name, expression)
    return expression
  }

  const constant = (name: string): { readonly value: unknown } | undefined =>
    values.has(name) ? { value: values.get(name) } : undefined

  const env = (path: string): CompileEnv => ({ path, variable, constant, report })
  return { at: env }
}

function collectVariables(
  basePath: string,
  block: VariablesBlock | undefined,
  exports: Exports,
): Map<string, VariableSource> {
  const sources = new Map<string, VariableSource>()

  for (const setName of block?.import ?? []) {
    const definitions = exports.variables.get(setName) ?? {}
    for (const [name, expression] of Object.entries(definitions)) {
      sources.set(name, { expression, path: `/exportVariables/definitions/${escape(name)}` })
    }
  }

  for (const [name, expression] of Object.entries(block?.local ?? {})) {
    sources.set(name, { expression, path: `${basePath}/variables/local/${escape(name)}` })
  }
  return sources
}

function collectConstants(
  block: ConstantsBlock | undefined,
  exports: Exports,
): Map<string, unknown> {
  const values = new Map<string, unknown>()

  for (const setName of block?.import ?? []) {
    for (const [name, value] of Object.entries(exports.constants.get(setName) ?? {})) {
      values.set(name, value)
    }
  }

  for (const [name, value] of Object.entries(block?.local ?? {})) values.set(name, value)
  return values
}

/** Escapes a key for use in a JSON Pointer (RFC 6901). @internal */
export function escape(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1')
}
