import { toCerbos } from '../../src/interop/to-cerbos.js'
import type { Disagreement } from './engines.js'
import type { Scenario } from './grammar/scenario.js'

/**
 * Describes a disagreement for the test log: the case's policies, in hopgate form and as
 * exported, the request, and the decisions of both engines.
 */
export function describeDisagreement(value: Scenario, disagreement: Disagreement): string {
  const { request, resourceIndex, action, what, hopgate, cerbos } = disagreement
  const entry = request.resources[resourceIndex]
  const { decision } = hopgate
  const exported = safeExport(value)

  return [
    `engines disagree on the ${what} of action ${JSON.stringify(action)} on resource ${resourceIndex} (${entry?.resource.kind ?? '?'})`,
    '',
    'hopgate:',
    indent(
      JSON.stringify(
        {
          effect: hopgate.effect,
          reasons: decision.reasons,
          evaluations: decision.evaluations,
          errors: decision.errors,
          outputs: hopgate.outputs,
        },
        null,
        2,
      ),
    ),
    'Cerbos:',
    indent(JSON.stringify({ result: cerbos.result, outputs: cerbos.outputs }, null, 2)),
    'request:',
    indent(JSON.stringify(request, null, 2)),
    'policies:',
    indent(JSON.stringify(value.policies, null, 2)),
    'exported:',
    indent(exported),
  ].join('\n')
}

function safeExport(value: Scenario): string {
  try {
    return toCerbos(value.policies)
      .files.map((file) => `# ${file.path}\n${file.content}`)
      .join('\n')
  } catch (error) {
    return `toCerbos threw: ${String(error)}`
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')
}
