import { childPointer } from '../condition/fault.js'
import type {
  DerivedRolesBody,
  ExportConstantsBody,
  ExportVariablesBody,
} from '../policy/document.js'
import type { CerbosDocument } from './cerbos-documents.js'
import { API_VERSION } from './cerbos-documents.js'
import type { ExportContext } from './export-context.js'
import { allowMatch, conditionField } from './rule-conditions.js'

/**
 * Translates a derived roles set. A derived role is active when its condition is true, so the
 * condition is written as an allow condition: an error leaves the role inactive in Cerbos,
 * where hopgate makes the rules that need the role error.
 * @internal
 */
export function exportDerivedRoles(
  body: DerivedRolesBody,
  index: number,
  context: ExportContext,
): CerbosDocument {
  const id = `derived_roles.${body.name}`
  const base = `/${index}/derivedRoles`

  const definitions = body.definitions.map((definition, position) => {
    const printer = context.printer(id, definition.name)
    const path = `${base}/definitions/${position}/when`
    const match =
      definition.when === undefined ? undefined : allowMatch(printer.print(definition.when, path))
    return {
      name: definition.name,
      parentRoles: [...new Set(definition.parentRoles)],
      ...conditionField(match),
    }
  })

  return {
    apiVersion: API_VERSION,
    derivedRoles: {
      name: body.name,
      definitions,
      ...context.variables(body.variables, id, `${base}/variables`),
      ...context.constantsBlock(body.constants, id, `${base}/constants`),
    },
  }
}

/** Translates an exported variables set. @internal */
export function exportVariables(
  body: ExportVariablesBody,
  index: number,
  context: ExportContext,
): CerbosDocument {
  const id = `export_variables.${body.name}`
  const base = `/${index}/exportVariables/definitions`
  const definitions: Record<string, string> = {}

  for (const [name, expression] of Object.entries(body.definitions)) {
    const path = childPointer(base, name)
    context.checkName(name, 'variable', id, path)
    definitions[name] = context.printer(id, name).print(expression, path).text
  }
  return { apiVersion: API_VERSION, exportVariables: { name: body.name, definitions } }
}

/** Translates an exported constants set; the values are copied as they are. @internal */
export function exportConstants(
  body: ExportConstantsBody,
  index: number,
  context: ExportContext,
): CerbosDocument {
  const id = `export_constants.${body.name}`
  const base = `/${index}/exportConstants/definitions`

  for (const name of Object.keys(body.definitions)) {
    context.checkName(name, 'constant', id, childPointer(base, name))
  }
  context.checkData(body.definitions, id, base)
  return {
    apiVersion: API_VERSION,
    exportConstants: { name: body.name, definitions: body.definitions },
  }
}
