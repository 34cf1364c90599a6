import type { Segments } from './pointer.js'
import { quote } from './pointer.js'
import type { IssueCollector } from './semantic-context.js'

/** A variable definition, local or imported, and where it is written. @internal */
export interface Definition {
  readonly name: string
  readonly expression: unknown
  /** Index of the document that writes the definition. */
  readonly index: number
  readonly segments: Segments
  /** Name of the exported set it comes from; undefined when local. */
  readonly set: string | undefined
}

/** The names a policy's expressions can read as `V.name` and `C.name`. @internal */
export interface Environment {
  readonly variables: Map<string, Definition>
  readonly constants: Set<string>
  /** False when a variables import is missing, so unresolved names are not reported. */
  variablesComplete: boolean
  /** False when a constants import is missing or constants are not known. */
  constantsComplete: boolean
}

/**
 * Reports each cycle among variable definitions once, such as `"a" -> "b" -> "a"`, at the
 * definition of its alphabetically first variable, so every policy that imports the same
 * cycle reports it at the same place with the same message.
 * @internal
 */
export function checkVariableCycles(
  definitions: ReadonlyMap<string, Definition>,
  edges: ReadonlyMap<string, ReadonlySet<string>>,
  issues: IssueCollector,
): void {
  const done = new Set<string>()
  const path: string[] = []

  const visit = (name: string): void => {
    const at = path.indexOf(name)
    if (at >= 0) {
      reportCycle(path.slice(at), definitions, issues)
      return
    }
    if (done.has(name)) return

    path.push(name)
    for (const next of edges.get(name) ?? []) visit(next)
    path.pop()
    done.add(name)
  }

  for (const name of definitions.keys()) visit(name)
}

function reportCycle(
  cycle: readonly string[],
  definitions: ReadonlyMap<string, Definition>,
  issues: IssueCollector,
): void {
  const first = [...cycle].sort()[0] ?? ''
  const start = cycle.indexOf(first)
  const rotated = [...cycle.slice(start), ...cycle.slice(0, start), first]

  const definition = definitions.get(first)
  if (definition === undefined) return
  const message = `variable cycle: ${rotated.map(quote).join(' -> ')}`
  issues.report('ERR_CONDITION_INVALID', definition.index, definition.segments, message)
}
